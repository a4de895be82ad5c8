//! `wsis-prizes seed-demo`: loads a finished contest, the WSIS Prizes 2021, and an edition open
//! for nominations now. Everything goes through the service's own API, in process, with the
//! clock set to the moment each step really happened (the call opened on 5 November 2020 and
//! closed, after its extension, on 1 February 2021 at 23:00 Geneva time; judging ran in
//! February–April; the winners were announced at the WSIS Forum on 18 May 2021), so the demo
//! obeys every rule a real contest does. The projects are the 300 really nominated in 2015,
//! read through [`crate::domain::import`]. Running it again changes nothing.

use std::sync::Arc;

use actix_web::http::{Method, StatusCode, header};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::{App, web};
use anyhow::{Context, bail};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Zurich;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::auth::password::PasswordHasher;
use crate::clock::{Clock, ManualClock};
use crate::config::Settings;
use crate::db::build_pool_waiting;
use crate::db::schema::editions;
use crate::domain::import::{ImportedProject, read_project_list};
use crate::startup::configure;
use crate::state::AppState;

/// The 2015 list of nominated projects.
const PROJECTS: &[u8] = include_bytes!("../data/wsis-project-prizes-2015-nominated.csv");

/// The demo organiser.
pub const ORGANIZER: (&str, &str) = ("organizer@demo.wsis-prizes.example", "geneva ceremony organiser 2021");
/// The demo nominator who owns some 2021 nominations (and a draft in the open edition).
pub const NOMINATOR: (&str, &str) = ("nominator@demo.wsis-prizes.example", "geneva ceremony nominator 2021");
/// The password of the other demo nominators and of the judges (kept as it was printed before).
const DEMO_PASSWORD: &str = "geneva ceremony judge 2021";
const NOMINATORS: usize = 8;
const JUDGES: [&str; 6] = ["ITU", "UNESCO", "UNDP", "FAO", "WHO", "UNCTAD"];

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).expect("a valid instant").with_timezone(&Utc)
}

/// What `seed-demo` did.
pub struct Report {
    /// Lines to print.
    pub lines: Vec<String>,
}

/// An in-process client of the API with one session.
struct Client<'a, S> {
    svc: &'a S,
    cookie: Option<String>,
}

impl<S, B> Client<'_, S>
where
    S: actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<B>,
            Error = actix_web::Error,
        >,
    B: actix_web::body::MessageBody,
{
    async fn call(
        &mut self, method: Method, path: &str, body: Option<Value>,
    ) -> anyhow::Result<(StatusCode, Value)> {
        let mut req = TestRequest::default()
            .method(method.clone())
            .uri(path)
            .peer_addr("127.0.0.1:9".parse().expect("an address"));
        if let Some(c) = &self.cookie {
            req = req.insert_header((header::COOKIE, c.clone()));
        }
        if let Some(b) = body {
            req = req.set_json(b);
        }
        let res = call_service(self.svc, req.to_request()).await;
        let status = res.status();
        if let Some(set) = res.headers().get(header::SET_COOKIE).and_then(|v| v.to_str().ok()) {
            let pair = set.split(';').next().unwrap_or_default().to_owned();
            self.cookie = if pair.ends_with('=') { None } else { Some(pair) };
        }
        let bytes = read_body(res).await;
        let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, value))
    }

    /// A call that must answer `want`.
    async fn expect(
        &mut self, want: u16, method: Method, path: &str, body: Option<Value>,
    ) -> anyhow::Result<Value> {
        let (status, value) = self.call(method.clone(), path, body).await?;
        if status.as_u16() != want {
            bail!("{method} {path} answered {status}: {value}");
        }
        Ok(value)
    }

    async fn get(&mut self, path: &str) -> anyhow::Result<Value> {
        self.expect(200, Method::GET, path, None).await
    }

    /// Signs in; false when the e-mail and password are not an account's.
    async fn sign_in(&mut self, email: &str, password: &str) -> anyhow::Result<bool> {
        let (status, body) = self
            .call(Method::POST, "/api/v1/auth/login", Some(json!({"email": email, "password": password})))
            .await?;
        match status.as_u16() {
            200 => Ok(true),
            401 => Ok(false),
            _ => bail!("signing in {email} answered {status}: {body}"),
        }
    }
}

/// Deterministic numbers from a text (FNV-1a), so a rerun on an empty database is the same demo.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3))
}

/// A stakeholder type guessed from the organisation's name (the 2015 list has none).
pub fn stakeholder_type(organization: &str, country: &str) -> &'static str {
    let o = organization.to_lowercase();
    let any = |words: &[&str]| words.iter().any(|w| o.contains(w));
    if country == "INT" {
        "international_organization"
    } else if any(&[
        "ministry",
        "ministère",
        "ministerio",
        "government",
        "gobierno",
        "agency",
        "authority",
        "commission",
        "council",
        "department",
        "municipal",
        "national",
        "state ",
        "office",
    ]) {
        "government"
    } else if any(&[
        "universit",
        "institute",
        "instituto",
        "facultad",
        "faculty",
        "school",
        "college",
        "academy",
        "research",
    ]) {
        "academia"
    } else if any(&[
        "ltd",
        "inc.",
        "corporation",
        "s.a.",
        "spa",
        "gmbh",
        "company",
        " co",
        "telecom",
        "sp. z o.o.",
        "bank",
    ]) {
        "private_sector"
    } else if any(&[
        "foundation",
        "association",
        "ngo",
        "onlus",
        "library",
        "biblioteca",
        "society",
        "network",
        "centre",
        "center",
    ]) {
        "civil_society"
    } else {
        "other"
    }
}

/// Sustainable Development Goals an action line serves most directly.
pub fn sdgs(category: &str) -> Vec<i32> {
    match category {
        "C1" | "C6" | "C11" => vec![17],
        "C2" => vec![9],
        "C3" => vec![4, 9],
        "C4" | "C7-ELEARN" => vec![4],
        "C5" | "C9" | "C7-EGOV" => vec![16],
        "C7-EBUS" | "C7-EEMPLOY" => vec![8],
        "C7-EHEALTH" => vec![3],
        "C7-EENV" => vec![13],
        "C7-EAGRI" => vec![2],
        "C7-ESCI" => vec![9],
        "C8" => vec![11],
        _ => vec![5, 10],
    }
}

/// The summary the demo gives a project: 150–200 words, saying plainly what it is.
pub fn summary(p: &ImportedProject, category_name: &str) -> String {
    let mut text = format!(
        "{title} is a project of {org}. It is a demonstration entry: the title, the organisation, the \
         country and the category are real, taken from the list of projects nominated for the WSIS \
         Project Prizes 2015, while this text was written for the demo and does not describe the project. \
         The category is {category_name}. In a real call the summary tells the Expert Group and the \
         public, in 150 to 200 words, what the project does, for whom, since when and with what results, \
         so that anyone can understand it without reading the description.",
        title = p.title,
        org = p.organization,
    );
    const MORE: [&str; 6] = [
        "It is the text shown on the public page of every Winner and Champion.",
        "It also goes into the open data that the WSIS Stocktaking database and other ICT databases reuse.",
        "Judges read it first, then score the nomination against the criteria of the round.",
        "Nominators can change it until the deadline, which the server's clock enforces to the second.",
        "After the deadline it is frozen, and every judge reads the same words.",
        "Organisers can export it with every other field as CSV or as a spreadsheet.",
    ];
    for sentence in MORE {
        if crate::domain::words::count_words(&text) >= 150 {
            break;
        }
        text.push(' ');
        text.push_str(sentence);
    }
    text
}

fn nomination_body(p: &ImportedProject, category_name: &str, n: usize) -> Value {
    let h = hash(&p.title);
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).expect("a date") + Duration::days((h % 2500) as i64);
    json!({
        "category": p.category,
        "title": p.title,
        "summary": summary(p, category_name),
        "description": format!("{} by {}: a demonstration entry built from the 2015 list of nominated projects.", p.title, p.organization),
        "impact": "Demonstration text: in a real nomination, the measured results and who benefits.",
        "partnerships": "Demonstration text: in a real nomination, the partners and their roles.",
        "challenges": "",
        "organization": p.organization,
        "stakeholder_type": stakeholder_type(&p.organization, p.country),
        "country": p.country,
        "sdgs": sdgs(p.category),
        "website": "",
        "project_start": start.to_string(),
        "project_status": if h.is_multiple_of(5) { "major_phase_completed" } else { "running" },
        "contact_name": format!("Demo contact {}", n + 1),
        "contact_email": format!("contact{}@nominee.demo.example", n + 1),
    })
}

/// A judge's mark for a criterion: the project's quality plus the judge's leniency and noise.
fn mark(project: &str, judge: usize, criterion: &Value) -> f64 {
    let min = criterion["min"].as_f64().unwrap_or(0.0);
    let max = criterion["max"].as_f64().unwrap_or(10.0);
    let key = criterion["key"].as_str().unwrap_or("");
    let quality = (hash(project) % 1000) as f64 / 1000.0;
    let noise = (hash(&format!("{project}/{judge}/{key}")) % 1000) as f64 / 1000.0 - 0.5;
    let leniency = [0.05, -0.05, 0.1, 0.0, -0.1, 0.02][judge % 6];
    let x = (0.35 + 0.55 * quality + 0.15 * noise + leniency).clamp(0.0, 1.0);
    (min + x * (max - min)).round()
}

/// Loads the demo; returns what to print.
pub async fn seed_demo(settings: &Settings) -> anyhow::Result<Report> {
    let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
    crate::db::run_migrations(&url).await?;
    let mut settings = settings.clone();
    settings.max_nominations_per_nominator = 1_000;
    // the demo's clock jumps from 2020 to today; its sessions are ended when it is done
    settings.session_idle_minutes = 30 * 365 * 24 * 60;
    settings.session_absolute_hours = 30 * 365 * 24;
    let clock = ManualClock::default();
    clock.set(utc("2020-11-02T09:00:00Z"));
    let state = AppState::new(
        build_pool_waiting(&url, 4, std::time::Duration::from_secs(15))?,
        Arc::new(clock.clone()),
        Arc::new(settings),
        PasswordHasher::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2)),
        crate::db::health::DbHealth::assume_up(),
    );
    let mut conn = state.pool.get().await?;
    restore_passwords(&state, &mut conn).await?;
    let years: Vec<i32> = editions::table.select(editions::year).load(&mut conn).await?;
    let now = Utc::now();
    let open_now: i64 = editions::table
        .filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "coalesce(deadline_extended_to, submission_deadline) > ",
            )
            .bind::<diesel::sql_types::Timestamptz, _>(now),
        )
        .count()
        .get_result(&mut conn)
        .await?;
    drop(conn);
    let mut lines = vec![];
    let deadline_day = (now + Duration::days(75)).date_naive();
    let year = deadline_day.year();
    let need_open = open_now == 0 && !years.contains(&year);
    if years.contains(&2021) && !need_open {
        lines.push("The demo is already loaded; nothing changed.".into());
        accounts(&mut lines);
        return Ok(Report { lines });
    }
    let svc = init_service(App::new().configure(configure(web::Data::new(state.clone())))).await;

    // accounts
    let mut organizer = Client { svc: &svc, cookie: None };
    if !organizer.sign_in(ORGANIZER.0, ORGANIZER.1).await? {
        crate::cli::create_organizer(
            &state.settings,
            ORGANIZER.0,
            "Demo Organiser",
            Some(ORGANIZER.1.into()),
        )
        .await?;
        if !organizer.sign_in(ORGANIZER.0, ORGANIZER.1).await? {
            bail!("cannot sign in as {}", ORGANIZER.0);
        }
    }
    let mut nominators = vec![];
    for i in 0..NOMINATORS {
        let (email, password) = if i == 0 {
            (NOMINATOR.0.to_owned(), NOMINATOR.1)
        } else {
            (format!("nominator{}@demo.wsis-prizes.example", i + 1), DEMO_PASSWORD)
        };
        let mut c = Client { svc: &svc, cookie: None };
        if !c.sign_in(&email, password).await? {
            c.expect(
                201,
                Method::POST,
                "/api/v1/auth/register",
                Some(json!({"email": email, "password": password, "display_name": format!("Demo Nominator {}", i + 1), "organization": "Demo"})),
            )
            .await?;
            if c.cookie.is_none() && !c.sign_in(&email, password).await? {
                bail!("cannot sign in as {email}");
            }
        }
        nominators.push(c);
    }
    let mut judges = vec![];
    for (i, org) in JUDGES.iter().enumerate() {
        let email = format!("judge{}@jury.demo.example", i + 1);
        let mut c = Client { svc: &svc, cookie: None };
        if !c.sign_in(&email, DEMO_PASSWORD).await? {
            organizer
                .expect(
                    201,
                    Method::POST,
                    "/api/v1/accounts",
                    Some(json!({"email": email, "display_name": format!("Demo Judge {} ({org})", i + 1), "roles": ["judge"], "password": DEMO_PASSWORD, "organization": org})),
                )
                .await?;
            if !c.sign_in(&email, DEMO_PASSWORD).await? {
                bail!("cannot sign in as {email}");
            }
        }
        let me = c.get("/api/v1/me").await?;
        judges.push((me["id"].as_str().unwrap_or_default().to_owned(), c));
    }

    // WSIS Prizes 2021
    if years.contains(&2021) {
        lines.push("WSIS Prizes 2021: already there, left as it is".into());
    } else {
        let report = read_project_list(PROJECTS);
        organizer
            .expect(
                201,
                Method::POST,
                "/api/v1/editions",
                Some(json!({"year": 2021, "name": "WSIS Prizes 2021", "timezone": "Europe/Zurich",
                    "submission_opens_at": "2020-11-05T00:00:00+01:00", "submission_deadline": "2021-01-25T23:00:00+01:00"})),
            )
            .await?;
        let categories = organizer.get("/api/v1/editions/2021/categories").await?;
        let name_of = |code: &str| {
            categories
                .as_array()
                .and_then(|a| a.iter().find(|c| c["code"] == code))
                .and_then(|c| c["name"].as_str())
                .unwrap_or(code)
                .to_owned()
        };
        // nominations arrive between 5 November 2020 and the extended deadline
        let (first, last) = (utc("2020-11-05T08:00:00Z"), utc("2021-02-01T21:30:00Z"));
        let step = (last - first) / report.projects.len().max(1) as i32;
        let mut submitted = 0;
        let mut refused = vec![];
        let mut duplicates = vec![];
        let mut extended = false;
        for (n, p) in report.projects.iter().enumerate() {
            clock.set(first + step * n as i32);
            // the extension was announced before the first deadline (25 January)
            if !extended && clock.now() >= utc("2021-01-20T12:00:00Z") {
                organizer
                    .expect(
                        200,
                        Method::PATCH,
                        "/api/v1/editions/2021",
                        Some(json!({"deadline_extended_to": "2021-02-01T23:00:00+01:00"})),
                    )
                    .await?;
                extended = true;
            }
            let who = &mut nominators[n % NOMINATORS];
            let created = who
                .expect(
                    201,
                    Method::POST,
                    "/api/v1/editions/2021/nominations",
                    Some(nomination_body(p, &name_of(p.category), n)),
                )
                .await?;
            let id = created["id"].as_str().unwrap_or_default().to_owned();
            match who.call(Method::POST, &format!("/api/v1/nominations/{id}/submit"), None).await? {
                (s, _) if s.is_success() => submitted += 1,
                (_, body) if body["code"] == "duplicate_nomination" => duplicates.push(p.line.to_string()),
                (s, body) => refused.push(format!("line {}: submit answered {s}: {body}", p.line)),
            }
        }
        lines.push(format!(
            "WSIS Prizes 2021: {submitted} nominations submitted from the 2015 list ({} rows repaired, {} left out)",
            report.repaired.len(),
            report.skipped.len() + refused.len() + duplicates.len()
        ));
        if !duplicates.is_empty() {
            lines.push(format!(
                "  left out: lines {}: the organisation already had a nomination in that category (one each)",
                duplicates.join(", ")
            ));
        }
        for s in report.skipped.iter().chain(refused.iter()) {
            lines.push(format!("  left out: {s}"));
        }

        // judging: the Expert Group in two rounds
        let panel: Vec<Value> = judges.iter().map(|(id, _)| json!({"account_id": id})).collect();
        for (name, advance, opens, closes) in [
            ("Expert Group review", 5, "2021-02-02T08:00:00Z", "2021-02-26T17:00:00Z"),
            ("Final selection", 1, "2021-04-01T08:00:00Z", "2021-04-12T17:00:00Z"),
        ] {
            clock.set(utc(opens) - Duration::hours(1));
            let round = organizer
                .expect(
                    201,
                    Method::POST,
                    "/api/v1/editions/2021/rounds",
                    Some(json!({"name": name, "judges_per_nomination": 3, "advance_per_category": advance, "blind": false, "seed": 2021})),
                )
                .await?;
            let rid = round["id"].as_str().unwrap_or_default().to_owned();
            let criteria = round["criteria"].as_array().cloned().unwrap_or_default();
            organizer
                .expect(
                    200,
                    Method::PUT,
                    &format!("/api/v1/rounds/{rid}/panel"),
                    Some(json!({"judges": panel})),
                )
                .await?;
            clock.set(utc(opens));
            organizer
                .expect(200, Method::POST, &format!("/api/v1/rounds/{rid}/open"), Some(json!({})))
                .await?;
            for (j, (_, judge)) in judges.iter_mut().enumerate() {
                clock.set(utc(opens) + Duration::days(3 + j as i64));
                let assignments = judge.get("/api/v1/me/assignments").await?;
                for a in assignments.as_array().cloned().unwrap_or_default() {
                    if a["round_id"] != rid.as_str() || a["status"] == "conflict" {
                        continue;
                    }
                    let nid = a["nomination"]["id"].as_str().unwrap_or_default();
                    let title = a["nomination"]["title"].as_str().unwrap_or(nid);
                    let scores: serde_json::Map<String, Value> = criteria
                        .iter()
                        .map(|c| (c["key"].as_str().unwrap_or_default().to_owned(), json!(mark(title, j, c))))
                        .collect();
                    judge
                        .expect(
                            200,
                            Method::PUT,
                            &format!("/api/v1/rounds/{rid}/scores/{nid}"),
                            Some(json!({"scores": scores})),
                        )
                        .await?;
                }
            }
            clock.set(utc(closes));
            organizer
                .expect(200, Method::POST, &format!("/api/v1/rounds/{rid}/close"), Some(json!({})))
                .await?;
            lines.push(format!(
                "  round \u{201c}{name}\u{201d}: scored by {} judges and closed",
                judges.len()
            ));
        }
        clock.set(utc("2021-05-18T11:00:00Z"));
        let published = organizer
            .expect(
                200,
                Method::POST,
                "/api/v1/editions/2021/publish",
                Some(json!({"at": "2021-05-18T12:00:00Z", "champions": 5})),
            )
            .await?;
        let winners = published["categories"]
            .as_array()
            .map_or(0, |c| c.iter().filter(|c| !c["winner"].is_null()).count());
        lines.push(format!(
            "  winners and champions published on 18 May 2021 ({winners} categories with a winner)"
        ));
    }

    // an edition open for nominations now
    if !need_open {
        lines.push("An edition is open for nominations already: left as it is".into());
    } else {
        clock.set(now);
        let deadline = Zurich
            .with_ymd_and_hms(year, deadline_day.month(), deadline_day.day(), 23, 0, 0)
            .single()
            .context("a deadline in Geneva time")?;
        organizer
            .expect(
                201,
                Method::POST,
                "/api/v1/editions",
                Some(json!({"year": year, "name": format!("WSIS Prizes {year}"), "timezone": "Europe/Zurich",
                    "submission_opens_at": (now - Duration::days(14)).to_rfc3339(), "submission_deadline": deadline.to_rfc3339()})),
            )
            .await?;
        nominators[0]
            .expect(
                201,
                Method::POST,
                &format!("/api/v1/editions/{year}/nominations"),
                Some(json!({"category": "C7-EHEALTH", "title": "Telemedicine for island clinics (draft)", "organization": "Demo Nominator 1", "country": "FJ"})),
            )
            .await?;
        lines.push(format!(
            "WSIS Prizes {year}: open for nominations until {} (Geneva time), with one draft",
            deadline.format("%-d %B %Y %H:%M")
        ));
    }

    // end the demo's sessions
    organizer.call(Method::POST, "/api/v1/auth/logout", None).await?;
    for c in nominators.iter_mut().chain(judges.iter_mut().map(|(_, c)| c)) {
        c.call(Method::POST, "/api/v1/auth/logout", None).await?;
    }
    accounts(&mut lines);
    Ok(Report { lines })
}

/// Every demo account and its password.
fn demo_accounts() -> Vec<(String, &'static str)> {
    let mut all = vec![(ORGANIZER.0.to_owned(), ORGANIZER.1), (NOMINATOR.0.to_owned(), NOMINATOR.1)];
    all.extend((2..=NOMINATORS).map(|i| (format!("nominator{i}@demo.wsis-prizes.example"), DEMO_PASSWORD)));
    all.extend((1..=JUDGES.len()).map(|i| (format!("judge{i}@jury.demo.example"), DEMO_PASSWORD)));
    all
}

/// Gives the demo accounts of an earlier demo the passwords printed now (they changed once, when
/// passwords made of the account's own words began to be refused), so that a second run on old
/// data still signs in. Accounts that already have them are left alone.
async fn restore_passwords(state: &AppState, conn: &mut crate::db::DbConn) -> anyhow::Result<()> {
    use crate::db::schema::accounts;
    for (email, password) in demo_accounts() {
        let stored: Option<Option<String>> = accounts::table
            .filter(accounts::email.eq(&email))
            .select(accounts::password_hash)
            .first(conn)
            .await
            .optional()?;
        let Some(Some(hash)) = stored else { continue };
        if !state.hasher.verify(password.to_owned(), Some(hash)).await? {
            let hash = state.hasher.hash(password.to_owned()).await?;
            diesel::update(accounts::table.filter(accounts::email.eq(&email)))
                .set(accounts::password_hash.eq(hash))
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}

fn accounts(lines: &mut Vec<String>) {
    lines.push(String::new());
    lines.push("Demo accounts:".into());
    lines.push(format!("  organiser   {} / {}", ORGANIZER.0, ORGANIZER.1));
    lines.push(format!("  nominator   {} / {}", NOMINATOR.0, NOMINATOR.1));
    lines.push(format!(
        "  nominators  nominator2…nominator{NOMINATORS}@demo.wsis-prizes.example / {DEMO_PASSWORD}"
    ));
    lines.push(format!("  judges      judge1…judge{}@jury.demo.example / {DEMO_PASSWORD}", JUDGES.len()));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::words::count_words;

    #[test]
    fn every_demo_summary_has_150_to_200_words() {
        let report = read_project_list(PROJECTS);
        for p in &report.projects {
            for c in crate::domain::categories::DEFAULT_CATEGORIES {
                let words = count_words(&summary(p, c.name));
                assert!((150..=200).contains(&words), "{} words for {}", words, p.title);
            }
        }
    }

    #[test]
    fn stakeholder_types_are_guessed_from_the_organisation() {
        assert_eq!(stakeholder_type("Ministry of Health", "SA"), "government");
        assert_eq!(stakeholder_type("Majmaah University", "SA"), "academia");
        assert_eq!(stakeholder_type("Intel Corporation", "US"), "private_sector");
        assert_eq!(stakeholder_type("Informatici Senza Frontiere Onlus", "IT"), "civil_society");
        assert_eq!(stakeholder_type("African Union Commission", "INT"), "international_organization");
    }

    #[test]
    fn marks_stay_within_the_criterion_and_differ_between_projects() {
        let c = json!({"key": "impact", "min": 0, "max": 10});
        let marks: Vec<f64> = (0..50).map(|i| mark(&format!("project {i}"), i % 6, &c)).collect();
        assert!(marks.iter().all(|m| (0.0..=10.0).contains(m)));
        assert!(marks.iter().any(|m| *m != marks[0]));
    }
}
