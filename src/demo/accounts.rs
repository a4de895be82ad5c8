//! The demo's accounts: the organiser, eight nominators and six judges, signed in (and created
//! the first time) through the API, and the lines that print them.

use actix_web::http::Method;
use anyhow::bail;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

use super::client::{Api, Client};
use crate::state::AppState;

/// The demo organiser.
pub const ORGANIZER: (&str, &str) = ("organizer@demo.wsis-prizes.example", "geneva ceremony organiser 2021");
/// The demo nominator who owns some 2021 nominations (and a draft in the open edition).
pub const NOMINATOR: (&str, &str) = ("nominator@demo.wsis-prizes.example", "geneva ceremony nominator 2021");
/// The password of the judges (kept as it was printed before).
const DEMO_PASSWORD: &str = "geneva ceremony judge 2021";
/// How many nominators share the 2021 nominations.
pub(super) const NOMINATORS: usize = 8;
/// The organisation of each demo judge.
const JUDGES: [&str; 6] = ["ITU", "UNESCO", "UNDP", "FAO", "WHO", "UNCTAD"];

/// The demo's accounts, each signed in with its own session.
pub(super) struct Cast<'a, S> {
    /// The organiser.
    pub(super) organizer: Client<'a, S>,
    /// The nominators, the demo nominator first.
    pub(super) nominators: Vec<Client<'a, S>>,
    /// The judges, each with its account id.
    pub(super) judges: Vec<(String, Client<'a, S>)>,
}

/// Signs in every demo account (the organiser, then the nominators, then the judges), creating
/// those that do not exist yet.
pub(super) async fn sign_in_everyone<'a, S: Api>(
    svc: &'a S, state: &AppState,
) -> anyhow::Result<Cast<'a, S>> {
    let mut organizer = sign_in_organizer(svc, state).await?;
    let nominators = sign_in_nominators(svc).await?;
    let judges = sign_in_judges(svc, &mut organizer).await?;
    Ok(Cast { organizer, nominators, judges })
}

/// Signs in the demo organiser, first creating it as `wsis-prizes create-organizer` does.
async fn sign_in_organizer<'a, S: Api>(svc: &'a S, state: &AppState) -> anyhow::Result<Client<'a, S>> {
    let mut organizer = Client::new(svc);
    if !organizer.sign_in(ORGANIZER.0, ORGANIZER.1).await? {
        crate::cli::create_organizer(
            &state.settings,
            ORGANIZER.0,
            "Demo Organiser",
            Some(ORGANIZER.1.into()),
        )
        .await?;
        if !organizer.sign_in(ORGANIZER.0, ORGANIZER.1).await? {
            bail!("cannot sign in as {}", ORGANIZER.0);
        }
    }
    Ok(organizer)
}

/// Signs in the nominators, first registering those that do not exist.
async fn sign_in_nominators<S: Api>(svc: &S) -> anyhow::Result<Vec<Client<'_, S>>> {
    let mut nominators = vec![];
    for i in 0..NOMINATORS {
        let (email, password) = if i == 0 {
            (NOMINATOR.0.to_owned(), NOMINATOR.1)
        } else {
            (format!("nominator{}@demo.wsis-prizes.example", i + 1), NOMINATOR.1)
        };
        let mut c = Client::new(svc);
        if !c.sign_in(&email, password).await? {
            c.expect(
                201,
                Method::POST,
                "/api/v1/auth/register",
                Some(json!({"email": email, "password": password, "display_name": format!("Demo Nominator {}", i + 1), "organization": "Demo"})),
            )
            .await?;
            if !c.has_session() && !c.sign_in(&email, password).await? {
                bail!("cannot sign in as {email}");
            }
        }
        nominators.push(c);
    }
    Ok(nominators)
}

/// Signs in the judges, which the organiser creates first when they do not exist, and reads
/// each one's account id.
async fn sign_in_judges<'a, S: Api>(
    svc: &'a S, organizer: &mut Client<'a, S>,
) -> anyhow::Result<Vec<(String, Client<'a, S>)>> {
    let mut judges = vec![];
    for (i, org) in JUDGES.iter().enumerate() {
        let email = format!("judge{}@jury.demo.example", i + 1);
        let mut c = Client::new(svc);
        if !c.sign_in(&email, DEMO_PASSWORD).await? {
            organizer
                .expect(
                    201,
                    Method::POST,
                    "/api/v1/accounts",
                    Some(json!({"email": email, "display_name": format!("Demo Judge {} ({org})", i + 1), "roles": ["judge"], "password": DEMO_PASSWORD, "organization": org})),
                )
                .await?;
            if !c.sign_in(&email, DEMO_PASSWORD).await? {
                bail!("cannot sign in as {email}");
            }
        }
        let me = c.get("/api/v1/me").await?;
        judges.push((me["id"].as_str().unwrap_or_default().to_owned(), c));
    }
    Ok(judges)
}

/// Ends the demo's sessions: the organiser's, the nominators', then the judges'.
pub(super) async fn sign_out_everyone<S: Api>(cast: &mut Cast<'_, S>) -> anyhow::Result<()> {
    cast.organizer.sign_out().await?;
    for c in cast.nominators.iter_mut().chain(cast.judges.iter_mut().map(|(_, c)| c)) {
        c.sign_out().await?;
    }
    Ok(())
}

/// Every demo account and its password.
fn demo_accounts() -> Vec<(String, &'static str)> {
    let mut all = vec![(ORGANIZER.0.to_owned(), ORGANIZER.1), (NOMINATOR.0.to_owned(), NOMINATOR.1)];
    all.extend((2..=NOMINATORS).map(|i| (format!("nominator{i}@demo.wsis-prizes.example"), NOMINATOR.1)));
    all.extend((1..=JUDGES.len()).map(|i| (format!("judge{i}@jury.demo.example"), DEMO_PASSWORD)));
    all
}

/// Gives the demo accounts of an earlier demo the passwords printed now (they changed once, when
/// passwords made of the account's own words began to be refused), so that a second run on old
/// data still signs in. Accounts that already have them are left alone.
pub(super) async fn restore_passwords(state: &AppState, conn: &mut crate::db::DbConn) -> anyhow::Result<()> {
    use crate::db::schema::accounts;
    for (email, password) in demo_accounts() {
        let stored: Option<Option<String>> = accounts::table
            .filter(accounts::email.eq(&email))
            .select(accounts::password_hash)
            .first(conn)
            .await
            .optional()?;
        let Some(Some(hash)) = stored else { continue };
        if !state.hasher.verify(password.to_owned(), Some(hash)).await? {
            let hash = state.hasher.hash(password.to_owned()).await?;
            diesel::update(accounts::table.filter(accounts::email.eq(&email)))
                .set(accounts::password_hash.eq(hash))
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

/// Adds the list of demo accounts and their passwords to the printed lines.
pub(super) fn print_accounts(lines: &mut Vec<String>) {
    lines.push(String::new());
    lines.push("Demo accounts:".into());
    lines.push(format!("  organiser   {} / {}", ORGANIZER.0, ORGANIZER.1));
    lines.push(format!("  nominator   {} / {}", NOMINATOR.0, NOMINATOR.1));
    lines.push(format!(
        "  nominators  nominator2…nominator{NOMINATORS}@demo.wsis-prizes.example / {}",
        NOMINATOR.1
    ));
    lines.push(format!("  judges      judge1…judge{}@jury.demo.example / {DEMO_PASSWORD}", JUDGES.len()));
    lines.push("              (judge1 has an open round to score: see the edition being judged)".into());
}
