//! The single-page app, embedded in the binary, with an `index.html` fallback for client routes.

use std::borrow::Cow;

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use rust_embed::{EmbeddedFile, RustEmbed};

use crate::error::ApiError;
use crate::routes::http::accepts_encoding;

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
    if !path.is_empty()
        && let Some(file) = Assets::get(path)
    {
        let cache =
            if path.starts_with("assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
        return Ok(built_file(&req, path, file, cache));
    }
    if let Some(index) = Assets::get("index.html") {
        return Ok(built_file(&req, "index.html", index, "no-cache"));
    }
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        "<!doctype html><html lang=\"en\"><head><title>WSIS Prizes</title></head><body><main>\
         <h1>WSIS Prizes</h1><p>The user interface has not been built: run <code>make run</code>.</p>\
         <p>API documentation: <a href=\"/api/v1/docs/\">/api/v1/docs/</a></p></main></body></html>",
    ))
}

/// A built file as the client best takes it: its Brotli or gzip copy (made by the frontend's
/// build, `frontend/compress.mjs`, for text files it shrinks) when `Accept-Encoding` allows,
/// else as it is. The ETag names the bytes sent (each coding its own), so a `no-cache` file
/// (`index.html`) is revalidated with a 304 rather than sent again.
fn built_file(req: &HttpRequest, path: &str, file: EmbeddedFile, cache: &'static str) -> HttpResponse {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let mut coded = None;
    for (coding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts_encoding(req, coding)
            && let Some(copy) = Assets::get(&format!("{path}.{suffix}"))
        {
            coded = Some((coding, copy));
            break;
        }
    }
    let has_copies = coded.is_some() || Assets::get(&format!("{path}.gz")).is_some();
    let (coding, body) = match coded {
        Some((coding, copy)) => (Some(coding), copy),
        None => (None, file),
    };
    let hash = body.metadata.sha256_hash();
    let etag = format!("\"{}\"", hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == etag));
    let mut res = if unchanged { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    res.content_type(mime.as_ref())
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, etag));
    if has_copies {
        res.insert_header((header::VARY, "Accept-Encoding"));
    }
    if let Some(coding) = coding {
        res.insert_header((header::CONTENT_ENCODING, coding));
    }
    if unchanged {
        return res.finish();
    }
    // a built file is part of the binary: sent from there, not copied for each request
    res.body(match body.data {
        Cow::Borrowed(bytes) => web::Bytes::from_static(bytes),
        Cow::Owned(bytes) => web::Bytes::from(bytes),
    })
}
