//! Upgrade drill: the previous release (the newest commit whose migrations are a strict,
//! unchanged part of this tree's: `previous_release`; built from `git archive` in
//! `target/upgrade-drill/`, kept between runs) serves two web processes behind nginx
//! (`deploy/nginx.conf`) while nominators create and submit and readers read; this tree's
//! `wsis-prizes migrate` applies the new migrations under that traffic (the old binary must keep
//! working on the migrated schema: expand/contract); then the web processes are replaced one by
//! one (taken out of the proxy with `down` and an nginx reload, SIGTERM, the new binary on the
//! same port, ready, put back). Checked: no request fails in any phase, every acknowledged
//! submission is there, and `wsis-prizes verify` passes on the result.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{
    Api, CATEGORIES, PASSWORD, Server, admin_url, binary, complete, create_organizer_with, execute,
    query_json, summary, url_for,
};
use crate::nginx::Nginx;

const ORGANIZER: &str = "organiser@upgrade.example";
const YEAR: i32 = 2044;

fn git(args: &[&str]) -> String {
    try_git(args).unwrap_or_else(|e| panic!("git {args:?}: {e}"))
}

/// `git` in this tree: its output, or why it failed.
fn try_git(args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The migrations of a commit: each file's path and blob, or None when the commit has none.
fn migrations_at(rev: &str) -> Option<std::collections::BTreeSet<String>> {
    let files: std::collections::BTreeSet<String> =
        try_git(&["ls-tree", "-r", rev, "--", "migrations"]).ok()?.lines().map(str::to_owned).collect();
    (!files.is_empty()).then_some(files)
}

/// The release this tree upgrades from: the newest parent of a commit that changed `migrations/`
/// whose migrations are a strict part of this tree's, each file byte-identical (so the upgrade
/// has migrations to apply, and the schema the old release made is the one this tree's earlier
/// migrations describe). A migration corrected before it ever ran anywhere makes the commits
/// with its first text no release to upgrade from.
fn previous_release() -> String {
    let head = migrations_at("HEAD").expect("this tree's migrations");
    git(&["log", "--format=%H", "--", "migrations"])
        .lines()
        .map(|c| format!("{c}^"))
        .find(|parent| migrations_at(parent).is_some_and(|m| m.len() < head.len() && m.is_subset(&head)))
        .map(|parent| git(&["rev-parse", "--short=12", &parent]))
        .expect("an earlier commit whose migrations are a part of this tree's")
}

/// The previous release's binary and its commit (`previous_release`). `UPGRADE_FROM_BINARY`
/// names another.
fn previous_binary() -> (String, String) {
    if let Ok(bin) = std::env::var("UPGRADE_FROM_BINARY") {
        return (bin, "UPGRADE_FROM_BINARY".into());
    }
    let old = previous_release();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/upgrade-drill");
    let src = root.join(format!("src-{old}"));
    let bin = root.join("target/debug/wsis-prizes");
    let stamp = root.join("built-from");
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(old.as_str()) && bin.exists() {
        return (bin.display().to_string(), old);
    }
    if !src.exists() {
        std::fs::create_dir_all(&src).unwrap();
        let archive = format!("git archive {old} | tar -x -C '{}'", src.display());
        let out = Command::new("sh")
            .args(["-c", &archive])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap();
        assert!(out.status.success(), "{archive}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let started = Instant::now();
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--bin", "wsis-prizes"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .current_dir(&src)
        .output()
        .expect("cargo build of the previous release");
    assert!(out.status.success(), "building {old}: {}", String::from_utf8_lossy(&out.stderr));
    eprintln!("upgrade drill: built the previous release {old} in {:?}", started.elapsed());
    std::fs::write(&stamp, &old).unwrap();
    let _ = std::fs::remove_dir_all(&src);
    (bin.display().to_string(), old)
}

/// What the traffic saw in each phase of the upgrade.
#[derive(Default, Clone)]
struct Tally {
    ok: [u64; 4],
    failed: Vec<String>,
    submitted: Vec<String>,
    /// Reads sent again once because no answer came on a connection the proxy had just closed.
    retried: u64,
}

const PHASES: [&str; 4] =
    ["old binary, old schema", "old binary, new schema", "rolling replacement", "new binary"];

async fn nominator(
    w: usize, api: Api, phase: Arc<std::sync::atomic::AtomicUsize>, stop: Arc<AtomicBool>,
) -> Tally {
    let mut t = Tally::default();
    let mut k = 0;
    while !stop.load(Ordering::Relaxed) {
        let title = format!("Upgrade drill writer {w} nomination {k:04}");
        let body = complete(CATEGORIES[(w + k) % CATEGORIES.len()], &title, &format!("Upgrade Org {w}-{k}"));
        let p = phase.load(Ordering::Relaxed);
        let r = api.post(&format!("/api/v1/editions/{YEAR}/nominations"), &body).await;
        if r.status() != Some(201) {
            t.failed.push(format!("{}: create: {}", PHASES[p], r.describe()));
            k += 1;
            continue;
        }
        t.ok[p] += 1;
        let id = r.body()["id"].as_str().unwrap().to_owned();
        let p = phase.load(Ordering::Relaxed);
        let r = api.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
        if r.status() == Some(200) {
            t.ok[p] += 1;
            t.submitted.push(id);
        } else {
            t.failed.push(format!("{}: submit: {}", PHASES[p], r.describe()));
        }
        k += 1;
    }
    t
}

async fn reader(api: Api, phase: Arc<std::sync::atomic::AtomicUsize>, stop: Arc<AtomicBool>) -> Tally {
    let mut t = Tally::default();
    while !stop.load(Ordering::Relaxed) {
        let p = phase.load(Ordering::Relaxed);
        for path in ["/api/v1/editions".to_owned(), format!("/api/v1/editions/{YEAR}")] {
            let mut r = api.get(&path).await;
            // a reload of the proxy closes its idle connections to clients; a request that met
            // one got no answer at all, and an idempotent read is sent again, as HTTP clients do
            if r.status().is_none() {
                t.retried += 1;
                r = api.get(&path).await;
            }
            if r.status() == Some(200) {
                t.ok[p] += 1;
            } else {
                t.failed.push(format!("{}: GET {path}: {}", PHASES[p], r.describe()));
            }
        }
    }
    t
}

/// A port from 20000–32000 (below Linux's ephemeral range) that is free now and not in `taken`.
fn listening_port(taken: &[u16]) -> u16 {
    let seed = std::process::id() as u64
        ^ std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    (0..12_000u64)
        .map(|i| 20_000 + ((seed.wrapping_mul(2_654_435_761).wrapping_add(i * 7_919)) % 12_000) as u16)
        .find(|p| !taken.contains(p) && std::net::TcpListener::bind(("127.0.0.1", *p)).is_ok())
        .expect("a free port below the ephemeral range")
}

fn migrate(bin: &str, db: &str) -> String {
    let out =
        Command::new(bin).arg("migrate").env("DATABASE_URL", db).env("RUST_LOG", "warn").output().unwrap();
    assert!(out.status.success(), "{bin} migrate: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_upgrade_under_traffic_fails_no_request_and_the_old_release_works_on_the_new_schema() {
    let _one = crate::harness::exclusive().await;
    let (old_bin, old_commit) = tokio::task::spawn_blocking(previous_binary).await.unwrap();
    let admin = admin_url();
    let name = format!("drill_upgrade_{}", uuid::Uuid::new_v4().simple());
    execute(&admin, &format!("CREATE DATABASE {name}")).await;
    let db = url_for(&admin, &name);
    let applied_old = migrate(&old_bin, &db);
    create_organizer_with(&old_bin, &db, ORGANIZER);
    let env = [
        ("TRUSTED_PROXIES", "127.0.0.1"),
        ("SESSION_SECURE", "true"),
        ("MAX_NOMINATIONS_PER_NOMINATOR", "1000000"),
        ("LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000"),
    ];
    // the web processes' ports lie below the ephemeral range: the drill's clients open thousands
    // of connections, and one of them could take a port between the old process and the new
    let first = listening_port(&[]);
    let ports = [first, listening_port(&[first])];
    let mut servers: Vec<Server> =
        ports.iter().map(|p| Server::start_binary(&old_bin, *p, &db, &env)).collect();
    for s in &mut servers {
        s.wait_ready(Duration::from_secs(60)).await;
    }
    let nginx = Nginx::start(ports);
    let base = nginx.base();
    let client = nginx.client_without_keepalive("127.0.0.1");
    let mut org = Api::with_client(client.clone(), &base);
    org.login(ORGANIZER, PASSWORD).await.ok("organiser login through the proxy");
    let now = chrono::Utc::now();
    org.post(
        "/api/v1/editions",
        &json!({"year": YEAR, "name": format!("WSIS Prizes {YEAR}"), "timezone": "Europe/Zurich",
                "submission_opens_at": (now - chrono::Duration::days(1)).to_rfc3339(),
                "submission_deadline": (now + chrono::Duration::days(30)).to_rfc3339()}),
    )
    .await
    .ok("create edition");

    let phase = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = vec![];
    for w in 0..4 {
        let mut api = Api::with_client(client.clone(), &base);
        api.register(&format!("writer{w}@upgrade.example"), &format!("Upgrade Writer {w}")).await;
        tasks.push(tokio::spawn(nominator(w, api, phase.clone(), stop.clone())));
        tasks.push(tokio::spawn(reader(
            Api::with_client(client.clone(), &base),
            phase.clone(),
            stop.clone(),
        )));
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;

    // the new migrations, applied while the old release serves
    let t = Instant::now();
    let new_bin = binary().to_owned();
    let (bin, url) = (new_bin.clone(), db.clone());
    let applied_new = tokio::task::spawn_blocking(move || migrate(&bin, &url)).await.unwrap();
    let migrate_ms = t.elapsed().as_millis();
    phase.store(1, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(2000)).await;

    // the web processes replaced one by one
    phase.store(2, Ordering::Relaxed);
    let mut replaced = vec![];
    let nginx = Arc::new(nginx);
    for (mut old, port) in servers.drain(..).zip(ports) {
        // out of the proxy first (its requests finish, its connections close from nginx's side),
        // then stopped, replaced, ready, and back in
        let proxy = nginx.clone();
        tokio::task::spawn_blocking(move || {
            proxy.set_down(port, true);
            old.stop(Duration::from_secs(30));
        })
        .await
        .unwrap();
        let mut new = Server::start_binary(&new_bin, port, &db, &env);
        new.wait_ready(Duration::from_secs(60)).await;
        let proxy = nginx.clone();
        tokio::task::spawn_blocking(move || proxy.set_down(port, false)).await.unwrap();
        replaced.push(new);
    }
    phase.store(3, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Tally::default();
    for t in tasks {
        let t = t.await.unwrap();
        for p in 0..4 {
            all.ok[p] += t.ok[p];
        }
        all.failed.extend(t.failed);
        all.retried += t.retried;
        all.submitted.extend(t.submitted);
    }

    let mut problems = all.failed.clone();
    let stored = query_json(
        &db,
        &format!(
            "SELECT count(*) AS n FROM nominations n JOIN editions e ON e.id = n.edition_id
              WHERE e.year = {YEAR} AND n.status = 'submitted'"
        ),
    )
    .await;
    if stored[0]["n"].as_u64() != Some(all.submitted.len() as u64) {
        problems.push(format!("{} submissions acknowledged, {} stored", all.submitted.len(), stored[0]["n"]));
    }
    let verify = Command::new(&new_bin).arg("verify").env("DATABASE_URL", &db).output().unwrap();
    if !verify.status.success() {
        problems.push(format!("verify: {}", String::from_utf8_lossy(&verify.stdout)));
    }
    let total: u64 = all.ok.iter().sum::<u64>() + all.failed.len() as u64;
    summary(&format!(
        "DRILL upgrade: from {old_commit} ({applied_old}) to this tree (migrate under traffic: {applied_new}, \
         {migrate_ms} ms): {total} requests through the proxy, {} failed, {} reads retried once after \
         the proxy's reload closed their idle connection; answered per phase: {}; {} submissions \
         acknowledged and stored",
        all.failed.len(),
        all.retried,
        PHASES.iter().zip(all.ok).map(|(p, n)| format!("{p} {n}")).collect::<Vec<_>>().join(", "),
        all.submitted.len(),
    ));
    assert!(all.ok[1] > 0, "the old release served nothing on the new schema");
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}\nnginx: {}",
        problems.len(),
        problems.join("\n"),
        nginx.error_log()
    );
}
