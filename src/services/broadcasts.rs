//! Organisers' broadcasts: who is in a segment of an edition, and queueing one message each.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::db::models::account::Account;
use crate::db::models::edition::Edition;
use crate::db::schema::{accounts, nominations, round_panel, rounds};
use crate::domain::nomination::NominationStatus;

crate::text_enum! {
    /// Who a broadcast goes to.
    pub enum Segment {
        /// Everyone holding a nomination of the edition (draft, submitted or withdrawn).
        Nominators = "nominators",
        /// Everyone holding a draft of the edition.
        NominatorsWithDrafts = "nominators_with_drafts",
        /// The judges on a panel of one of the edition's rounds.
        Judges = "judges",
    }
}

/// The enabled accounts in the segment, each once, by e-mail address.
pub async fn recipients(
    conn: &mut AsyncPgConnection, edition: &Edition, segment: Segment,
) -> QueryResult<Vec<Account>> {
    let mut q = accounts::table.filter(accounts::disabled_at.is_null()).order(accounts::email).into_boxed();
    q = match segment {
        Segment::Nominators => q.filter(accounts::id.eq_any(
            nominations::table.filter(nominations::edition_id.eq(edition.id)).select(nominations::owner_id),
        )),
        Segment::NominatorsWithDrafts => q.filter(
            accounts::id.eq_any(
                nominations::table
                    .filter(nominations::edition_id.eq(edition.id))
                    .filter(nominations::status.eq(NominationStatus::Draft))
                    .select(nominations::owner_id),
            ),
        ),
        Segment::Judges => q.filter(
            accounts::id.eq_any(
                round_panel::table
                    .inner_join(rounds::table)
                    .filter(rounds::edition_id.eq(edition.id))
                    .select(round_panel::judge_id),
            ),
        ),
    };
    q.select(Account::as_select()).load(conn).await
}
