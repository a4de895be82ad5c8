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
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{
    PASSWORD, Server, admin_url, create_organizer, exclusive, free_port, migrated_database, signal, summary,
};

const ORGANIZER: &str = "organiser@proxy.example";

/// nginx as a child process in a directory of its own; stopped by its PID when dropped.
struct Nginx {
    child: Child,
    dir: PathBuf,
    port: u16,
}

fn run(cmd: &str, args: &[&str], dir: &Path) {
    let out = Command::new(cmd).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(out.status.success(), "{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A certificate authority and a server certificate for 127.0.0.1 signed by it (a self-signed
/// CA certificate cannot serve as the server's own in a strict client).
fn certificates(dir: &Path) {
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    run(
        "openssl",
        &[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Proxy drill CA"],
        ]
        .concat(),
        dir,
    );
    run(
        "openssl",
        &[&["req"][..], &ec, &["-keyout", "key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]]
            .concat(),
        dir,
    );
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    run(
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "cert.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ],
        dir,
    );
}

/// The shipped configuration with the site's values replaced; each must be found exactly once.
fn site_config(dir: &Path, port: u16, upstreams: [u16; 2]) -> String {
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/nginx.conf")).unwrap();
    let d = dir.display();
    let mut conf = shipped.clone();
    for (from, to) in [
        ("server 127.0.0.1:8081 ", format!("server 127.0.0.1:{} ", upstreams[0])),
        ("server 127.0.0.1:8082 ", format!("server 127.0.0.1:{} ", upstreams[1])),
        ("/var/cache/nginx/wsis-prizes ", format!("{d}/cache ")),
        ("listen 443 ssl http2;", format!("listen 127.0.0.1:{port} ssl http2;")),
        ("server_name prizes.example.org;", "server_name 127.0.0.1;".to_owned()),
        ("/etc/ssl/wsis-prizes/fullchain.pem;", format!("{d}/cert.pem;")),
        ("/etc/ssl/wsis-prizes/privkey.pem;", format!("{d}/key.pem;")),
    ] {
        assert_eq!(conf.matches(from).count(), 1, "deploy/nginx.conf: `{from}` once");
        conf = conf.replace(from, &to);
    }
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("```nginx\n{shipped}```")),
        "README.md shows deploy/nginx.conf as it is"
    );
    let site_lines = shipped.lines().filter(|l| l.contains("# site:")).count();
    assert_eq!(site_lines, 7, "every line marked `site:` is replaced");
    conf
}

impl Nginx {
    fn start(upstreams: [u16; 2]) -> Self {
        let dir = std::env::temp_dir().join(format!("wsis-proxy-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(dir.join("tmp")).unwrap();
        certificates(&dir);
        let port = free_port();
        std::fs::write(dir.join("site.conf"), site_config(&dir, port, upstreams)).unwrap();
        let d = dir.display();
        // as root, the workers run as root too (they write the drill's cache directory)
        let user = if unsafe_is_root() { "user root;\n" } else { "" };
        std::fs::write(
            dir.join("nginx.conf"),
            format!(
                "{user}daemon off;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
                 events {{ worker_connections 1024; }}\n\
                 http {{\n  access_log off;\n  client_body_temp_path {d}/tmp/body;\n  proxy_temp_path {d}/tmp/proxy;\n  \
                 fastcgi_temp_path {d}/tmp/fastcgi;\n  uwsgi_temp_path {d}/tmp/uwsgi;\n  scgi_temp_path {d}/tmp/scgi;\n  \
                 include {d}/site.conf;\n}}\n"
            ),
        )
        .unwrap();
        let nginx =
            ["/usr/sbin/nginx", "nginx"].into_iter().find(|p| Path::new(p).exists()).unwrap_or("nginx");
        let child = Command::new(nginx)
            .args(["-e", &format!("{d}/error.log"), "-c", &format!("{d}/nginx.conf")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx (scripts/deps test installs Debian's nginx-light)");
        let n = Self { child, dir, port };
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "nginx did not start: {}", n.error_log());
            std::thread::sleep(Duration::from_millis(20));
        }
        n
    }

    fn base(&self) -> String {
        format!("https://127.0.0.1:{}", self.port)
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    /// A client that trusts the drill's CA, connecting from `from` (a loopback address).
    fn client(&self, from: &str) -> reqwest::Client {
        let ca = reqwest::Certificate::from_pem(&std::fs::read(self.dir.join("ca.pem")).unwrap()).unwrap();
        reqwest::Client::builder()
            .add_root_certificate(ca)
            .local_address(from.parse::<IpAddr>().unwrap())
            .timeout(Duration::from_secs(30))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        signal("QUIT", &[self.child.id()]);
        let started = Instant::now();
        while self.child.try_wait().ok().flatten().is_none() && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn unsafe_is_root() -> bool {
    std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

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
