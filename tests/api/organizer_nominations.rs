//! The organiser's list of nominations and its exports.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, assert_problem};
use crate::nominations::{complete, draft, edition_2021, submitted};

async fn nominator(app: &TestApp, email: &str) -> reqwest::Client {
    let c = app.new_browser();
    let res = c
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "display_name": email}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    c
}

/// Three submitted nominations and one draft, from varied places and scripts.
async fn contest() -> TestApp {
    let app = crate::helpers::spawn_app_with(crate::nominations::long_sessions).await;
    edition_2021(&app).await;
    app.register("kenya@example.org").await;
    submitted(&app, "C7-EHEALTH", "Digital Health Kenya").await;
    let mut zh = complete("C4", "中国信息通信研究院");
    zh["title"] = json!("农村数字技能培训");
    zh["country"] = json!("CN");
    zh["stakeholder_type"] = json!("academia");
    let zh_n = draft(&app, zh).await;
    let res =
        app.post(&format!("/api/v1/nominations/{}/submit", zh_n["id"].as_str().unwrap()), &json!({})).await;
    assert_eq!(res.status(), 200);
    let n =
        draft(&app, json!({"title": "=HYPERLINK(\"http://evil.example\")", "organization": "@Risky Org"}))
            .await;
    assert_eq!(n["status"], "draft");
    let mut ar = complete("C4", "هيئة الاتصالات");
    ar["title"] = json!("منصة التعليم الرقمي");
    ar["country"] = json!("SA");
    ar["stakeholder_type"] = json!("government");
    let ar_n = draft(&app, ar).await;
    let res =
        app.post(&format!("/api/v1/nominations/{}/submit", ar_n["id"].as_str().unwrap()), &json!({})).await;
    assert_eq!(res.status(), 200);
    app.sign_in_as_organizer().await;
    app
}

#[tokio::test]
async fn organisers_filter_page_and_count_nominations_per_category() {
    let app = contest().await;
    let page: Value = app.get("/api/v1/editions/2021/nominations").await.json().await.unwrap();
    assert_eq!(page["total"], 4);
    assert_eq!(page["page"], 1);
    assert_eq!(page["per_page"], 25);
    let totals = page["totals_by_category"].as_array().unwrap();
    assert_eq!(totals.len(), 18);
    let c4 = totals.iter().find(|t| t["code"] == "C4").unwrap();
    assert_eq!(c4["count"], 2);
    let submitted_c4: Value =
        app.get("/api/v1/editions/2021/nominations?category=C4&status=submitted").await.json().await.unwrap();
    assert_eq!(submitted_c4["total"], 2);
    let by_country: Value =
        app.get("/api/v1/editions/2021/nominations?country=sa").await.json().await.unwrap();
    assert_eq!(by_country["total"], 1);
    assert_eq!(by_country["items"][0]["organization"], "هيئة الاتصالات");
    let by_type: Value = app
        .get("/api/v1/editions/2021/nominations?stakeholder_type=civil_society&status=submitted")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_type["total"], 1);
    let text: Value = app.get("/api/v1/editions/2021/nominations?q=CLINICS").await.json().await.unwrap();
    assert_eq!(text["total"], 1);
    let text: Value =
        app.get("/api/v1/editions/2021/nominations?q=%E4%BF%A1%E6%81%AF").await.json().await.unwrap();
    assert_eq!(text["total"], 1, "Chinese text is found too");
    let text: Value = app.get("/api/v1/editions/2021/nominations?q=100%25").await.json().await.unwrap();
    assert_eq!(text["total"], 0, "% is a character, not a wildcard");
    let paged: Value =
        app.get("/api/v1/editions/2021/nominations?per_page=3&page=2").await.json().await.unwrap();
    assert_eq!(paged["items"].as_array().unwrap().len(), 1);
    assert_eq!(paged["total"], 4);
    assert_problem(app.get("/api/v1/editions/2021/nominations?per_page=500").await, 422, "validation_failed")
        .await;
    assert_problem(app.get("/api/v1/editions/2021/nominations?category=C99").await, 422, "validation_failed")
        .await;
    assert_problem(app.get("/api/v1/editions/2021/nominations?status=lost").await, 400, "bad_request").await;
}

#[tokio::test]
async fn nominators_cannot_list_or_export_all_nominations() {
    let app = contest().await;
    let n = nominator(&app, "curious@example.org").await;
    for path in [
        "/api/v1/editions/2021/nominations",
        "/api/v1/editions/2021/nominations.csv",
        "/api/v1/editions/2021/nominations.xlsx",
    ] {
        assert_problem(n.get(app.url(path)).send().await.unwrap(), 403, "forbidden").await;
    }
}

#[tokio::test]
async fn the_csv_export_has_a_bom_neutralises_formulas_and_keeps_every_script() {
    let app = contest().await;
    let res = app.get("/api/v1/editions/2021/nominations.csv").await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(
        res.headers()["content-disposition"].to_str().unwrap().contains("wsis-prizes-2021-nominations.csv")
    );
    let bytes = res.bytes().await.unwrap();
    assert_eq!(&bytes[..3], &[0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 4);
    let titles: Vec<&str> = rows.iter().map(|r| &r[col("title")]).collect();
    assert!(titles.contains(&"农村数字技能培训"), "{titles:?}");
    assert!(titles.contains(&"منصة التعليم الرقمي"), "{titles:?}");
    assert!(rows.iter().any(|r| &r[col("organization")] == "هيئة الاتصالات"));
    assert!(rows.iter().any(|r| &r[col("organization")] == "中国信息通信研究院"));
    assert!(rows.iter().any(|r| &r[col("title")] == "'=HYPERLINK(\"http://evil.example\")"));
    assert!(rows.iter().any(|r| &r[col("organization")] == "'@Risky Org"));
    assert!(rows.iter().all(|r| !r[col("title")].starts_with('=')));
    let filtered = app.get("/api/v1/editions/2021/nominations.csv?country=SA").await.bytes().await.unwrap();
    assert_eq!(csv::Reader::from_reader(&filtered[3..]).records().count(), 1);
}

#[tokio::test]
async fn the_xlsx_export_opens_in_a_spreadsheet_reader_with_every_script_intact() {
    let app = contest().await;
    let res = app.get("/api/v1/editions/2021/nominations.xlsx").await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a readable workbook");
    let sheet = book.worksheet_range("Nominations").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect();
    assert_eq!(rows[0][0], "reference");
    assert_eq!(rows.len(), 5);
    let org = rows[0].iter().position(|h| h == "organization").unwrap();
    assert!(rows.iter().any(|r| r[org] == "هيئة الاتصالات"));
    assert!(rows.iter().any(|r| r[org] == "中国信息通信研究院"));
}
