//! `POST /api/v1/editions`: an organiser creates an edition with the 18 default categories.

use actix_web::{HttpResponse, http::header, web};
use chrono::{DateTime, Utc};
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::auth::extractor::Organizer;
use crate::db::models::category::Category;
use crate::db::models::edition::{Edition, NewEdition};
use crate::db::schema::{categories, editions};
use crate::domain::categories::DEFAULT_CATEGORIES;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::editions::EditionBody;
use crate::routes::http::etag;
use crate::routes::problems;
use crate::services::editions::check_name_and_zone;
use crate::state::AppState;
use diesel::prelude::*;

/// A new edition.
#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateEditionBody {
    /// The year that names it (2000–2100), unique.
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// Display name, e.g. "WSIS Prizes 2021" (3–200 characters).
    #[schema(min_length = 3)]
    pub name: String,
    /// Official IANA time zone, e.g. `Europe/Zurich`.
    #[schema(schema_with = timezone_schema)]
    pub timezone: String,
    /// When the call opens (RFC 3339 with offset).
    pub submission_opens_at: DateTime<Utc>,
    /// The submission deadline (RFC 3339 with offset); later than the opening.
    pub submission_deadline: DateTime<Utc>,
}

/// What every zone name the server knows looks like: one or more parts of letters, digits, `_`,
/// `+` and `-` separated by `/`, the first starting with a letter (`Europe/Zurich`, `UTC`,
/// `Etc/GMT+5`, `America/Argentina/Buenos_Aires`). A test checks it against every known name.
pub const TIMEZONE_PATTERN: &str = "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$";

/// The schema of a `timezone` field: a string naming an IANA time zone. The server checks it
/// against its time zone database (`parse_timezone`, case-sensitive) and answers 422 for an
/// unknown name; the schema lists no values, because an enum of the ~600 names holds `GMT+0`,
/// `GMT-0` and `GMT0`, which client generators turn into one identifier and then refuse.
pub fn timezone_schema() -> utoipa::openapi::Object {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(
            "Official time zone: an IANA time zone database name, case-sensitive, e.g. \
             `Europe/Zurich`, `America/New_York` or `UTC`. An unknown name is refused with 422 \
             `validation_failed` naming `timezone`.",
        ))
        .pattern(Some(TIMEZONE_PATTERN))
        .examples(["Europe/Zurich"])
        .build()
}

/// Creates an edition and its 18 default categories, audited, in one transaction.
#[utoipa::path(post, path = "/api/v1/editions", tag = "editions", request_body = CreateEditionBody,
    responses((status = 201, description = "Created, with the 18 default categories", body = EditionBody), (status = 400, description = "Body is not valid JSON", body = crate::error::Problem, content_type = "application/problem+json"), (status = 409, description = "`edition_exists`: an edition of that year exists", body = crate::error::Problem, content_type = "application/problem+json"), problems::Unauthenticated, problems::OrganizersOnly, problems::Invalid, problems::Unavailable,))]
pub async fn create_edition(
    state: web::Data<AppState>, organizer: Organizer, body: web::Json<CreateEditionBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let mut errors = FieldIssues::new();
    if !(2000..=2100).contains(&body.year) {
        errors.add("year", Reason::NumberBetween { min: 2000.0, max: 2100.0 });
    }
    check_name_and_zone(Some(&body.name), Some(&body.timezone), &mut errors);
    if body.submission_deadline <= body.submission_opens_at {
        errors.add("submission_deadline", Reason::NotAfterOpening);
    }
    ApiError::unless_valid(errors)?;
    let now = state.now();
    let actor = organizer.0.id();
    let name = body.name.trim().to_owned();
    let mut conn = state.conn().await?;
    let result = conn
        .transaction::<Edition, diesel::result::Error, _>(async move |conn| {
            let edition: Edition = diesel::insert_into(editions::table)
                .values(NewEdition {
                    id: Uuid::now_v7(),
                    year: body.year,
                    name: &name,
                    timezone: &body.timezone,
                    submission_opens_at: body.submission_opens_at,
                    submission_deadline: body.submission_deadline,
                    created_at: now,
                    updated_at: now,
                })
                .returning(Edition::as_returning())
                .get_result(conn)
                .await?;
            let cats: Vec<Category> = DEFAULT_CATEGORIES
                .iter()
                .map(|c| Category {
                    id: Uuid::now_v7(),
                    edition_id: edition.id,
                    number: c.number,
                    code: c.code.to_owned(),
                    action_line: c.action_line.to_owned(),
                    name: c.name.to_owned(),
                })
                .collect();
            diesel::insert_into(categories::table).values(&cats).execute(conn).await?;
            events::record(conn, now, Some(actor), Event::EditionCreated(&edition)).await?;
            Ok(edition)
        })
        .await;
    let edition = match result {
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            return Err(ApiError::conflict(
                "edition_exists",
                format!("an edition of {} already exists", body.year),
            ));
        }
        other => other?,
    };
    Ok(HttpResponse::Created()
        .insert_header((header::ETAG, etag(edition.version)))
        .insert_header((header::LOCATION, format!("/api/v1/editions/{}", edition.year)))
        .json(EditionBody::new(&edition, now, false, None)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::deadline::parse_timezone;

    #[test]
    fn every_zone_the_server_accepts_matches_the_documented_pattern() {
        let pattern = regex::Regex::new(TIMEZONE_PATTERN).unwrap();
        for zone in chrono_tz::TZ_VARIANTS {
            assert!(pattern.is_match(zone.name()), "{} does not match {TIMEZONE_PATTERN}", zone.name());
            assert!(parse_timezone(zone.name()).is_some());
        }
        assert!(!pattern.is_match(""));
        assert!(!pattern.is_match("Europe/"));
    }

    #[test]
    fn the_timezone_schema_is_a_plain_string_with_an_example_and_no_enum() {
        let schema = serde_json::to_value(timezone_schema()).unwrap();
        assert_eq!(schema["type"], "string");
        assert!(schema.get("enum").is_none());
        assert_eq!(schema["examples"][0], "Europe/Zurich");
        assert!(parse_timezone("Europe/Zurich").is_some());
    }
}
