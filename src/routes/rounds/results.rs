//! `GET /api/v1/rounds/{id}/results`: ranked results per category with the spread of the
//! judges' scores, the calibrated score, tie flags and advance marks. While the round is open
//! the results are computed live and marked provisional; once closed they are frozen.

use actix_web::web;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::round::RoundEntry;
use crate::db::schema::{nominations, round_entries};
use crate::domain::round::{self as round_rules, RoundStatus};
use crate::domain::vote::RoundKind;
use crate::error::ApiError;
use crate::routes::problems;
use crate::services::editions::edition_categories;
use crate::services::results::{Computed, compute};
use crate::services::rounds::find_round;
use crate::state::AppState;

/// One nomination's result.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResultRow {
    /// Nomination.
    pub nomination_id: Uuid,
    /// Its title.
    pub title: String,
    /// Its organisation.
    pub organization: String,
    /// Mean of the judges' weighted totals.
    pub score: Option<f64>,
    /// Calibrated score (judges' leniency and scale removed), on the same scale.
    pub calibrated: Option<f64>,
    /// Standard error of the calibrated score.
    pub uncertainty: Option<f64>,
    /// How many judges scored it.
    pub judges: i32,
    /// Highest minus lowest total.
    pub spread: Option<f64>,
    /// Standard deviation of the totals.
    pub std_dev: Option<f64>,
    /// Rank within the category (1, 2, 2, 4 when tied).
    pub rank: Option<i32>,
    /// The ranking rule could not separate it from a neighbour.
    pub tied: bool,
    /// Its lead over the next one is smaller than their combined uncertainty.
    pub indistinguishable_from_next: bool,
    /// Goes on to the next round (or is shortlisted).
    pub advanced: bool,
    /// Advanced because of a tie at the cut-off.
    pub tie_at_cutoff: bool,
    /// A closed vote's valid votes (null for a judged round).
    pub votes: Option<i32>,
    /// A closed vote's votes cast, valid or not (null for a judged round).
    pub raw_votes: Option<i32>,
}

/// The ranking of one category.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryResults {
    /// Category code.
    pub category: String,
    /// Category name.
    pub name: String,
    /// Best first.
    pub ranking: Vec<ResultRow>,
}

/// A round's results.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundResults {
    /// Round.
    pub round_id: Uuid,
    /// Open (provisional, computed live) or closed (frozen).
    pub status: RoundStatus,
    /// True while the round is open.
    pub provisional: bool,
    /// Per category, in category order.
    pub categories: Vec<CategoryResults>,
}

/// The results of a round, for organisers. A public vote has none until it is closed (404):
/// no count per nominee exists before.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results", tag = "judging", params(("id" = Uuid, Path, description = "Round id")),
    responses((status = 200, description = "Ranked results per category (a vote's: by valid votes, once closed)", body = RoundResults), (status = 409, description = "`round_not_open`: a draft round has no results", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn round_results(
    state: web::Data<AppState>, _organizer: Organizer, path: web::Path<Uuid>,
) -> Result<web::Json<RoundResults>, ApiError> {
    let mut conn = state.conn().await?;
    let (round, _) = find_round(&mut conn, *path).await?;
    round_rules::has_results(round.status)?;
    // a vote has no results until it is closed: no count per nominee exists before
    if round.kind == RoundKind::PublicVote && round.status != RoundStatus::Closed {
        return Err(ApiError::NotFound);
    }
    let cats = edition_categories(&mut conn, round.edition_id).await?;
    let entries: Vec<(RoundEntry, String, String)> = round_entries::table
        .inner_join(nominations::table)
        .filter(round_entries::round_id.eq(round.id))
        .select((RoundEntry::as_select(), nominations::title, nominations::organization))
        .load(&mut conn)
        .await?;
    let provisional = round.status == RoundStatus::Open;
    let live = if provisional { Some(compute(&mut conn, &round).await?) } else { None };
    let mut out = vec![];
    for c in &cats {
        let mut rows: Vec<ResultRow> = entries
            .iter()
            .filter(|(e, _, _)| e.category_id == c.id)
            .map(|(e, title, org)| row(e, title, org, live.as_ref()))
            .collect();
        if rows.is_empty() {
            continue;
        }
        rows.sort_by(|a, b| {
            a.rank.unwrap_or(i32::MAX).cmp(&b.rank.unwrap_or(i32::MAX)).then(a.title.cmp(&b.title))
        });
        out.push(CategoryResults { category: c.code.clone(), name: c.name.clone(), ranking: rows });
    }
    Ok(web::Json(RoundResults { round_id: round.id, status: round.status, provisional, categories: out }))
}

fn row(e: &RoundEntry, title: &str, org: &str, live: Option<&Computed>) -> ResultRow {
    let base = ResultRow {
        nomination_id: e.nomination_id,
        title: title.to_owned(),
        organization: org.to_owned(),
        score: e.mean,
        calibrated: e.calibrated,
        uncertainty: e.uncertainty,
        judges: e.score_count,
        spread: e.spread,
        std_dev: e.std_dev,
        rank: e.rank,
        tied: e.tied,
        indistinguishable_from_next: e.indistinguishable_from_next,
        advanced: e.advanced,
        tie_at_cutoff: e.tie_at_cutoff,
        votes: e.votes,
        raw_votes: e.raw_votes,
    };
    let Some((r, adv)) = live.and_then(|l| l.by_nomination.get(&e.nomination_id)) else {
        return base;
    };
    let adv = Some(adv);
    ResultRow {
        score: (r.count > 0).then_some(r.mean),
        calibrated: (r.count > 0).then_some(r.calibrated),
        uncertainty: (r.count > 0).then_some(r.uncertainty),
        judges: r.count as i32,
        spread: (r.count > 0).then_some(r.spread),
        std_dev: (r.count > 0).then_some(r.std_dev),
        rank: Some(r.rank as i32),
        tied: r.tied,
        indistinguishable_from_next: r.indistinguishable_from_next,
        advanced: adv.is_some_and(|a| a.advanced),
        tie_at_cutoff: adv.is_some_and(|a| a.tie_at_cutoff),
        ..base
    }
}
