//! Publication: an organiser publishes (now or at a set time) once the effective deadline has
//! passed and the last round is closed. Publishing writes an immutable, checksummed snapshot of
//! the winner list; every public view reads only a snapshot whose instant has come, and before
//! that answers 404 exactly as if no results existed.

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::audit::{self, NewAuditEntry};
use crate::db::models::edition::Edition;
use crate::db::schema::{categories, editions, nominations, results_snapshots, round_entries, rounds};
use crate::error::{ApiError, FieldErrors};
use crate::routes::editions::lock_edition;
use crate::routes::nominations::export::csv_download;
use crate::state::AppState;

pub mod cache;
pub mod open_data;
pub mod organizer;

use cache::Outcome;

/// What to publish.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    /// When the list becomes public (now when absent; not in the past).
    pub at: Option<DateTime<Utc>>,
    /// Champions per category, the winner included (1–20, default 5).
    #[schema(minimum = 1, maximum = 20)]
    pub champions: Option<i32>,
    /// Why a correction is published (required from the second publication on).
    pub reason: Option<String>,
}

/// A project on the public list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PublicProject {
    /// Nomination id.
    pub nomination_id: Uuid,
    /// Title.
    pub title: String,
    /// Nominating organisation.
    pub organization: String,
    /// ISO 3166-1 alpha-2 code or `INT`.
    pub country: String,
    /// Rank in the final round.
    pub rank: i32,
    /// Public summary.
    #[serde(default)]
    pub summary: String,
    /// Stakeholder type.
    #[serde(default)]
    pub stakeholder_type: Option<String>,
    /// Website.
    #[serde(default)]
    pub website: String,
    /// SDGs served.
    #[serde(default)]
    pub sdgs: Vec<i32>,
}

/// One category of the winner list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CategoryWinners {
    /// Category code.
    pub code: String,
    /// Category name.
    pub name: String,
    /// WSIS action line.
    pub action_line: String,
    /// The Winner.
    pub winner: Option<PublicProject>,
    /// The Champions, winner first.
    pub champions: Vec<PublicProject>,
}

/// The published winner list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct WinnersBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When it became public.
    pub published_at: DateTime<Utc>,
    /// 1, then 2… for corrections.
    pub version: i32,
    /// SHA-256 of the snapshot's categories, hex.
    pub checksum: String,
    /// Per category, in order.
    pub categories: Vec<CategoryWinners>,
}

fn not_publishable(why: &str) -> ApiError {
    ApiError::conflict("not_publishable", why.to_owned())
}

/// Builds the winner list from the last round's frozen results.
async fn build(
    conn: &mut AsyncPgConnection,
    edition: &Edition,
    champions: i64,
) -> Result<Vec<CategoryWinners>, ApiError> {
    let last: Option<(Uuid, String)> = rounds::table
        .filter(rounds::edition_id.eq(edition.id))
        .order(rounds::position.desc())
        .select((rounds::id, rounds::status))
        .first(conn)
        .await
        .optional()?;
    let round_id = match last {
        None => return Err(not_publishable("there is no judging round to publish")),
        Some((id, status)) if status == "closed" => id,
        Some(_) => return Err(not_publishable("the last round is not closed")),
    };
    type Row = (
        (String, String, String, i32),
        (Uuid, String, String, String, Option<i32>),
        (String, Option<String>, String, Vec<i32>),
    );
    let rows: Vec<Row> = round_entries::table
        .inner_join(categories::table)
        .inner_join(nominations::table)
        .filter(round_entries::round_id.eq(round_id))
        .filter(round_entries::score_count.gt(0))
        .select((
            (categories::code, categories::name, categories::action_line, categories::number),
            (
                nominations::id,
                nominations::title,
                nominations::organization,
                nominations::country,
                round_entries::rank,
            ),
            (nominations::summary, nominations::stakeholder_type, nominations::website, nominations::sdgs),
        ))
        .order((categories::number, round_entries::rank.asc().nulls_last(), nominations::title))
        .load(conn)
        .await?;
    let mut out: Vec<CategoryWinners> = vec![];
    for (
        (code, name, action_line, _),
        (id, title, organization, country, rank),
        (summary, stakeholder_type, website, sdgs),
    ) in rows
    {
        if out.last().is_none_or(|c| c.code != code) {
            out.push(CategoryWinners {
                code: code.clone(),
                name,
                action_line,
                winner: None,
                champions: vec![],
            });
        }
        let cat = out.last_mut().expect("pushed above");
        if (cat.champions.len() as i64) < champions {
            cat.champions.push(PublicProject {
                nomination_id: id,
                title,
                organization,
                country,
                rank: rank.unwrap_or(0),
                summary,
                stakeholder_type,
                website,
                sdgs,
            });
        }
    }
    for c in &mut out {
        c.winner = <[PublicProject]>::first(&c.champions).cloned();
    }
    Ok(out)
}

/// Publishes the winner list now or at a set time (a later publication is a correction).
#[utoipa::path(
    post, path = "/api/v1/editions/{edition}/publish", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    request_body = PublishBody,
    responses(
        (status = 200, description = "Published (or scheduled): the snapshot", body = WinnersBody),
        (status = 400, description = "`bad_request`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "`unauthenticated`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "`forbidden`: organisers only", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_publishable`: the deadline has not passed, or the last round is not closed", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn publish(
    state: web::Data<AppState>,
    organizer: Organizer,
    path: web::Path<String>,
    body: web::Json<PublishBody>,
) -> Result<web::Json<WinnersBody>, ApiError> {
    let body = body.into_inner();
    let now = state.now();
    let actor = organizer.0.id();
    let at = body.at.unwrap_or(now);
    let champions = body.champions.unwrap_or(5);
    let mut errors = FieldErrors::new();
    if at < now {
        errors.insert("at".into(), vec!["must not be in the past".into()]);
    }
    if !(1..=20).contains(&champions) {
        errors.insert("champions".into(), vec!["must be 1 to 20".into()]);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let mut conn = state.conn().await?;
    let snapshot = conn
        .transaction::<WinnersBody, ApiError, _>(async move |conn| {
            let edition = lock_edition(conn, &path).await?;
            if now <= edition.deadline().effective() {
                return Err(not_publishable("the effective deadline has not passed"));
            }
            let cats = build(conn, &edition, champions as i64).await?;
            let last: Option<i32> = results_snapshots::table
                .filter(results_snapshots::edition_id.eq(edition.id))
                .select(diesel::dsl::max(results_snapshots::version))
                .first(conn)
                .await?;
            let version = last.unwrap_or(0) + 1;
            let reason = body.reason.unwrap_or_default().trim().to_owned();
            if version > 1 && reason.chars().count() < 3 {
                return Err(ApiError::field("reason", "a correction needs a reason (3 characters or more)"));
            }
            let cats_json = serde_json::to_value(&cats).map_err(|e| ApiError::Internal(e.into()))?;
            let checksum = hex::encode(Sha256::digest(cats_json.to_string().as_bytes()));
            let snapshot = WinnersBody {
                edition: edition.year,
                edition_name: edition.name.clone(),
                published_at: at,
                version,
                checksum: checksum.clone(),
                categories: cats,
            };
            let body_json = serde_json::to_value(&snapshot).map_err(|e| ApiError::Internal(e.into()))?;
            diesel::insert_into(results_snapshots::table)
                .values((
                    results_snapshots::id.eq(Uuid::now_v7()),
                    results_snapshots::edition_id.eq(edition.id),
                    results_snapshots::version.eq(version),
                    results_snapshots::published_at.eq(at),
                    results_snapshots::reason.eq(&reason),
                    results_snapshots::body.eq(&body_json),
                    results_snapshots::checksum.eq(&checksum),
                    results_snapshots::created_by.eq(actor),
                    results_snapshots::created_at.eq(now),
                ))
                .execute(conn)
                .await?;
            // the edition counts as published from its first publication on
            let first = edition.results_published_at.filter(|p| *p <= at).unwrap_or(at);
            diesel::update(editions::table.find(edition.id))
                .set((editions::results_published_at.eq(first), editions::updated_at.eq(now)))
                .execute(conn)
                .await?;
            audit::record(
                conn,
                NewAuditEntry {
                    id: Uuid::now_v7(),
                    at: now,
                    actor_id: Some(actor),
                    action: "edition.results_published",
                    entity_type: "edition",
                    entity_id: edition.id,
                    before: None,
                    after: Some(serde_json::json!({"version": version, "published_at": at, "checksum": checksum, "reason": reason})),
                },
            )
            .await?;
            Ok(snapshot)
        })
        .await?;
    state.publications.forget();
    Ok(web::Json(snapshot))
}

/// The published winner list (404 until publication).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/winners", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "Winners and Champions per category", body = WinnersBody),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn winners(
    req: actix_web::HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&state, &path).await?;
    let gzip = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().split(';').next() == Some("gzip")));
    let mut res = HttpResponse::Ok();
    res.content_type("application/json").insert_header((header::VARY, "Accept-Encoding"));
    if gzip {
        res.insert_header((header::CONTENT_ENCODING, "gzip"));
        Ok(res.body(live.json_gzip.clone()))
    } else {
        Ok(res.body(live.json.clone()))
    }
}

/// The published winner list as CSV (one row per Champion; `outcome` is `winner` or `champion`).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/winners.csv", tag = "publication",
    params(("edition" = String, Path, description = "The edition's year or id")),
    responses(
        (status = 200, description = "UTF-8 CSV with a byte-order mark", body = String, content_type = "text/csv"),
        (status = 404, description = "`not_found`: no such edition, or not published yet", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn winners_csv(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let live = state.publications.live(&state, &path).await?;
    let w = &live.body;
    let year = w.edition.to_string();
    let mut rows = vec![];
    for c in &w.categories {
        for (i, p) in c.champions.iter().enumerate() {
            let outcome = if i == 0 { "winner" } else { "champion" };
            rows.push(vec![
                year.clone(),
                c.code.clone(),
                c.action_line.clone(),
                c.name.clone(),
                outcome.to_owned(),
                p.rank.to_string(),
                p.title.clone(),
                p.organization.clone(),
                p.country.clone(),
            ]);
        }
    }
    let header = [
        "edition",
        "category",
        "action_line",
        "category_name",
        "outcome",
        "rank",
        "title",
        "organization",
        "country",
    ];
    csv_download(&header, &rows, &format!("wsis-prizes-{year}-winners.csv"))
}

/// A Winner or Champion as its public page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectBody {
    /// The edition's year.
    pub edition: i32,
    /// The edition's name.
    pub edition_name: String,
    /// When the list became public.
    pub published_at: DateTime<Utc>,
    /// The list's version.
    pub version: i32,
    /// The project's category.
    pub category: CategoryRef,
    /// `winner` or `champion`.
    pub outcome: Outcome,
    /// The project.
    pub project: PublicProject,
}

/// A category, briefly.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryRef {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// WSIS action line.
    pub action_line: String,
}

/// A Winner's or Champion's public page (404 unless on the live list).
#[utoipa::path(
    get, path = "/api/v1/editions/{edition}/winners/{nomination}", tag = "publication",
    params(
        ("edition" = String, Path, description = "The edition's year or id"),
        ("nomination" = String, Path, description = "The nomination's id"),
    ),
    responses(
        (status = 200, description = "The project and its outcome", body = ProjectBody),
        (status = 404, description = "`not_found`: not published, or neither Winner nor Champion", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Database unavailable", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
pub async fn project(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<web::Json<ProjectBody>, ApiError> {
    let (edition, nomination) = path.into_inner();
    let nomination: Uuid = nomination.parse().map_err(|_| ApiError::NotFound)?;
    let live = state.publications.live(&state, &edition).await?;
    let (outcome, cat, project) = live.place(nomination).ok_or(ApiError::NotFound)?;
    Ok(web::Json(ProjectBody {
        edition: live.body.edition,
        edition_name: live.body.edition_name.clone(),
        published_at: live.body.published_at,
        version: live.body.version,
        category: CategoryRef {
            code: cat.code.clone(),
            name: cat.name.clone(),
            action_line: cat.action_line.clone(),
        },
        outcome,
        project: project.clone(),
    }))
}
