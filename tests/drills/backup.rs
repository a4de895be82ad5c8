//! Backup drill: the README's backup (`pg_dump` in custom format, sessions left out) taken while
//! nominators create and submit nominations and judges save score sheets; restored with
//! `pg_restore` into a fresh PostgreSQL cluster; the service started on it. Checked: every write
//! acknowledged before the backup started is there, nothing is half-written (each nomination has
//! its audit row, each submission its audit row and its receipt), the audit log holds only rows
//! of the original and all of those older than the backup, `wsis-prizes verify` passes (snapshot
//! checksums, append-only rule, migrations at head), the winner list is the same, and a session of
//! the old database opens no door on the restored one.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::json;

use crate::harness::{
    Api, CATEGORIES, Cluster, PASSWORD, Server, admin_url, assigned, binary, close_call, complete,
    create_organizer, exclusive, judges, migrated_database, open_edition, open_round, query_json, size,
    summary, url_for,
};

const PUBLISHED_YEAR: i32 = 2040;
const JUDGING_YEAR: i32 = 2041;
const OPEN_YEAR: i32 = 2042;
const ORGANIZER: &str = "organiser@backup.example";

/// A write and when its acknowledgement arrived.
struct Acked {
    key: String,
    value: String,
    at: Instant,
}

/// Nominations from one nominator until told to stop: each created (its title a marker), then
/// submitted. Returns the acknowledged creations (id → title) and submissions (id).
async fn nominator(w: usize, api: Api, stop: Arc<AtomicBool>) -> (Vec<Acked>, Vec<Acked>, Vec<String>) {
    let (mut created, mut submitted, mut problems) = (vec![], vec![], vec![]);
    let mut k = 0;
    while !stop.load(Ordering::Relaxed) {
        let title = format!("Backup drill writer {w} nomination {k:05}");
        let body = complete(CATEGORIES[(w + k) % CATEGORIES.len()], &title, &format!("Backup Org {w}-{k}"));
        let r = api.post(&format!("/api/v1/editions/{OPEN_YEAR}/nominations"), &body).await;
        if r.status() != Some(201) {
            problems.push(format!("create: {}", r.describe()));
            break;
        }
        let id = r.body()["id"].as_str().unwrap().to_owned();
        created.push(Acked { key: id.clone(), value: title, at: Instant::now() });
        let r = api.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await;
        if r.status() != Some(200) {
            problems.push(format!("submit: {}", r.describe()));
            break;
        }
        submitted.push(Acked { key: id, value: String::new(), at: Instant::now() });
        k += 1;
    }
    (created, submitted, problems)
}

/// Score sheets from one judge, round-robin over its assignments, each comment numbered.
async fn judge(
    j: usize, api: Api, round: String, nominations: Vec<String>, stop: Arc<AtomicBool>,
) -> (Vec<Acked>, Vec<String>) {
    let (mut saved, mut problems) = (vec![], vec![]);
    let mut s = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let nomination = &nominations[s % nominations.len()];
        let comment = format!("judge {j} sheet {s:06}");
        let body =
            json!({"scores": {"impact": (s % 11) as f64, "relevance": (s % 7) as f64}, "comment": comment});
        let r = api
            .send(Method::PUT, &format!("/api/v1/rounds/{round}/scores/{nomination}"), Some(&body), None)
            .await;
        if r.status() != Some(200) {
            problems.push(format!("score: {}", r.describe()));
            break;
        }
        saved.push(Acked { key: format!("{j}:{nomination}"), value: comment, at: Instant::now() });
        s += 1;
    }
    (saved, problems)
}

/// Submits one nomination per category listed in `year`.
async fn submit_some(api: &Api, year: i32, categories: &[&str]) {
    for (i, c) in categories.iter().enumerate() {
        let body = complete(c, &format!("Published project {i} of {year}"), &format!("Seed Org {year}-{i}"));
        let n = api.post(&format!("/api/v1/editions/{year}/nominations"), &body).await.ok("seed nomination");
        let id = n["id"].as_str().unwrap();
        api.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await.ok("seed submit");
    }
}

fn tool(name: &str, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(name).args(args).output().unwrap_or_else(|e| panic!("{name}: {e}"));
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_under_writes_restores_every_acknowledged_write_and_verifies() {
    let _one = exclusive().await;
    let writers: usize = size(4, 8);
    let db = migrated_database(&admin_url(), "drill_backup").await;
    create_organizer(&db, ORGANIZER);
    let env = [("MAX_NOMINATIONS_PER_NOMINATOR", "1000000"), ("LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000")];
    let mut server = Server::start(&db, &env);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let timeout = Duration::from_secs(30);
    let mut problems: Vec<String> = vec![];

    // a published edition, an edition being judged, an edition open for nominations
    let mut org = Api::new(&base, timeout);
    org.login(ORGANIZER, PASSWORD).await.ok("organiser login");
    for year in [PUBLISHED_YEAR, JUDGING_YEAR, OPEN_YEAR] {
        open_edition(&org, year).await;
    }
    let mut seed = Api::new(&base, timeout);
    seed.register("seed@backup.example", "Seed Org").await;
    for year in [PUBLISHED_YEAR, JUDGING_YEAR] {
        submit_some(&seed, year, &CATEGORIES[..4]).await;
        close_call(&db, year).await;
    }
    let jury = judges(&org, 3, "backup").await;
    let published_round = open_round(&org, PUBLISHED_YEAR, &jury, 2).await;
    for (_, api) in &jury {
        for n in assigned(api, &published_round).await {
            let sheet = json!({"scores": {"impact": 7, "relevance": 6}, "comment": "Sound."});
            api.send(
                Method::PUT,
                &format!("/api/v1/rounds/{published_round}/scores/{n}"),
                Some(&sheet),
                None,
            )
            .await
            .ok("score");
        }
    }
    org.post(&format!("/api/v1/rounds/{published_round}/close"), &json!({})).await.ok("close");
    org.post(&format!("/api/v1/editions/{PUBLISHED_YEAR}/publish"), &json!({})).await.ok("publish");
    let winners_before = org.get(&format!("/api/v1/editions/{PUBLISHED_YEAR}/winners")).await.ok("winners");
    let judging_round = open_round(&org, JUDGING_YEAR, &jury, 2).await;

    // writers
    let stop = Arc::new(AtomicBool::new(false));
    let mut noms = vec![];
    for w in 0..writers {
        let mut api = Api::new(&base, timeout);
        api.register(&format!("writer{w}@backup.example"), &format!("Writer Org {w}")).await;
        noms.push(tokio::spawn(nominator(w, api, stop.clone())));
    }
    let mut scorers = vec![];
    for (j, (_, api)) in jury.iter().enumerate() {
        let mine = assigned(api, &judging_round).await;
        let api = api.on(&base);
        scorers.push(tokio::spawn(judge(j, api, judging_round.clone(), mine, stop.clone())));
    }
    tokio::time::sleep(Duration::from_millis(size(1500, 5000))).await;

    // the backup, as the README says, while the writes go on
    let dir = std::env::temp_dir().join(format!("wsis-backup-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let dump = dir.join("wsis.dump");
    let backup_start = Instant::now();
    let started_at = chrono::Utc::now();
    let args = ["--format=custom", "--exclude-table-data=sessions", "--file", dump.to_str().unwrap(), &db]
        .map(str::to_owned);
    let (ok, text) = tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        tool("pg_dump", &args)
    })
    .await
    .unwrap();
    let dump_ms = backup_start.elapsed().as_millis();
    assert!(ok, "pg_dump: {text}");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let (mut created, mut submitted, mut saved) = (vec![], vec![], vec![]);
    for h in noms {
        let (c, s, p) = h.await.unwrap();
        created.extend(c);
        submitted.extend(s);
        problems.extend(p);
    }
    for h in scorers {
        let (s, p) = h.await.unwrap();
        saved.extend(s);
        problems.extend(p);
    }
    let before = |a: &&Acked| a.at < backup_start;
    let writes_before = created.iter().filter(before).count()
        + submitted.iter().filter(before).count()
        + saved.iter().filter(before).count();
    let writes_after = created.len() + submitted.len() + saved.len() - writes_before;
    let old_session_works_on_source = org.get("/api/v1/me").await.status() == Some(200);

    // restore into a fresh cluster and serve it
    let cluster = Cluster::start();
    let restored = url_for(&cluster.url(), "restored");
    crate::harness::execute(&cluster.url(), "CREATE DATABASE restored").await;
    let restore_start = Instant::now();
    let (ok, text) =
        tool("pg_restore", &["--exit-on-error", "--no-owner", "--dbname", &restored, dump.to_str().unwrap()]);
    let restore_ms = restore_start.elapsed().as_millis();
    assert!(ok, "pg_restore: {text}");
    let (verified, verify_text) = tool_env(&["verify"], &restored);
    if !verified {
        problems.push(format!("verify on the restored database: {verify_text}"));
    }
    let mut again = Server::start(&restored, &env);
    again.wait_ready(Duration::from_secs(60)).await;

    // every acknowledged write from before the backup is there
    let rows = query_json(
        &restored,
        &format!(
            "SELECT n.id::text AS id, n.title, n.status FROM nominations n JOIN editions e ON e.id = n.edition_id
              WHERE e.year = {OPEN_YEAR}"
        ),
    )
    .await;
    let found: HashMap<String, (String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                (r["title"].as_str().unwrap().to_owned(), r["status"].as_str().unwrap().to_owned()),
            )
        })
        .collect();
    let mut missing = 0;
    for c in created.iter().filter(before) {
        if found.get(&c.key).map(|f| &f.0) != Some(&c.value) {
            missing += 1;
            problems.push(format!("created before the backup but not restored: {} {}", c.key, c.value));
        }
    }
    for s in submitted.iter().filter(before) {
        if found.get(&s.key).map(|f| f.1.as_str()) != Some("submitted") {
            missing += 1;
            problems.push(format!("submitted before the backup but not restored as submitted: {}", s.key));
        }
    }
    // a score sheet holds the last sheet acknowledged before the backup, or a later one
    let sheets = query_json(
        &restored,
        &format!("SELECT nomination_id::text AS n, comment FROM scores WHERE round_id = '{judging_round}'"),
    )
    .await;
    let mut restored_sheets: HashMap<String, Vec<String>> = HashMap::new();
    for r in &sheets {
        restored_sheets
            .entry(r["n"].as_str().unwrap().to_owned())
            .or_default()
            .push(r["comment"].as_str().unwrap().to_owned());
    }
    let mut last_before: HashMap<&str, &str> = HashMap::new();
    for s in saved.iter().filter(before) {
        last_before.insert(&s.key, &s.value);
    }
    for (key, comment) in &last_before {
        let (j, nomination) = key.split_once(':').unwrap();
        let found = restored_sheets
            .get(nomination)
            .and_then(|cs| cs.iter().find(|c| c.starts_with(&format!("judge {j} "))))
            .cloned();
        if found.as_deref().is_none_or(|f| f < *comment) {
            missing += 1;
            problems.push(format!(
                "judge {j}, nomination {nomination}: restored {found:?}, acknowledged {comment}"
            ));
        }
    }

    // nothing half-written
    let half = query_json(
        &restored,
        "SELECT
           (SELECT count(*) FROM nominations n WHERE NOT EXISTS (SELECT 1 FROM audit_log a
               WHERE a.entity_id = n.id AND a.action = 'nomination.created')) AS without_creation,
           (SELECT count(*) FROM nominations n WHERE n.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM audit_log a
               WHERE a.entity_id = n.id AND a.action = 'nomination.submitted')) AS without_submission,
           (SELECT count(*) FROM nominations n WHERE n.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM outbox o
               WHERE o.dedupe_key = 'receipt:' || n.id)) AS without_receipt,
           (SELECT count(*) FROM sessions) AS sessions",
    )
    .await;
    for key in ["without_creation", "without_submission", "without_receipt", "sessions"] {
        if half[0][key] != 0 {
            problems.push(format!("restored database: {key} = {}", half[0][key]));
        }
    }

    // the audit log: only rows of the original, unchanged, and every row older than the backup
    let digest =
        "SELECT md5(a::text) AS d, a.at < '{T}'::timestamptz - interval '2 seconds' AS old FROM audit_log a";
    let digest = digest.replace("{T}", &started_at.to_rfc3339());
    let source_rows = query_json(&db, &digest).await;
    let restored_rows = query_json(&restored, &digest).await;
    let source: std::collections::HashSet<&str> =
        source_rows.iter().map(|r| r["d"].as_str().unwrap()).collect();
    let back: std::collections::HashSet<&str> =
        restored_rows.iter().map(|r| r["d"].as_str().unwrap()).collect();
    let foreign = back.difference(&source).count();
    let old_missing =
        source_rows.iter().filter(|r| r["old"] == true && !back.contains(r["d"].as_str().unwrap())).count();
    if foreign > 0 || old_missing > 0 {
        problems.push(format!(
            "audit log: {foreign} row(s) not in the original, {old_missing} older row(s) missing"
        ));
    }

    // the restored service: the same winner list; the old session opens nothing; signing in works
    let fresh = Api::new(&again.base(), timeout);
    let winners_after =
        fresh.get(&format!("/api/v1/editions/{PUBLISHED_YEAR}/winners")).await.ok("winners after");
    if winners_after["checksum"] != winners_before["checksum"]
        || winners_after["categories"] != winners_before["categories"]
    {
        problems.push("the restored winner list differs".into());
    }
    let old_session = org.on(&again.base()).get("/api/v1/me").await.status();
    if !old_session_works_on_source || old_session != Some(401) {
        problems.push(format!("the old session on the restored service: {old_session:?} (want 401)"));
    }
    let mut signed_in = Api::new(&again.base(), timeout);
    signed_in.login(ORGANIZER, PASSWORD).await.ok("sign-in on the restored service");
    let _ = std::fs::remove_dir_all(&dir);

    summary(&format!(
        "DRILL backup: {writes_before} writes acknowledged before the backup started, {} found after the \
         restore ({missing} missing); {writes_after} writes during the dump; pg_dump {dump_ms} ms, pg_restore \
         {restore_ms} ms; verify {}; the old session on the restored service: {old_session:?}",
        writes_before - missing,
        if verified { "ok" } else { "FAILED" },
    ));
    assert!(writes_before > 0 && writes_after > 0, "writes before {writes_before}, during {writes_after}");
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

fn tool_env(args: &[&str], db: &str) -> (bool, String) {
    let out = std::process::Command::new(binary()).args(args).env("DATABASE_URL", db).output().expect("run");
    (
        out.status.success(),
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
    )
}
