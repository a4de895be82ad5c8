//! The OpenAPI document (`/api/v1/openapi.json`) and an offline Swagger UI (`/api/v1/docs/`).

use std::sync::LazyLock;

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use utoipa::OpenApi;
use utoipa_swagger_ui::{Config, SwaggerUi};

use crate::routes::{
    accounts, altcha, auth, editions, extensions, health, me, nominations, organizer, outbox, publication,
    rounds, settings, votes,
};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "WSIS Prizes API",
        version = "1",
        description = "Nominations, judging in rounds, the public online vote and published winners of the WSIS Prizes. \
Errors are RFC 9457 `application/problem+json` with a stable `code`. Times are RFC 3339 instants; \
the server's clock rules every deadline. Mail (confirmation, password reset, invitations, receipts) \
goes through an outbox written with the change that causes it. Sign-in sets an HttpOnly session cookie; state-changing \
requests from a browser must carry a matching `Origin`."
    ),
    paths(
        settings::public_settings,
        auth::register::register,
        auth::login::login,
        auth::logout::logout,
        auth::invitation::accept_invitation,
        auth::confirm::confirm,
        auth::password_reset::request_password_reset,
        auth::password_reset_complete::complete_password_reset,
        me::me,
        accounts::update_profile::update_profile,
        accounts::erase::erase_me,
        accounts::export::export_me,
        accounts::request_confirmation::request_confirmation,
        accounts::create::create_account,
        accounts::list::list_accounts,
        accounts::change_password::change_password,
        accounts::change_account::change_account,
        editions::list::list_editions,
        editions::create::create_edition,
        editions::get::get_edition,
        editions::update::update_edition,
        editions::categories::list_categories,
        nominations::create::create_nomination,
        nominations::get::get_nomination,
        nominations::update::update_nomination,
        nominations::submit::submit_nomination,
        nominations::withdraw::withdraw_nomination,
        nominations::mine::my_nominations,
        nominations::my_extensions::my_extensions,
        nominations::list::list_nominations,
        nominations::export_csv::export_csv,
        nominations::export_xlsx::export_xlsx,
        extensions::grant::grant_extension,
        extensions::revoke::revoke_extension,
        extensions::list::list_extensions,
        rounds::create::create_round,
        rounds::list::list_rounds,
        rounds::get::get_round,
        rounds::update::update_round,
        rounds::put_panel::put_panel,
        rounds::get_panel::get_panel,
        rounds::open::open_round,
        rounds::close::close_round,
        rounds::list_assignments::list_assignments,
        rounds::add_assignment::add_assignment,
        rounds::remove_assignment::remove_assignment,
        rounds::progress::round_progress,
        rounds::results::round_results,
        rounds::put_score::put_score,
        rounds::get_score::get_score,
        rounds::declare_conflict::declare_conflict,
        rounds::recuse_judge::recuse_judge,
        rounds::judge::my_assignments,
        votes::ballot::ballot,
        altcha::challenge::altcha_challenge,
        votes::cast::cast_vote,
        votes::stats::vote_stats,
        votes::invalidate::invalidate,
        votes::list_invalidations::list_invalidations,
        votes::restore::restore,
        votes::my_votes::my_votes,
        publication::publish::publish,
        publication::winners::winners,
        publication::winners_csv::winners_csv,
        publication::project::project,
        publication::open_data_json::open_data_json,
        publication::open_data_csv::open_data_csv,
        publication::preview::preview,
        publication::versions::versions,
        publication::version::version,
        organizer::overview::overview,
        outbox::list::list_outbox,
        outbox::retry::retry_message,
        editions::broadcast::broadcast,
        health::healthz,
        health::readyz,
        health::metrics,
        document,
    ),
    components(schemas(crate::error::Problem, crate::domain::phase::Phase)),
    tags(
        (name = "accounts", description = "Sign-up, sign-in, sessions and accounts"),
        (name = "editions", description = "Editions, deadlines and categories"),
        (name = "nominations", description = "Nominations: drafts, submission, withdrawal, organisers' lists, exports and personal extensions"),
        (name = "judging", description = "Rounds, panels, assignment, conflicts, scoring, progress and results"),
        (name = "vote", description = "The public online vote: the ballot, ALTCHA challenges, votes, one's own votes and the organisers' totals"),
        (name = "publication", description = "Publishing the winner list and reading it"),
        (name = "mail", description = "The outbox: every message queued, sent or failed, and retries"),
        (name = "operations", description = "Health, readiness and metrics"),
    )
)]
pub struct ApiDoc;

/// The OpenAPI document as pretty-printed JSON (the same document as served).
pub fn document_json() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the OpenAPI document serialises")
}

/// Where the document is served.
pub const DOCUMENT_PATH: &str = "/api/v1/openapi.json";

/// The document as served, built once per process when first asked for, on a thread of its own.
/// Building it takes tens of megabytes for a moment (80 MB of peak RSS for `wsis-prizes
/// openapi`), and the allocator keeps what a live thread has used: built by each web worker at
/// its start, as Swagger UI's own route did, it held about 20 MB of every worker's memory from
/// then on (the server at rest: 115 MB with two workers, 43 MB since). The thread's memory is
/// given back once it ends: after the first fetch, 104 MB for a moment, 40 MB two seconds later.
static DOCUMENT: LazyLock<Bytes> = LazyLock::new(|| {
    std::thread::scope(|s| {
        s.spawn(|| {
            Bytes::from(serde_json::to_vec(&ApiDoc::openapi()).expect("the OpenAPI document serialises"))
        })
        .join()
        .expect("the OpenAPI document builds")
    })
});

/// This API's OpenAPI document.
///
/// Compact JSON, built once per process; `wsis-prizes openapi` prints the same document
/// pretty-printed. It needs no database.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "operations", operation_id = "openapi_document",
    responses((status = 200, description = "This OpenAPI 3.1 document (what `wsis-prizes openapi` prints), from memory", body = Object, content_type = "application/json")))]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().content_type("application/json").body(DOCUMENT.clone())
}

/// Swagger UI (files vendored in the binary), reading the document from [`DOCUMENT_PATH`].
pub fn swagger_ui() -> SwaggerUi {
    SwaggerUi::new("/api/v1/docs/{_:.*}").config(Config::from(DOCUMENT_PATH))
}

#[cfg(test)]
mod tests {
    use utoipa::OpenApi;

    use super::ApiDoc;

    /// Every status an operation can answer is in the document: an unknown id in the path is a
    /// 404, a body or query the server cannot read is a 400, and the database being down is a 503.
    #[test]
    fn every_operation_documents_the_statuses_it_can_answer() {
        let doc = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let mut missing = vec![];
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                let codes = op["responses"].as_object().unwrap();
                let mut want = vec![];
                if path.contains('{') {
                    want.push("404");
                }
                // the three that never answer 503
                if !matches!(path.as_str(), "/healthz" | "/metrics" | "/api/v1/openapi.json") {
                    want.push("503");
                }
                let query = op["parameters"].as_array().is_some_and(|p| p.iter().any(|p| p["in"] == "query"));
                if op.get("requestBody").is_some() || query {
                    want.push("400");
                }
                for code in want {
                    if !codes.contains_key(code) {
                        missing.push(format!("{} {path}: {code}", method.to_uppercase()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "undocumented statuses: {missing:#?}");
    }
}
