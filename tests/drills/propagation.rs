//! Two web processes on one database, each keeping the session check and the edition context
//! in memory (goal of issue 16: no per-request reads of what rarely changes): a change made
//! through one process takes effect on the other within a second. Each round first has B
//! answer from memory (its `/metrics` hit counter rises), then changes something through A
//! and polls B every 5 ms until it refuses: a session signed out, a password changed (both
//! processes end the other session), an account disabled through the API or behind the
//! service's back, and a deadline moved earlier so that the call is closed. The processes keep
//! entries for up to 60 s without news, so only the database's announcements can explain a
//! refusal within the second.

use std::time::{Duration, Instant};

use reqwest::Method;
use serde_json::{Value, json};

use crate::harness::{
    Api, PASSWORD, Reply, Server, admin_url, close_call, create_organizer, exclusive, execute, median_max,
    migrated_database, open_edition, size, summary,
};

const YEAR: i32 = 2032;
const WITHIN: Duration = Duration::from_secs(1);

/// A figure of a process's `/metrics`.
async fn metric(base: &str, name: &str) -> u64 {
    let text = Api::new(base, Duration::from_secs(10)).get("/metrics").await;
    let Reply::Answer { body: Value::String(text), .. } = text else { panic!("metrics of {base}") };
    let line =
        text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("no {name}"));
    line.rsplit(' ').next().unwrap().parse().unwrap()
}

/// Asks `api` for `/me` until it answers 200 twice from memory (B's hit counter rises).
async fn warm(api: &Api) -> bool {
    let before = metric(&api.base, "wsis_cache_session_hits_total").await;
    for _ in 0..3 {
        api.get("/api/v1/me").await.ok("me before the change");
    }
    metric(&api.base, "wsis_cache_session_hits_total").await >= before + 2
}

/// How long after `since` a request made by `ask` (every 5 ms) first gets `status`; `None` if it
/// did not within two seconds.
async fn until<F, Fut>(since: Instant, status: u16, mut ask: F) -> Option<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Reply>,
{
    while since.elapsed() < 2 * WITHIN {
        if ask().await.status() == Some(status) {
            return Some(since.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    None
}

/// Milliseconds, or "never".
fn ms(d: Option<Duration>) -> u128 {
    d.map_or(u128::MAX, |d| d.as_millis())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_change_made_through_one_web_process_takes_effect_on_the_other_within_a_second() {
    let _one = exclusive().await;
    let rounds: usize = size(3, 20);
    let db = migrated_database(&admin_url(), "drill_propagation").await;
    let org_email = "organiser@propagation.example";
    create_organizer(&db, org_email);
    let env = [
        ("CACHE_MAX_AGE_MS", "60000"),
        ("MAX_NOMINATIONS_PER_NOMINATOR", "1000"),
        ("REGISTRATION_LIMIT_PER_NETWORK_PER_HOUR", "100000"),
    ];
    let mut a = Server::start(&db, &env);
    let mut b = Server::start(&db, &env);
    a.wait_ready(Duration::from_secs(60)).await;
    b.wait_ready(Duration::from_secs(60)).await;
    let (ua, ub) = (a.base(), b.base());
    for base in [&ua, &ub] {
        let start = Instant::now();
        while metric(base, "wsis_cache_listening").await != 1 {
            assert!(start.elapsed() < Duration::from_secs(10), "{base} listens");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let timeout = Duration::from_secs(30);
    let mut org = Api::new(&ua, timeout);
    org.login(org_email, PASSWORD).await.ok("organiser login");
    let mut problems: Vec<String> = vec![];
    let mut not_from_memory = 0;
    let (mut sign_out, mut password_b, mut password_a, mut disabled, mut disabled_sql, mut deadline) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);

    for r in 0..rounds {
        // signing out on A ends the session on B
        let mut n = Api::new(&ua, timeout);
        n.register(&format!("out{r}@propagation.example"), &format!("Out Org {r}")).await;
        let on_b = n.on(&ub);
        not_from_memory += usize::from(!warm(&on_b).await);
        n.post("/api/v1/auth/logout", &json!({})).await.ok("sign out on A");
        sign_out.push(ms(until(Instant::now(), 401, || on_b.get("/api/v1/me")).await));

        // a password changed on A ends the other session on B and on A
        let email = format!("pw{r}@propagation.example");
        let mut first = Api::new(&ua, timeout);
        first.register(&email, &format!("Password Org {r}")).await;
        let mut second = Api::new(&ub, timeout);
        second.login(&email, PASSWORD).await.ok("second session");
        let second_on_a = second.on(&ua);
        not_from_memory += usize::from(!warm(&second).await) + usize::from(!warm(&second_on_a).await);
        let change =
            json!({"current_password": PASSWORD, "new_password": format!("{PASSWORD} and {r} more")});
        first.post("/api/v1/me/password", &change).await.ok("password change on A");
        let changed = Instant::now();
        let (on_b, on_a) = tokio::join!(
            until(changed, 401, || second.get("/api/v1/me")),
            until(changed, 401, || second_on_a.get("/api/v1/me"))
        );
        password_b.push(ms(on_b));
        password_a.push(ms(on_a));

        // an account disabled on A: its session is refused on B
        let mut d = Api::new(&ub, timeout);
        let account = d.register(&format!("off{r}@propagation.example"), &format!("Off Org {r}")).await;
        let id = account["id"].as_str().or(account["account"]["id"].as_str()).expect("account id").to_owned();
        not_from_memory += usize::from(!warm(&d).await);
        let off = json!({"disabled": true});
        org.send(Method::PATCH, &format!("/api/v1/accounts/{id}"), Some(&off), None).await.ok("disable on A");
        disabled.push(ms(until(Instant::now(), 401, || d.get("/api/v1/me")).await));

        // an account disabled behind the service's back (psql): the same
        let mut s = Api::new(&ub, timeout);
        s.register(&format!("sql{r}@propagation.example"), &format!("Sql Org {r}")).await;
        not_from_memory += usize::from(!warm(&s).await);
        let sql =
            format!("UPDATE accounts SET disabled_at = now() WHERE email = 'sql{r}@propagation.example'");
        execute(&db, &sql).await;
        disabled_sql.push(ms(until(Instant::now(), 401, || s.get("/api/v1/me")).await));
    }

    // a deadline moved earlier on A (the extension withdrawn, the original deadline past)
    // refuses the next save on B
    open_edition(&org, YEAR).await;
    close_call(&db, YEAR).await;
    let mut nom = Api::new(&ub, timeout);
    nom.register("late@propagation.example", "Late Org").await;
    for r in 0..rounds {
        let until_then = (chrono::Utc::now() + chrono::Duration::days(10)).to_rfc3339();
        let reopen = json!({"deadline_extended_to": until_then});
        let edition = format!("/api/v1/editions/{YEAR}");
        org.send(Method::PATCH, &edition, Some(&reopen), None).await.ok("extend on A");
        let created = until(Instant::now(), 201, || {
            let (nom, title) = (nom.clone(), format!("Late {r}"));
            async move {
                nom.post(&format!("/api/v1/editions/{YEAR}/nominations"), &json!({"title": title})).await
            }
        })
        .await;
        if created.is_none() {
            problems.push(format!("round {r}: B did not accept a draft after the extension"));
            continue;
        }
        let mine = nom.get("/api/v1/me/nominations").await.ok("my nominations");
        let latest = mine.as_array().and_then(|a| a.iter().find(|n| n["title"] == format!("Late {r}")));
        let (id, mut version) = match latest {
            Some(n) => (n["id"].as_str().unwrap().to_owned(), n["version"].as_i64().unwrap()),
            None => {
                problems.push(format!("round {r}: the draft is not listed"));
                continue;
            }
        };
        let path = format!("/api/v1/nominations/{id}");
        let hits = metric(&ub, "wsis_cache_context_hits_total").await;
        for i in 0..2 {
            let saved = nom.patch(&path, version, &json!({"title": format!("Late {r}.{i}")})).await;
            version = saved.ok("save on B before the change")["version"].as_i64().unwrap();
        }
        not_from_memory += usize::from(metric(&ub, "wsis_cache_context_hits_total").await < hits + 2);
        org.send(Method::PATCH, &edition, Some(&json!({"deadline_extended_to": null})), None)
            .await
            .ok("withdraw the extension on A");
        let moved = Instant::now();
        let mut refused = None;
        while moved.elapsed() < 2 * WITHIN {
            let reply = nom.patch(&path, version, &json!({"title": format!("Late {r}, v{version}")})).await;
            match reply.status() {
                Some(409) if reply.body()["code"] == "deadline_passed" => {
                    refused = Some(moved.elapsed());
                    break;
                }
                Some(200) => version = reply.body()["version"].as_i64().unwrap(),
                _ => problems.push(format!("round {r}: {}", reply.describe())),
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        deadline.push(ms(refused));
    }

    let losses = metric(&ua, "wsis_cache_listener_losses_total").await
        + metric(&ub, "wsis_cache_listener_losses_total").await;
    let logged: Vec<String> = a.log_problems().into_iter().chain(b.log_problems()).collect();
    let figures = [
        ("sign_out", &sign_out),
        ("password_other_process", &password_b),
        ("password_same_process", &password_a),
        ("disabled_api", &disabled),
        ("disabled_sql", &disabled_sql),
        ("deadline_moved", &deadline),
    ];
    let mut line = format!(
        "DRILL propagation: rounds={rounds} cache_max_age_ms=60000 served_from_memory_before={} listener_losses={losses}",
        not_from_memory == 0
    );
    for (name, v) in &figures {
        let (median, max) = median_max(v.to_vec());
        let shown = |ms: u128| if ms == u128::MAX { "never".to_owned() } else { ms.to_string() };
        line.push_str(&format!(" {name}_ms_median={} {name}_ms_max={}", shown(median), shown(max)));
    }
    summary(&line);
    for (name, v) in &figures {
        let late: Vec<&u128> = v.iter().filter(|ms| **ms > WITHIN.as_millis()).collect();
        if !late.is_empty() {
            problems.push(format!("{name}: {} of {} round(s) over a second: {late:?}", late.len(), v.len()));
        }
    }
    assert_eq!(not_from_memory, 0, "B answered from memory before each change");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert_eq!(losses, 0, "no listener lost its connection");
    assert!(logged.is_empty(), "no error or panic logged: {logged:?}");
}
