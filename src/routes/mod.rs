//! Every route in one place. One file per action, grouped by resource.

pub mod accounts;
pub mod altcha;
pub mod auth;
pub mod editions;
pub mod extensions;
pub mod health;
pub mod http;
pub mod me;
pub mod nominations;
pub mod openapi;
pub mod organizer;
pub mod outbox;
pub mod problems;
pub mod publication;
pub mod rounds;
pub mod settings;
pub mod votes;

use actix_web::http::Method;
use actix_web::middleware::Compress;
use actix_web::{HttpRequest, guard, web};

use crate::error::ApiError;

/// Registers every API and operations route. Each path is one resource: a method it does not
/// have answers 405 problem+json with `Allow`, an unknown path under `/api/v1` 404.
pub fn configure(cfg: &mut web::ServiceConfig) {
    let mut ops = Resources::default();
    routes!(ops;
        GET "/healthz" => health::healthz,
        GET "/readyz" => health::readyz,
        GET "/metrics" => health::metrics,
        GET {openapi::DOCUMENT_PATH} => openapi::document [Compressed],
    );
    ops.register(cfg);
    // before the /api/v1 scope, which would otherwise claim these paths
    cfg.service(openapi::swagger_ui());
    let mut api = Resources::default();
    routes!(api;
        // the public's busiest first: actix tries each path's pattern in turn (a regex for a path
        // with parameters), and the ~50 before the public winner list cost it a third of its
        // rate (bench P3: 43,918 req/s behind them, 68,309 first)
        GET "/editions/{edition}/winners" => publication::winners::winners,
        GET "/editions/{edition}/winners/{nomination}" => publication::project::project,
        GET "/rounds/{id}/ballot" => votes::ballot::ballot [Compressed],
        POST "/rounds/{id}/votes" => votes::cast::cast_vote,
        // then a deadline night's: nominators' writes and judges' score sheets
        POST "/editions/{edition}/nominations" => nominations::create::create_nomination,
        GET "/nominations/{id}" => nominations::get::get_nomination,
        PATCH "/nominations/{id}" => nominations::update::update_nomination,
        POST "/nominations/{id}/submit" => nominations::submit::submit_nomination,
        PUT "/rounds/{round}/scores/{nomination}" => rounds::put_score::put_score,
        GET "/rounds/{round}/scores/{nomination}" => rounds::get_score::get_score,
        GET "/settings" => settings::public_settings,
        GET "/altcha/challenge" => altcha::challenge::altcha_challenge,
        POST "/auth/register" => auth::register::register,
        POST "/auth/login" => auth::login::login,
        POST "/auth/logout" => auth::logout::logout,
        POST "/auth/invitations/accept" => auth::invitation::accept_invitation,
        POST "/auth/confirm" => auth::confirm::confirm,
        POST "/auth/password-reset" => auth::password_reset::request_password_reset,
        POST "/auth/password-reset/complete" => auth::password_reset_complete::complete_password_reset,
        GET "/me" => me::me,
        PATCH "/me" => accounts::update_profile::update_profile,
        DELETE "/me" => accounts::erase::erase_me,
        GET "/me/export" => accounts::export::export_me [Compressed],
        POST "/me/confirmation" => accounts::request_confirmation::request_confirmation,
        POST "/me/password" => accounts::change_password::change_password,
        POST "/accounts" => accounts::create::create_account,
        GET "/accounts" => accounts::list::list_accounts,
        PATCH "/accounts/{id}" => accounts::change_account::change_account,
        GET "/editions" => editions::list::list_editions,
        POST "/editions" => editions::create::create_edition,
        GET "/editions/{edition}" => editions::get::get_edition,
        PATCH "/editions/{edition}" => editions::update::update_edition,
        GET "/editions/{edition}/categories" => editions::categories::list_categories,
        POST "/editions/{edition}/broadcasts" => editions::broadcast::broadcast,
        GET "/editions/{edition}/nominations" => nominations::list::list_nominations,
        GET "/editions/{edition}/nominations.csv" => nominations::export_csv::export_csv,
        GET "/editions/{edition}/nominations.xlsx" => nominations::export_xlsx::export_xlsx,
        GET "/editions/{edition}/extensions" => extensions::list::list_extensions,
        PUT "/editions/{edition}/extensions/{account_id}" => extensions::grant::grant_extension,
        DELETE "/editions/{edition}/extensions/{account_id}" => extensions::revoke::revoke_extension,
        POST "/nominations/{id}/withdraw" => nominations::withdraw::withdraw_nomination,
        GET "/me/nominations" => nominations::mine::my_nominations [Compressed],
        GET "/me/extensions" => nominations::my_extensions::my_extensions,
        POST "/editions/{edition}/rounds" => rounds::create::create_round,
        GET "/editions/{edition}/rounds" => rounds::list::list_rounds,
        GET "/rounds/{id}" => rounds::get::get_round,
        PATCH "/rounds/{id}" => rounds::update::update_round,
        PUT "/rounds/{id}/panel" => rounds::put_panel::put_panel,
        GET "/rounds/{id}/panel" => rounds::get_panel::get_panel,
        POST "/rounds/{id}/open" => rounds::open::open_round,
        POST "/rounds/{id}/close" => rounds::close::close_round,
        GET "/rounds/{id}/assignments" => rounds::list_assignments::list_assignments,
        POST "/rounds/{id}/assignments" => rounds::add_assignment::add_assignment,
        DELETE "/rounds/{id}/assignments/{nomination_id}/{judge_id}" => rounds::remove_assignment::remove_assignment,
        GET "/rounds/{id}/progress" => rounds::progress::round_progress,
        GET "/rounds/{id}/results" => rounds::results::round_results,
        POST "/rounds/{round}/conflicts/{nomination}" => rounds::declare_conflict::declare_conflict,
        POST "/rounds/{round}/conflicts/{nomination}/judges/{judge}" => rounds::recuse_judge::recuse_judge,
        GET "/me/assignments" => rounds::judge::my_assignments,
        GET "/rounds/{id}/vote-stats" => votes::stats::vote_stats,
        POST "/rounds/{id}/invalidations" => votes::invalidate::invalidate,
        GET "/rounds/{id}/invalidations" => votes::list_invalidations::list_invalidations,
        DELETE "/rounds/{id}/invalidations/{invalidation_id}" => votes::restore::restore,
        GET "/me/votes" => votes::my_votes::my_votes [Compressed],
        POST "/editions/{edition}/publish" => publication::publish::publish,
        GET "/editions/{edition}/winners.csv" => publication::winners_csv::winners_csv [Compressed],
        GET "/editions/{edition}/open-data.json" => publication::open_data_json::open_data_json [Compressed],
        GET "/editions/{edition}/open-data.csv" => publication::open_data_csv::open_data_csv [Compressed],
        GET "/editions/{edition}/publication/preview" => publication::preview::preview,
        GET "/editions/{edition}/publications" => publication::versions::versions,
        GET "/editions/{edition}/publications/{version}" => publication::version::version,
        GET "/organizer/overview" => organizer::overview::overview,
        GET "/outbox" => outbox::list::list_outbox,
        POST "/outbox/{id}/retry" => outbox::retry::retry_message,
    );
    cfg.service(
        web::scope("/api/v1").configure(|scope| api.register(scope)).default_service(web::to(not_found)),
    );
}

/// `routes!(set; GET "/path" => handler, POST "/other" => handler [Compressed], …)`: a route
/// for each method and path (a path in braces is an expression, e.g. a constant), its answers
/// as they are or, marked `[Compressed]`, compressed ([`Answers`]).
macro_rules! routes {
    (@path $path:literal) => { $path };
    (@path { $path:expr }) => { $path };
    (@answers) => { Answers::AsTheyAre };
    (@answers $answers:ident) => { Answers::$answers };
    ($set:ident; $($method:ident $path:tt => $handler:path $([$answers:ident])?,)*) => {
        $( $set.add(
            routes!(@path $path),
            Method::$method,
            route(Method::$method).to($handler),
            routes!(@answers $($answers)?),
        ); )*
    };
}
use routes;

/// A route for one method; a GET route also answers HEAD (RFC 9110 § 9.3.2: the same status and
/// headers, Content-Length included, without the body, which actix leaves out for HEAD).
fn route(method: Method) -> actix_web::Route {
    if method == Method::GET {
        web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
    } else {
        web::method(method)
    }
}

/// How a resource's answers travel. `Compressed` is for the large reads, compressed as
/// `Accept-Encoding` allows (zstd or gzip: actix's `Compress`, which also sets `Vary`; Brotli is
/// left out of actix-web's features, see Cargo.toml): a voter's ballot, the public downloads
/// (open data, the winners' CSV), a person's own lists and data, the OpenAPI document. Not the
/// writes (small answers, on the deadline night's hot paths) nor the winner list (gzipped once
/// per snapshot, `publication::winners`). None of these answers holds a session token or a
/// one-time link, the secrets that compression could help a network observer guess (BREACH);
/// an organiser's lists, previews and exports, confidential text beside text a nominator
/// chooses, are left as they are.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Answers {
    AsTheyAre,
    Compressed,
}

/// Routes grouped by path, in the order first added; a path is compressed when any of its
/// routes is marked so.
#[derive(Default)]
struct Resources {
    paths: Vec<Resource>,
}

/// One path's routes and how its answers travel.
struct Resource {
    path: &'static str,
    answers: Answers,
    routes: Vec<(Method, actix_web::Route)>,
}

impl Resources {
    fn add(&mut self, path: &'static str, method: Method, route: actix_web::Route, answers: Answers) {
        match self.paths.iter_mut().find(|r| r.path == path) {
            Some(r) => {
                if answers == Answers::Compressed {
                    r.answers = answers;
                }
                r.routes.push((method, route));
            }
            None => self.paths.push(Resource { path, answers, routes: vec![(method, route)] }),
        }
    }

    fn register(self, cfg: &mut web::ServiceConfig) {
        for Resource { path, answers, routes } in self.paths {
            let mut methods = routes.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>();
            if let Some(get) = methods.iter().position(|m| *m == "GET") {
                methods.insert(get + 1, "HEAD");
            }
            let allow = methods.join(", ");
            let mut resource = web::resource(path);
            for (_, route) in routes {
                resource = resource.route(route);
            }
            let resource = resource.default_service(web::to(move |req: HttpRequest| {
                let allow = allow.clone();
                async move {
                    Err::<actix_web::HttpResponse, _>(ApiError::MethodNotAllowed {
                        method: req.method().to_string(),
                        allow,
                    })
                }
            }));
            if answers == Answers::Compressed {
                cfg.service(resource.wrap(Compress::default()));
            } else {
                cfg.service(resource);
            }
        }
    }
}

async fn not_found() -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}
