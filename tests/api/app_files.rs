//! The app's built files (the single-page app under `frontend/dist`, embedded in the binary):
//! compressed as the browser accepts, revalidated rather than sent again.

use std::io::Read;

use reqwest::header;

use crate::helpers::spawn_app;

/// The main script named by the built `index.html` (make test builds the frontend first).
fn main_script() -> String {
    let index = std::fs::read_to_string("frontend/dist/index.html")
        .expect("frontend/dist is not built: run `cd frontend && npm run build` (make test does)");
    let start = index.find("src=\"/assets/").expect("index.html names no script under /assets") + 5;
    index[start..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_apps_script_travels_as_brotli_or_gzip_when_accepted_and_as_it_is_otherwise() {
    let app = spawn_app().await;
    let script = main_script();
    let on_disk = |suffix: &str| std::fs::read(format!("frontend/dist{script}{suffix}")).unwrap();
    let plain = on_disk("");
    let fetch = |accept: &'static str| {
        let req = app.client.get(app.url(&script));
        async move {
            let req = if accept.is_empty() { req } else { req.header(header::ACCEPT_ENCODING, accept) };
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), 200, "{accept:?}");
            assert_eq!(res.headers()[header::VARY], "Accept-Encoding", "{accept:?}");
            assert_eq!(res.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
            assert!(res.headers()[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
            let coding = res.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_owned());
            (coding, res.bytes().await.unwrap().to_vec())
        }
    };

    // what a browser sends over HTTPS: Brotli, the smallest
    let (coding, body) = fetch("gzip, deflate, br, zstd").await;
    assert_eq!(coding.as_deref(), Some("br"));
    assert_eq!(body, on_disk(".br"));
    assert!(body.len() * 3 < plain.len(), "Brotli {} of {} bytes", body.len(), plain.len());

    // without Brotli (or with it refused): gzip, which unpacks to the script itself
    for accept in ["gzip, deflate", "br;q=0, gzip"] {
        let (coding, body) = fetch(accept).await;
        assert_eq!(coding.as_deref(), Some("gzip"), "{accept}");
        assert_eq!(body, on_disk(".gz"), "{accept}");
        let mut unpacked = vec![];
        flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut unpacked).unwrap();
        assert_eq!(unpacked, plain, "{accept}");
    }

    // no coding accepted: the file as it is
    for accept in ["", "identity", "gzip;q=0, br;q=0"] {
        let (coding, body) = fetch(accept).await;
        assert_eq!(coding, None, "{accept:?}");
        assert_eq!(body, plain, "{accept:?}");
    }
}

#[tokio::test]
async fn the_app_page_is_revalidated_with_a_304_and_each_coding_has_its_own_etag() {
    let app = spawn_app().await;
    let page = app.get("/fr/vote").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    let etag = page.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert!(page.text().await.unwrap().contains("<div id=\"app\""), "not the built index.html");
    // any client route is the same page: its ETag answers 304 without a body
    let again =
        app.client.get(app.url("/categories")).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
    assert!(again.bytes().await.unwrap().is_empty());
    let other = app
        .client
        .get(app.url("/"))
        .header(header::IF_NONE_MATCH, "\"something-else\"")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 200);

    let script = main_script();
    let tag = |accept: &'static str| {
        let req = app.client.get(app.url(&script)).header(header::ACCEPT_ENCODING, accept);
        async move { req.send().await.unwrap().headers()[header::ETAG].to_str().unwrap().to_owned() }
    };
    let (br, gzip, plain) = (tag("br").await, tag("gzip").await, tag("identity").await);
    assert!(br != gzip && gzip != plain && br != plain, "{br} {gzip} {plain}");
    let cached = app
        .client
        .get(app.url(&script))
        .header(header::ACCEPT_ENCODING, "gzip")
        .header(header::IF_NONE_MATCH, &gzip);
    assert_eq!(cached.send().await.unwrap().status(), 304);
}
