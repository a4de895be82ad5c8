//! HTTP helpers shared by the handlers: versions in `ETag`/`If-Match`, absent vs `null` in
//! change bodies, CSV downloads (byte-order mark, heading, neutralised cells) and the content
//! codings a client accepts.

use std::borrow::Cow;

use actix_web::{HttpRequest, HttpResponse, http::header, web};

use crate::error::ApiError;

/// The ETag of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// Whether `Accept-Encoding` (RFC 9110 § 12.5.3) accepts the content coding `coding` (`gzip`,
/// `br`): named, or covered by `*` when not named, with a weight above zero.
pub fn accepts_encoding(req: &HttpRequest, coding: &str) -> bool {
    let Some(value) = req.headers().get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accepts_coding(value, coding)
}

fn accepts_coding(accept_encoding: &str, coding: &str) -> bool {
    let mut any = None;
    for item in accept_encoding.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let weight = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return weight > 0.0;
        }
        if name == "*" {
            any = Some(weight > 0.0);
        }
    }
    any.unwrap_or(false)
}

/// Reads `If-Match` as a version number: `None` when absent, an error when unreadable.
pub fn if_match_version(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(v) = req.headers().get(header::IF_MATCH) else { return Ok(None) };
    let s = v.to_str().map_err(|_| ApiError::BadRequest("If-Match is not readable".into()))?;
    let s = s.trim().trim_start_matches("W/").trim_matches('"');
    s.parse::<i32>().map(Some).map_err(|_| ApiError::VersionMismatch)
}

/// For `#[serde(default, deserialize_with = "crate::routes::http::present")]` on an
/// `Option<Option<T>>` field: distinguishes an absent field (`None`) from an explicit `null`
/// (`Some(None)`), so that a change can clear a value.
pub fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(d).map(Some)
}

/// A cell as text: a leading `=`, `+`, `-`, `@`, tab or carriage return would make a
/// spreadsheet treat it as a formula, so such a cell is prefixed with `'` (OWASP advice).
pub fn neutralise(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Rows as CSV, every cell neutralised; with `columns`, a heading row comes first, after a UTF-8
/// byte-order mark so spreadsheet programs read every script (a streamed file's first chunk).
pub fn csv_bytes(rows: &[Vec<String>], columns: Option<&[&str]>) -> Result<web::Bytes, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    if let Some(columns) = columns {
        w.write_record(columns).map_err(|e| ApiError::Internal(e.into()))?;
    }
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c).into_owned()))
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    let mut out = w.into_inner().map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    if columns.is_some() {
        out.splice(0..0, [0xEF, 0xBB, 0xBF]);
    }
    Ok(web::Bytes::from(out))
}

/// A whole CSV file as a download named `file_name`.
pub fn csv_download(
    columns: &[&str], rows: &[Vec<String>], file_name: &str,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")))
        .body(csv_bytes(rows, Some(columns))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_start_like_formulas_are_neutralised() {
        for s in ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralise(s).starts_with('\''), "{s:?}");
        }
        for s in ["plain", "a=b", "", "信息", "مرحبا"] {
            assert_eq!(neutralise(s), s);
        }
    }

    #[test]
    fn a_coding_is_accepted_when_named_or_covered_by_a_star_and_refused_at_weight_zero() {
        assert!(accepts_coding("gzip, deflate, br, zstd", "br"));
        assert!(accepts_coding("gzip, deflate, br, zstd", "gzip"));
        assert!(accepts_coding("deflate, GZIP;q=0.5", "gzip"));
        assert!(!accepts_coding("deflate", "gzip"));
        assert!(!accepts_coding("", "gzip"));
        assert!(!accepts_coding("identity", "gzip"));
        assert!(!accepts_coding("gzip;q=0, br", "gzip"));
        assert!(!accepts_coding("gzip; q=0.000", "gzip"));
        assert!(accepts_coding("*", "br"));
        assert!(!accepts_coding("*;q=0", "br"));
        // named wins over the star, in either order
        assert!(!accepts_coding("*, br;q=0", "br"));
        assert!(accepts_coding("br, *;q=0", "br"));
        // a token that merely contains the name is another coding
        assert!(!accepts_coding("x-gzip-not", "gzip"));
    }
}
