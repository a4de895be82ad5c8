//! Every route in one place. One file per action, grouped by resource.

pub mod accounts;
pub mod auth;
pub mod editions;
pub mod extensions;
pub mod health;
pub mod me;
pub mod nominations;
pub mod openapi;
pub mod publication;
pub mod rounds;

use actix_web::web;

/// Registers every API and operations route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/metrics", web::get().to(health::metrics))
        // before the /api/v1 scope, which would otherwise claim these paths
        .service(openapi::swagger_ui())
        .service(
            web::scope("/api/v1")
                .route("/auth/register", web::post().to(auth::register::register))
                .route("/auth/login", web::post().to(auth::login::login))
                .route("/auth/logout", web::post().to(auth::logout::logout))
                .route("/auth/invitations/accept", web::post().to(auth::invitation::accept_invitation))
                .route("/me", web::get().to(me::me))
                .route("/accounts", web::post().to(accounts::create::create_account))
                .route("/accounts", web::get().to(accounts::list::list_accounts))
                .route("/editions", web::get().to(editions::list::list_editions))
                .route("/editions", web::post().to(editions::create::create_edition))
                .route("/editions/{edition}", web::get().to(editions::get::get_edition))
                .route("/editions/{edition}", web::patch().to(editions::update::update_edition))
                .route("/editions/{edition}/categories", web::get().to(editions::categories::list_categories))
                .route(
                    "/editions/{edition}/nominations",
                    web::post().to(nominations::create::create_nomination),
                )
                .route("/editions/{edition}/nominations", web::get().to(nominations::list::list_nominations))
                .route("/editions/{edition}/nominations.csv", web::get().to(nominations::export::export_csv))
                .route(
                    "/editions/{edition}/nominations.xlsx",
                    web::get().to(nominations::export::export_xlsx),
                )
                .route("/editions/{edition}/extensions", web::get().to(extensions::list_extensions))
                .route(
                    "/editions/{edition}/extensions/{account_id}",
                    web::put().to(extensions::grant_extension),
                )
                .route(
                    "/editions/{edition}/extensions/{account_id}",
                    web::delete().to(extensions::revoke_extension),
                )
                .route("/nominations/{id}", web::get().to(nominations::get::get_nomination))
                .route("/nominations/{id}", web::patch().to(nominations::update::update_nomination))
                .route("/nominations/{id}/submit", web::post().to(nominations::submit::submit_nomination))
                .route(
                    "/nominations/{id}/withdraw",
                    web::post().to(nominations::withdraw::withdraw_nomination),
                )
                .route("/me/nominations", web::get().to(nominations::mine::my_nominations))
                .route("/me/extensions", web::get().to(nominations::mine::my_extensions))
                .route("/editions/{edition}/rounds", web::post().to(rounds::create::create_round))
                .route("/editions/{edition}/rounds", web::get().to(rounds::create::list_rounds))
                .route("/rounds/{id}", web::get().to(rounds::create::get_round))
                .route("/rounds/{id}", web::patch().to(rounds::create::update_round))
                .route("/rounds/{id}/panel", web::put().to(rounds::panel::put_panel))
                .route("/rounds/{id}/panel", web::get().to(rounds::panel::get_panel))
                .route("/rounds/{id}/open", web::post().to(rounds::open::open_round))
                .route("/rounds/{id}/close", web::post().to(rounds::close::close_round))
                .route("/rounds/{id}/assignments", web::get().to(rounds::assignments::list_assignments))
                .route("/rounds/{id}/assignments", web::post().to(rounds::assignments::add_assignment))
                .route(
                    "/rounds/{id}/assignments/{nomination_id}/{judge_id}",
                    web::delete().to(rounds::assignments::remove_assignment),
                )
                .route("/rounds/{id}/progress", web::get().to(rounds::progress::round_progress))
                .route("/rounds/{id}/results", web::get().to(rounds::results::round_results))
                .route("/rounds/{round}/scores/{nomination}", web::put().to(rounds::scores::put_score))
                .route("/rounds/{round}/scores/{nomination}", web::get().to(rounds::scores::get_score))
                .route(
                    "/rounds/{round}/conflicts/{nomination}",
                    web::post().to(rounds::conflicts::declare_conflict),
                )
                .route(
                    "/rounds/{round}/conflicts/{nomination}/judges/{judge}",
                    web::post().to(rounds::conflicts::recuse_judge),
                )
                .route("/me/assignments", web::get().to(rounds::judge::my_assignments))
                .route("/editions/{edition}/publish", web::post().to(publication::publish))
                .route("/editions/{edition}/winners", web::get().to(publication::winners))
                .route("/editions/{edition}/winners.csv", web::get().to(publication::winners_csv))
                .route("/editions/{edition}/winners/{nomination}", web::get().to(publication::project))
                .route(
                    "/editions/{edition}/open-data.json",
                    web::get().to(publication::open_data::open_data_json),
                )
                .route(
                    "/editions/{edition}/open-data.csv",
                    web::get().to(publication::open_data::open_data_csv),
                )
                .route(
                    "/editions/{edition}/publication/preview",
                    web::get().to(publication::organizer::preview),
                )
                .route("/editions/{edition}/publications", web::get().to(publication::organizer::versions))
                .route(
                    "/editions/{edition}/publications/{version}",
                    web::get().to(publication::organizer::version),
                )
                .default_service(web::to(not_found)),
        );
}

/// For `#[serde(default, deserialize_with = "crate::routes::present")]` on an
/// `Option<Option<T>>` field: distinguishes an absent field (`None`) from an explicit `null`
/// (`Some(None)`), so that a change can clear a value.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

async fn not_found() -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    Err(crate::error::ApiError::NotFound)
}
