//! Crash drill (goal R3): 16 concurrent writers (12 nominators creating, editing and submitting
//! nominations, 4 judges saving score sheets) while the server is `kill -9`ed and restarted
//! again and again. Every writer keeps a ledger (Jepsen's set checker in spirit): `ok` on a 2xx,
//! `fail` on a 4xx, `info` when the outcome is unknown (connection reset, truncated answer,
//! 5xx). Afterwards the database is checked against the ledgers: every acknowledged write is
//! there whole, nothing is there that was never sent, nothing is there twice, nothing is half
//! written, and the audit trail has exactly one row per state change.
//! The mail those writes cause (confirmations, receipts) is checked too: once the last server has
//! sent what is queued, every outbox row is sent and written out as an `.eml` file under its own
//! Message-ID (a message sent again because a kill lost its record keeps that Message-ID), no file
//! carries an identity no row has, and every submission has exactly one receipt.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::{
    Api, CATEGORIES, PASSWORD, Reply, Server, admin_url, assigned, close_call, complete, create_organizer,
    exclusive, judges, median_max, migrated_database, open_edition, open_round, query_json, size, summary,
};

const OPEN_YEAR: i32 = 2031;
const JUDGED_YEAR: i32 = 2030;
const NOMINATORS: usize = 12;
const JUDGES: usize = 4;

/// What a writer learnt of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// 2xx: acknowledged.
    Ok,
    /// 4xx: refused, must have changed nothing.
    Fail(u16),
    /// No answer, or a 5xx: may or may not have been applied.
    Info,
}

fn classify(r: &Reply) -> Outcome {
    match r.status() {
        Some(s) if (200..300).contains(&s) => Outcome::Ok,
        Some(s) if s < 500 => Outcome::Fail(s),
        _ => Outcome::Info,
    }
}

#[derive(Default)]
struct Counts {
    invoked: u64,
    ok: u64,
    info: u64,
    fail: u64,
    refused: u64,
    internal_errors: u64,
}

impl Counts {
    fn add(&mut self, o: &Outcome, r: &Reply) {
        self.invoked += 1;
        match o {
            Outcome::Ok => self.ok += 1,
            Outcome::Fail(_) => self.fail += 1,
            Outcome::Info => self.info += 1,
        }
        if r.status() == Some(500) {
            self.internal_errors += 1;
        }
    }
    fn merge(&mut self, o: &Counts) {
        self.invoked += o.invoked;
        self.ok += o.ok;
        self.info += o.info;
        self.fail += o.fail;
        self.refused += o.refused;
        self.internal_errors += o.internal_errors;
    }
}

/// Sends until the request reaches a server (a refused connection certainly delivered nothing).
async fn delivered(
    api: &Api, counts: &mut Counts, method: Method, path: &str, body: Option<&Value>, if_match: Option<i64>,
) -> Reply {
    loop {
        match api.send(method.clone(), path, body, if_match).await {
            Reply::Refused => {
                counts.refused += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => return other,
        }
    }
}

/// A read that must eventually succeed (retried across restarts).
async fn read(api: &Api, path: &str) -> Value {
    for _ in 0..3000 {
        if let r @ Reply::Answer { status: 200, .. } = api.get(path).await {
            return r.body().clone();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("GET {path} never answered 200");
}

/// One nomination's history in a nominator's ledger.
struct NominationLedger {
    marker: String,
    sent: Value,
    id: Option<String>,
    creates: Vec<Outcome>,
    patched_impact: String,
    patches: Vec<Outcome>,
    submits: Vec<Outcome>,
}

/// Creates, edits (with `If-Match`) and submits nominations until told to stop. An unknown
/// outcome is resolved by reading before retrying, as a careful client would, so a retry never
/// duplicates; submitting is retried as it is (it is idempotent).
async fn nominator(w: usize, api: Api, stop: Arc<AtomicBool>) -> (Vec<NominationLedger>, Counts) {
    let mut ledger = vec![];
    let mut c = Counts::default();
    let mut k = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let marker = format!("Drill writer {w:02} nomination {k:05}");
        let category = CATEGORIES[(w + k) % CATEGORIES.len()];
        let sent = complete(category, &marker, &format!("Drill Org {w:02}-{k:05}"));
        let mut n = NominationLedger {
            marker: marker.clone(),
            sent: sent.clone(),
            id: None,
            creates: vec![],
            patched_impact: format!("Impact edited by writer {w} on nomination {k}."),
            patches: vec![],
            submits: vec![],
        };
        let create_path = format!("/api/v1/editions/{OPEN_YEAR}/nominations");
        loop {
            let r = delivered(&api, &mut c, Method::POST, &create_path, Some(&sent), None).await;
            let o = classify(&r);
            c.add(&o, &r);
            n.creates.push(o);
            match o {
                Outcome::Ok => {
                    n.id = r.body()["id"].as_str().map(str::to_owned);
                    break;
                }
                Outcome::Fail(_) => break,
                Outcome::Info => {
                    let mine = read(&api, "/api/v1/me/nominations").await;
                    let found = mine.as_array().unwrap().iter().find(|x| x["title"] == marker.as_str());
                    if let Some(x) = found {
                        n.id = x["id"].as_str().map(str::to_owned);
                        break;
                    }
                }
            }
        }
        if let Some(id) = n.id.clone() {
            let path = format!("/api/v1/nominations/{id}");
            let edit = json!({"impact": n.patched_impact});
            loop {
                let r = delivered(&api, &mut c, Method::PATCH, &path, Some(&edit), Some(1)).await;
                let o = classify(&r);
                c.add(&o, &r);
                n.patches.push(o);
                if o != Outcome::Info || read(&api, &path).await["version"].as_i64() != Some(1) {
                    break;
                }
            }
            if k % 3 != 2 {
                let submit = format!("{path}/submit");
                loop {
                    let r = delivered(&api, &mut c, Method::POST, &submit, Some(&json!({})), None).await;
                    let o = classify(&r);
                    c.add(&o, &r);
                    n.submits.push(o);
                    if o != Outcome::Info {
                        break;
                    }
                }
            }
        }
        ledger.push(n);
        k += 1;
    }
    (ledger, c)
}

/// One score sheet a judge sent.
struct ScoreWrite {
    nomination: String,
    marker: String,
    impact: f64,
    relevance: f64,
    outcome: Outcome,
}

/// Saves score sheets round-robin over the judge's assignments until told to stop; each sheet's
/// comment is a unique marker.
async fn judge(
    j: usize, api: Api, round: String, nominations: Vec<String>, stop: Arc<AtomicBool>,
) -> (Vec<ScoreWrite>, Counts) {
    let mut ledger = vec![];
    let mut c = Counts::default();
    let mut s = 0usize;
    while !stop.load(Ordering::Relaxed) {
        let nomination = nominations[s % nominations.len()].clone();
        let marker = format!("Drill judge {j} sheet {s:06}");
        let (impact, relevance) = ((s % 11) as f64, ((s * 7 + j) % 11) as f64);
        let body = json!({"scores": {"impact": impact, "relevance": relevance}, "comment": marker});
        let path = format!("/api/v1/rounds/{round}/scores/{nomination}");
        let r = delivered(&api, &mut c, Method::PUT, &path, Some(&body), None).await;
        let outcome = classify(&r);
        c.add(&outcome, &r);
        ledger.push(ScoreWrite { nomination, marker, impact, relevance, outcome });
        s += 1;
    }
    (ledger, c)
}

fn count(v: &Value) -> i64 {
    v.as_i64().unwrap_or(-1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_server_loses_no_acknowledged_write_and_half_writes_nothing() {
    let _one = exclusive().await;
    let cycles: usize = size(5, 20);
    let db = migrated_database(&admin_url(), "drill_crash").await;
    let org_email = "organiser@crash-drill.example";
    create_organizer(&db, org_email);
    // the server's mail goes to .eml files here; its sender polls often, so kills hit it mid-batch
    let mail_dir = std::env::temp_dir().join(format!("wsis-drill-mail-{}", uuid::Uuid::new_v4().simple()));
    let mail_dir_text = mail_dir.display().to_string();
    let env = [
        ("MAX_NOMINATIONS_PER_NOMINATOR", "1000000"),
        ("DB_POOL_SIZE", "10"),
        ("MAIL_DIR", mail_dir_text.as_str()),
        ("MAIL_POLL_MS", "20"),
    ];
    let mut server = Server::start(&db, &env);
    server.wait_ready(Duration::from_secs(60)).await;
    let base = server.base();
    let timeout = Duration::from_secs(30);

    // the contest: an edition open now, and one whose call has closed with a round open
    let mut organizer = Api::new(&base, timeout);
    organizer.login(org_email, PASSWORD).await.ok("organiser login");
    open_edition(&organizer, OPEN_YEAR).await;
    open_edition(&organizer, JUDGED_YEAR).await;
    let mut nominators = vec![];
    for w in 0..NOMINATORS {
        let mut api = Api::new(&base, timeout);
        api.register(&format!("writer{w}@crash-drill.example"), &format!("Drill Org {w:02}")).await;
        // six of them also nominate into the edition being judged, one category each
        if let Some(category) = CATEGORIES.get(w).filter(|_| w < 6) {
            let body = complete(category, &format!("Judged project {w}"), &format!("Judged Org {w}"));
            let n =
                api.post(&format!("/api/v1/editions/{JUDGED_YEAR}/nominations"), &body).await.ok("create");
            let id = n["id"].as_str().unwrap();
            api.post(&format!("/api/v1/nominations/{id}/submit"), &json!({})).await.ok("submit");
        }
        nominators.push(api);
    }
    close_call(&db, JUDGED_YEAR).await;
    let jury = judges(&organizer, JUDGES, "crash").await;
    let round = open_round(&organizer, JUDGED_YEAR, &jury, JUDGES).await;
    let mut assignments = vec![];
    for (_, api) in &jury {
        let mine = assigned(api, &round).await;
        assert!(!mine.is_empty(), "every judge has assignments");
        assignments.push(mine);
    }

    // the load, and the kills
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = nominators
        .into_iter()
        .enumerate()
        .map(|(w, api)| tokio::spawn(nominator(w, api, stop.clone())))
        .collect();
    let scorers: Vec<_> = jury
        .iter()
        .zip(assignments)
        .enumerate()
        .map(|(j, ((_, api), mine))| tokio::spawn(judge(j, api.clone(), round.clone(), mine, stop.clone())))
        .collect();
    let mut ready_ms = vec![];
    for _ in 0..cycles {
        let pause = size(rand::random_range(1000..2000), rand::random_range(2000..5000));
        tokio::time::sleep(Duration::from_millis(pause)).await;
        server.kill9();
        server.spawn();
        ready_ms.push(server.wait_ready(Duration::from_secs(30)).await.as_millis());
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.store(true, Ordering::Relaxed);
    let mut totals = Counts::default();
    let mut nominations = vec![];
    for (w, h) in writers.into_iter().enumerate() {
        let (ledger, c) = h.await.unwrap();
        totals.merge(&c);
        nominations.extend(ledger.into_iter().map(|n| (w, n)));
    }
    let mut sheets = vec![];
    for (j, h) in scorers.into_iter().enumerate() {
        let (ledger, c) = h.await.unwrap();
        totals.merge(&c);
        sheets.extend(ledger.into_iter().map(|s| (j, s)));
    }

    // the check
    let mut problems: Vec<String> = vec![];
    let (mut lost, mut unexpected, mut duplicates, mut half_written, mut audit_mismatch, mut recovered) =
        (0u64, 0u64, 0u64, 0u64, 0u64, 0u64);
    let rows = query_json(
        &db,
        &format!(
            "SELECT n.id::text AS id, n.title, n.status, n.version, n.submitted_at IS NOT NULL AS has_submitted_at,
                c.code AS category, n.related_action_lines, n.summary, n.description, n.impact, n.partnerships,
                n.challenges, n.organization, n.stakeholder_type, n.country, n.sdgs, n.website,
                n.project_start::text AS project_start, n.project_status, n.contact_name, n.contact_email,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.created') AS created_rows,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.updated') AS updated_rows,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.submitted') AS submitted_rows,
                (SELECT count(*) FROM audit_log a WHERE a.entity_id = n.id AND a.action LIKE 'nomination.%'
                   AND a.action NOT IN ('nomination.created', 'nomination.updated', 'nomination.submitted')) AS other_rows
             FROM nominations n JOIN editions e ON e.id = n.edition_id LEFT JOIN categories c ON c.id = n.category_id
             WHERE e.year = {OPEN_YEAR}"
        ),
    )
    .await;
    let mut by_title: HashMap<String, Vec<&Value>> = HashMap::new();
    for r in &rows {
        by_title.entry(r["title"].as_str().unwrap().to_owned()).or_default().push(r);
    }
    let invoked: HashSet<&str> = nominations.iter().map(|(_, n)| n.marker.as_str()).collect();
    for (title, found) in &by_title {
        if !invoked.contains(title.as_str()) {
            unexpected += found.len() as u64;
            problems.push(format!("nomination {title:?} was never sent"));
        }
        if found.len() > 1 {
            duplicates += found.len() as u64 - 1;
            problems.push(format!("nomination {title:?} is there {} times", found.len()));
        }
    }
    for row in &rows {
        let id = row["id"].as_str().unwrap();
        let submitted = row["status"] == "submitted";
        let (created, updated, submits) =
            (count(&row["created_rows"]), count(&row["updated_rows"]), count(&row["submitted_rows"]));
        if created != 1
            || !(0..=1).contains(&updated)
            || submits != i64::from(submitted)
            || count(&row["other_rows"]) != 0
        {
            audit_mismatch += 1;
            problems.push(format!("nomination {id}: audit rows created={created} updated={updated} submitted={submits} for status {}", row["status"]));
        }
        if row["has_submitted_at"] != json!(submitted) || !(row["status"] == "draft" || submitted) {
            half_written += 1;
            problems.push(format!(
                "nomination {id}: status {} with submitted_at set = {}",
                row["status"], row["has_submitted_at"]
            ));
        }
        if count(&row["version"]) != 1 + updated + submits {
            half_written += 1;
            problems.push(format!(
                "nomination {id}: version {} after {updated} edit(s) and {submits} submission(s)",
                row["version"]
            ));
        }
    }
    let orphans = query_json(
        &db,
        "SELECT count(*) AS n FROM audit_log a WHERE a.entity_type = 'nomination' AND a.action LIKE 'nomination.%'
           AND NOT EXISTS (SELECT 1 FROM nominations n WHERE n.id = a.entity_id)",
    )
    .await;
    if count(&orphans[0]["n"]) != 0 {
        half_written += count(&orphans[0]["n"]) as u64;
        problems.push(format!("{} audit rows name a nomination that does not exist", orphans[0]["n"]));
    }
    for (w, n) in &nominations {
        let acknowledged = n.creates.contains(&Outcome::Ok);
        let found = by_title.get(&n.marker).and_then(|v| v.first());
        let Some(row) = found else {
            if acknowledged {
                lost += 1;
                problems.push(format!("writer {w}: acknowledged nomination {:?} is missing", n.marker));
            }
            continue;
        };
        if !acknowledged {
            recovered += 1;
        }
        if n.id.as_deref() != row["id"].as_str() {
            problems.push(format!(
                "writer {w}: {:?} has id {} but the writer knew {:?}",
                n.marker, row["id"], n.id
            ));
        }
        let edited = count(&row["updated_rows"]) == 1;
        if n.patches.contains(&Outcome::Ok) && !edited {
            lost += 1;
            problems.push(format!("writer {w}: acknowledged edit of {:?} is missing", n.marker));
        }
        if n.patches.is_empty() && edited {
            unexpected += 1;
            problems.push(format!("writer {w}: {:?} was edited but no edit was sent", n.marker));
        }
        for (field, value) in n.sent.as_object().unwrap() {
            let expected = if field == "impact" && edited { json!(n.patched_impact) } else { value.clone() };
            if row[field.as_str()] != expected {
                half_written += 1;
                problems.push(format!(
                    "writer {w}: {:?} field {field} is {} instead of {expected}",
                    n.marker,
                    row[field.as_str()]
                ));
            }
        }
        let submitted = row["status"] == "submitted";
        if n.submits.contains(&Outcome::Ok) && !submitted {
            lost += 1;
            problems.push(format!("writer {w}: acknowledged submission of {:?} is missing", n.marker));
        }
        if n.submits.is_empty() && submitted {
            unexpected += 1;
            problems.push(format!("writer {w}: {:?} is submitted but was never submitted", n.marker));
        }
    }

    // score sheets: every acknowledged sheet has exactly one audit row, the stored sheet is the
    // last one applied, and an assignment is scored exactly when a sheet exists
    let judge_ids: Vec<String> = jury.iter().map(|(id, _)| id.clone()).collect();
    let audits = query_json(
        &db,
        &format!(
            "SELECT a.actor_id::text AS judge, a.entity_id::text AS nomination, a.after->>'comment' AS marker
             FROM audit_log a WHERE a.action = 'score.saved' AND a.after->>'round_id' = '{round}'"
        ),
    )
    .await;
    let mut audit_count: HashMap<String, u64> = HashMap::new();
    for a in &audits {
        *audit_count.entry(a["marker"].as_str().unwrap_or_default().to_owned()).or_default() += 1;
    }
    let sent_markers: HashSet<&str> = sheets.iter().map(|(_, s)| s.marker.as_str()).collect();
    for (marker, n) in &audit_count {
        if !sent_markers.contains(marker.as_str()) {
            unexpected += n;
            problems.push(format!("score audit row {marker:?} matches no sheet sent"));
        }
        if *n > 1 {
            duplicates += n - 1;
            problems.push(format!("score sheet {marker:?} has {n} audit rows"));
        }
    }
    let mut last_applied: HashMap<(String, String), &ScoreWrite> = HashMap::new();
    for (j, s) in &sheets {
        let applied = audit_count.get(&s.marker).copied().unwrap_or(0) > 0;
        match s.outcome {
            Outcome::Ok if !applied => {
                lost += 1;
                problems.push(format!("acknowledged score sheet {:?} has no audit row", s.marker));
            }
            Outcome::Fail(st) if applied => {
                unexpected += 1;
                problems.push(format!("score sheet {:?} was refused ({st}) but applied", s.marker));
            }
            Outcome::Info if applied => recovered += 1,
            _ => {}
        }
        if applied {
            last_applied.insert((judge_ids[*j].clone(), s.nomination.clone()), s);
        }
    }
    let stored = query_json(
        &db,
        &format!(
            "SELECT asg.judge_id::text AS judge, asg.nomination_id::text AS nomination, asg.status,
                    s.comment, s.criterion_scores, s.total
             FROM assignments asg LEFT JOIN scores s USING (round_id, nomination_id, judge_id)
             WHERE asg.round_id = '{round}'"
        ),
    )
    .await;
    for row in &stored {
        let key = (row["judge"].as_str().unwrap().to_owned(), row["nomination"].as_str().unwrap().to_owned());
        let expected = last_applied.get(&key);
        match (expected, row["comment"].as_str()) {
            (None, None) => {
                if row["status"] != "pending" {
                    half_written += 1;
                    problems.push(format!("assignment {key:?} is {} without a score sheet", row["status"]));
                }
            }
            (Some(s), Some(comment)) => {
                let sheet = &row["criterion_scores"];
                let whole = comment == s.marker
                    && sheet["impact"].as_f64() == Some(s.impact)
                    && sheet["relevance"].as_f64() == Some(s.relevance)
                    && row["total"].as_f64() == Some(2.0 * s.impact + s.relevance)
                    && row["status"] == "scored";
                if !whole {
                    half_written += 1;
                    problems.push(format!(
                        "score sheet {key:?} is {row} but the last applied was {:?}",
                        s.marker
                    ));
                }
            }
            (e, c) => {
                half_written += 1;
                problems
                    .push(format!("score sheet {key:?}: expected {:?}, stored {c:?}", e.map(|s| &s.marker)));
            }
        }
    }

    let mail = mail_check(&db, &mail_dir, &mut problems).await;

    let (ready_median, ready_max) = median_max(ready_ms.clone());
    summary(&format!(
        "DRILL crash: cycles={cycles} writers={} invoked={} ok={} info={} fail={} refused={} http500={} \
         nominations={} score_sheets={} lost={lost} unexpected={unexpected} recovered={recovered} \
         duplicates={duplicates} half_written={half_written} audit_mismatch={audit_mismatch} \
         ready_ms_median={ready_median} ready_ms_max={ready_max}",
        NOMINATORS + JUDGES,
        totals.invoked,
        totals.ok,
        totals.info,
        totals.fail,
        totals.refused,
        totals.internal_errors,
        rows.len(),
        sheets.len(),
    ));
    summary(&format!(
        "DRILL crash mail: caused={} delivered={} files={} resent_same_id={} missing={} foreign={} unsent={} receipts_missing={}",
        mail.caused,
        mail.delivered,
        mail.files,
        mail.resent,
        mail.missing,
        mail.foreign,
        mail.unsent,
        mail.receipts_missing
    ));
    let _ = std::fs::remove_dir_all(&mail_dir);
    assert!(
        problems.is_empty(),
        "{} problem(s), first ones:\n{}",
        problems.len(),
        problems[..problems.len().min(20)].join("\n")
    );
    assert_eq!(totals.fail, 0, "every request was valid: none may be refused");
    assert_eq!(totals.internal_errors, 0, "no 500 under kills");
    assert!(
        totals.info > 0 || totals.refused > 0,
        "the kills hit the writers (otherwise the drill proves nothing)"
    );
    assert!(rows.len() >= NOMINATORS && !sheets.is_empty(), "the writers wrote");
    assert!(ready_max <= 5000, "ready again within 5 s of every restart: {ready_ms:?}");
    assert!(server.running(), "the last server is up");
}

/// What became of the mail the acknowledged writes caused.
#[derive(Debug, Default)]
struct MailFigures {
    /// Outbox rows (messages caused).
    caused: usize,
    /// Distinct Message-IDs written out.
    delivered: usize,
    /// `.eml` files written (a message sent again after a kill lost its record: same Message-ID).
    files: usize,
    /// Files beyond the first for one Message-ID.
    resent: usize,
    /// Messages never written out.
    missing: usize,
    /// Files whose Message-ID no outbox row has (a message sent under a second identity).
    foreign: usize,
    /// Rows not `sent` once the last server had time to send them.
    unsent: usize,
    /// Submitted nominations without their one receipt.
    receipts_missing: usize,
}

/// Lets the last server send what is queued, then checks that every message the writes caused
/// was written out, under its own Message-ID, and that every submission has its receipt.
async fn mail_check(db: &str, dir: &std::path::Path, problems: &mut Vec<String>) -> MailFigures {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        let left = query_json(db, "SELECT count(*) AS n FROM outbox WHERE status = 'queued'").await;
        if left[0]["n"] == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let rows = query_json(db, "SELECT message_id, status FROM outbox").await;
    let ids: HashSet<String> = rows.iter().map(|r| r["message_id"].as_str().unwrap().to_owned()).collect();
    let unsent = rows.iter().filter(|r| r["status"] != "sent").count();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut files = 0;
    for entry in std::fs::read_dir(dir).map(|d| d.flatten().collect::<Vec<_>>()).unwrap_or_default() {
        if entry.path().extension().is_none_or(|x| x != "eml") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        let id = text
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID:").or_else(|| l.strip_prefix("Message-Id:")))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default();
        *seen.entry(id).or_default() += 1;
    }
    let missing = ids.iter().filter(|id| !seen.contains_key(*id)).count();
    let foreign: Vec<&String> = seen.keys().filter(|id| !ids.contains(*id)).collect();
    let receipts = query_json(
        db,
        "SELECT n.id::text AS id FROM nominations n
         WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_id = n.id AND a.action = 'nomination.submitted')
           AND (SELECT count(*) FROM outbox o WHERE o.dedupe_key = 'receipt:' || n.id::text) <> 1",
    )
    .await;
    if unsent > 0 {
        problems.push(format!("{unsent} message(s) not sent once the last server had time"));
    }
    if missing > 0 {
        problems.push(format!("{missing} message(s) caused but never written out"));
    }
    if !foreign.is_empty() {
        problems.push(format!("message(s) written under an identity no outbox row has: {foreign:?}"));
    }
    if !receipts.is_empty() {
        problems.push(format!("submitted nominations without exactly one receipt: {receipts:?}"));
    }
    MailFigures {
        caused: rows.len(),
        delivered: seen.len() - foreign.len(),
        files,
        resent: files - seen.len(),
        missing,
        foreign: foreign.len(),
        unsent,
        receipts_missing: receipts.len(),
    }
}
