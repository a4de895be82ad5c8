//! Proxy drill: nginx (Debian's package) terminating TLS, with a certificate the drill makes, in
//! front of two web processes, running `deploy/nginx.conf` as shipped (only the lines marked
//! `site:` replaced: ports, certificate, cache directory, name). Through it: sign-in gives the
//! `__Host-` cookie with `Secure`; throttling keys on the client's address from
//! `X-Forwarded-For` because the proxy is trusted, and a header forged by a client is ignored;
//! state-changing requests pass the `Origin` check with the public origin and fail with another;
//! the app's hashed assets are cached by the proxy, no API answer (`no-store`) ever is; when one
//! web process is killed the requests move to the other; with none left, API paths get the
//! service's problem+json 503 shape from the proxy.

use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use serde_json::json;

use crate::harness::{PASSWORD, Server, admin_url, create_organizer, exclusive, migrated_database, summary};
use crate::nginx::Nginx;

const ORGANIZER: &str = "organiser@proxy.example";

/// A sign-in attempt through `client` at `base`, with an optional forged `X-Forwarded-For`.
async fn login(
    client: &reqwest::Client, base: &str, email: &str, password: &str, forged: Option<&str>,
) -> reqwest::Response {
    let mut rb = client
        .post(format!("{base}/api/v1/auth/login"))
        .header("Origin", base)
        .json(&json!({"email": email, "password": password}));
    if let Some(f) = forged {
        rb = rb.header("X-Forwarded-For", f);
    }
    rb.send().await.expect("sign-in request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn behind_nginx_with_tls_cookies_addresses_origins_caching_and_failover_hold() {
    let _one = exclusive().await;
    let db = migrated_database(&admin_url(), "drill_proxy").await;
    create_organizer(&db, ORGANIZER);
    let env = [
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("SESSION_SECURE", "true"),
        ("LOGIN_MAX_FAILURES_PER_ADDRESS", "3"),
        ("LOGIN_MAX_FAILURES_PER_ACCOUNT", "1000"),
    ];
    let mut a = Server::start(&db, &env);
    let mut b = Server::start(&db, &env);
    a.wait_ready(Duration::from_secs(60)).await;
    b.wait_ready(Duration::from_secs(60)).await;
    let nginx = Nginx::start([a.port, b.port]);
    let base = nginx.base();
    let mut problems: Vec<String> = vec![];
    let client = nginx.client("127.0.0.1");

    // sign-in over TLS: the __Host- cookie, Secure, for the whole site and no domain
    let res = login(&client, &base, ORGANIZER, PASSWORD, None).await;
    let cookie = res.headers().get("set-cookie").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    if res.status() != 200
        || !cookie.starts_with("__Host-wsis_session=")
        || !cookie.contains("Secure")
        || !cookie.contains("Path=/")
        || cookie.contains("Domain")
    {
        problems.push(format!("sign-in through the proxy: {} {cookie}", res.status()));
    }
    let session = cookie.split(';').next().unwrap_or("").to_owned();
    let me = client.get(format!("{base}/api/v1/me")).header("Cookie", &session).send().await.unwrap();
    if me.status() != 200 {
        problems.push(format!("the session through the proxy: {}", me.status()));
    }

    // the Origin check: the public origin passes, another does not
    let evil = client
        .post(format!("{base}/api/v1/auth/logout"))
        .header("Origin", "https://evil.example")
        .header("Cookie", &session)
        .send()
        .await
        .unwrap();
    let evil_status = evil.status();
    let evil_body: serde_json::Value = evil.json().await.unwrap_or_default();
    if evil_status != 403 || evil_body["code"] != "cross_origin_request" {
        problems.push(format!("a foreign Origin through the proxy: {evil_status} {evil_body}"));
    }

    // throttling keys on the client's address (127.0.0.2), forged headers or not
    let x = nginx.client("127.0.0.2");
    let mut refused_after = None;
    for i in 0..8 {
        let forged = format!("198.51.100.{i}");
        let r =
            login(&x, &base, &format!("nobody{i}@proxy.example"), "wrong password here", Some(&forged)).await;
        if r.status() == 429 {
            refused_after = Some(i);
            break;
        }
    }
    let locked_out = login(&x, &base, ORGANIZER, PASSWORD, Some("203.0.113.9")).await.status();
    let other = login(&nginx.client("127.0.0.4"), &base, ORGANIZER, PASSWORD, None).await.status();
    // straight to a web process from an address that is not a trusted proxy: its header is ignored
    let direct =
        reqwest::Client::builder().local_address("127.0.0.5".parse::<IpAddr>().unwrap()).build().unwrap();
    let direct_status = login(&direct, &a.base(), ORGANIZER, PASSWORD, Some("127.0.0.2")).await.status();
    if refused_after.is_none_or(|n| n > 3) || locked_out != 429 || other != 200 || direct_status != 200 {
        problems.push(format!(
            "throttling by address: refused after {refused_after:?} failures (forged headers each time), \
             then the right password {locked_out}; another client {other}; direct with a forged header {direct_status}"
        ));
    }

    // caching: the hashed assets are kept by the proxy; no API answer is, ever
    let index = client.get(format!("{base}/")).send().await.unwrap().text().await.unwrap();
    let asset = index.split('"').find(|s| s.starts_with("/assets/")).map(str::to_owned);
    let mut asset_hit = None;
    if let Some(asset) = &asset {
        for _ in 0..2 {
            let r = client.get(format!("{base}{asset}")).send().await.unwrap();
            asset_hit = r.headers().get("x-cache-status").map(|v| v.to_str().unwrap().to_owned());
        }
        if asset_hit.as_deref() != Some("HIT") {
            problems.push(format!("the asset {asset} was not served from the proxy's cache: {asset_hit:?}"));
        }
    }
    for path in ["/api/v1/editions", "/api/v1/me", "/api/v1/openapi.json"] {
        for _ in 0..3 {
            let r = client.get(format!("{base}{path}")).header("Cookie", &session).send().await.unwrap();
            let cc = r.headers().get("cache-control").map(|v| v.to_str().unwrap().to_owned());
            let hit = r.headers().get("x-cache-status").map(|v| v.to_str().unwrap().to_owned());
            if cc.as_deref() != Some("no-store") || hit.as_deref() == Some("HIT") {
                problems.push(format!("{path}: Cache-Control {cc:?}, proxy cache {hit:?}"));
            }
        }
    }

    // failover: readers through the proxy while web process A is killed
    let stop = Arc::new(AtomicBool::new(false));
    let (sent, failed) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
    let mut tasks = vec![];
    let readers = 8;
    for r in 0..readers {
        let (client, base, stop, sent, failed) =
            (client.clone(), base.clone(), stop.clone(), sent.clone(), failed.clone());
        let path = if r % 2 == 0 { "/api/v1/editions" } else { "/readyz" };
        tasks.push(tokio::spawn(async move {
            let mut errors = vec![];
            while !stop.load(Ordering::Relaxed) {
                sent.fetch_add(1, Ordering::Relaxed);
                match client.get(format!("{base}{path}")).send().await {
                    Ok(res) if res.status() == 200 => {}
                    Ok(res) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        errors.push(format!("{path}: {}", res.status()));
                    }
                    Err(e) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        errors.push(format!("{path}: {e}"));
                    }
                }
            }
            errors
        }));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let before_kill = sent.load(Ordering::Relaxed);
    a.kill9();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    stop.store(true, Ordering::Relaxed);
    let mut errors = vec![];
    for t in tasks {
        errors.extend(t.await.unwrap());
    }
    let (total, lost) = (sent.load(Ordering::Relaxed), failed.load(Ordering::Relaxed));
    if lost > readers {
        problems.push(format!("{lost} of {total} requests failed around the kill (more than the {readers} in flight): {errors:?}"));
    }

    // no web process left: API paths get the problem+json 503 shape from the proxy
    b.kill9();
    let r = client.get(format!("{base}/api/v1/editions")).send().await.unwrap();
    let (status, ctype, retry) = (
        r.status().as_u16(),
        r.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default(),
        r.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned()),
    );
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    if status != 503
        || ctype != "application/problem+json"
        || body["code"] != "unavailable"
        || body["status"] != 503
        || retry.is_none()
    {
        problems.push(format!("no web process: {status} {ctype} {retry:?} {body}"));
    }

    summary(&format!(
        "DRILL proxy: nginx with TLS before 2 web processes: __Host- cookie with Secure {}; sign-ins refused \
         after {refused_after:?} failures from one client whatever it forged, another client {other}; asset from \
         the proxy's cache {asset_hit:?}, API answers never cached; {total} reads ({before_kill} before the kill of \
         one process), {lost} failed; none left: {status} {ctype}",
        cookie.starts_with("__Host-") && cookie.contains("Secure"),
    ));
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}\nnginx: {}",
        problems.len(),
        problems.join("\n"),
        nginx.error_log()
    );
}
