//! The single-page app, embedded in the binary, with an `index.html` fallback for client routes.

use actix_web::{HttpRequest, HttpResponse, http::header};
use rust_embed::RustEmbed;

use crate::error::ApiError;

#[derive(RustEmbed)]
#[folder = "frontend/dist/"]
#[allow_missing = true]
struct Assets;

/// Serves a built file, or `index.html` for any other path outside `/api`.
pub async fn spa(req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let path = req.path().trim_start_matches('/');
    if path.starts_with("api/") {
        return Err(ApiError::NotFound);
    }
    if let Some(file) = Assets::get(path).filter(|_| !path.is_empty()) {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let cache =
            if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return Ok(HttpResponse::Ok()
            .content_type(mime.as_ref())
            .insert_header((header::CACHE_CONTROL, cache))
            .body(file.data.into_owned()));
    }
    match Assets::get("index.html") {
        Some(index) => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-cache"))
            .body(index.data.into_owned())),
        None => Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
            "<!doctype html><html lang=\"en\"><head><title>WSIS Prizes</title></head><body><main>\
             <h1>WSIS Prizes</h1><p>The user interface has not been built: run <code>make run</code>.</p>\
             <p>API documentation: <a href=\"/api/v1/docs/\">/api/v1/docs/</a></p></main></body></html>",
        )),
    }
}
