//! `GET /api/v1/organizer/overview`: every edition and where each of its phases stands, for the
//! organisers' landing page (one request instead of four per edition).

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::error::ApiError;
use crate::routes::editions::EditionBody;
use crate::routes::problems;
use crate::routes::rounds::RoundBody;
use crate::routes::rounds::progress::Counts;
use crate::services::overview::{self, EditionFacts, NominationCounts, RoundFacts};
use crate::services::vote::EditionVote;
use crate::state::AppState;

/// A vote's totals so far (never a count per nominee).
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundVoteTotals {
    /// Votes cast.
    pub cast: i64,
    /// Valid votes.
    pub valid: i64,
}

/// A round and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewRound {
    /// The round.
    #[serde(flatten)]
    pub round: RoundBody,
    /// Nominations in it (none until it is opened).
    pub entries: i64,
    /// A judged round's assignments by status (null for a vote).
    pub assignments: Option<Counts>,
    /// A vote's totals so far (null for a judged round).
    pub votes: Option<RoundVoteTotals>,
}

/// A version of the winner list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ListVersion {
    /// 1, then 2… for corrections.
    pub version: i32,
    /// When it became (or becomes) public.
    pub published_at: DateTime<Utc>,
}

/// Where an edition's publication stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicationState {
    /// The version the public sees now (null before the first publication instant).
    pub live: Option<ListVersion>,
    /// A version written for a later instant (null when none waits).
    pub scheduled: Option<ListVersion>,
}

/// An edition and its phases: the call, the rounds (the vote among them), the publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct EditionOverview {
    /// The edition, as `GET /editions/{edition}` shows it (its deadline and phase).
    pub edition: EditionBody,
    /// Its nominations by status.
    pub nominations: NominationCounts,
    /// Its rounds in order.
    pub rounds: Vec<OverviewRound>,
    /// Its publication.
    pub publication: PublicationState,
}

/// Every edition, newest year first.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewBody {
    /// The server's clock when this answer was made.
    pub server_time: DateTime<Utc>,
    /// The editions.
    pub editions: Vec<EditionOverview>,
}

fn round_body(f: RoundFacts, year: i32) -> OverviewRound {
    let vote = f.round.kind == crate::domain::vote::RoundKind::PublicVote;
    let [scored, pending, conflict] = f.assignments;
    let [cast, valid] = f.votes;
    OverviewRound {
        round: RoundBody::new(&f.round, year),
        entries: f.entries,
        assignments: (!vote).then_some(Counts { scored, pending, conflict }),
        votes: vote.then_some(RoundVoteTotals { cast, valid }),
    }
}

fn edition_body(f: EditionFacts, now: DateTime<Utc>, vote: Option<EditionVote>) -> EditionOverview {
    let year = f.edition.year;
    let version = |&(version, published_at): &(i32, DateTime<Utc>)| ListVersion { version, published_at };
    let live = f.versions.iter().find(|(_, at)| *at <= now).map(version);
    let scheduled = f.versions.iter().find(|(_, at)| *at > now).map(version);
    EditionOverview {
        edition: EditionBody::new(&f.edition, now, f.judging_started, vote),
        nominations: f.nominations,
        rounds: f.rounds.into_iter().map(|r| round_body(r, year)).collect(),
        publication: PublicationState { live, scheduled },
    }
}

/// Every edition and where it stands: the call (its deadline and nominations), each round (its
/// entries, its judges' progress, a vote's window and totals) and the publication (live,
/// scheduled or not yet). Organisers only.
#[utoipa::path(get, path = "/api/v1/organizer/overview", tag = "editions",
    responses((status = 200, description = "Every edition, newest first", body = OverviewBody), problems::Unauthenticated, problems::OrganizersOnly, problems::Unavailable,))]
pub async fn overview(state: web::Data<AppState>, _organizer: Organizer) -> Result<HttpResponse, ApiError> {
    let mut conn = state.conn().await?;
    let facts = overview::overview(&mut conn).await?;
    let ids: Vec<Uuid> = facts.iter().map(|f| f.edition.id).collect();
    let mut votes = crate::services::vote::edition_votes(&mut conn, &ids).await?;
    let now = state.now();
    let body = OverviewBody {
        server_time: now,
        editions: facts
            .into_iter()
            .map(|f| {
                let vote = votes.remove(&f.edition.id);
                edition_body(f, now, vote)
            })
            .collect(),
    };
    Ok(HttpResponse::Ok().insert_header((header::CACHE_CONTROL, "private, no-store")).json(body))
}
