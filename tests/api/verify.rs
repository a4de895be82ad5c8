//! After a restore: `wsis-prizes verify` (migrations at head, append-only rule in force,
//! snapshot checksums), the refusal of a schema newer than the binary, and every migration's
//! way down and up again on a database with data.

use std::process::Output;

use diesel_async::AsyncPgConnection;
use diesel_async::async_connection_wrapper::AsyncConnectionWrapper;
use diesel_migrations::MigrationHarness;
use wsis_prizes::db::MIGRATIONS;

use crate::helpers::spawn_app_on;
use crate::publication::scheduled;

/// Runs the binary; a command still running after 60 s (a `serve` that did not refuse) is
/// killed, and its status is then not a success.
fn run(db_url: &str, args: &[&str]) -> (Output, String) {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wsis-prizes"))
        .args(args)
        .env("DATABASE_URL", db_url)
        .env("BIND", "127.0.0.1:0")
        .env_remove("RUST_LOG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run wsis-prizes");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait").is_none() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let out = child.wait_with_output().expect("output");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out, text)
}

#[tokio::test]
async fn verify_passes_on_a_sound_database_and_names_a_tampered_snapshot() {
    let c = scheduled().await;
    let (out, text) = run(&c.app.db_url, &["verify"]);
    assert!(out.status.success(), "{text}");
    assert!(
        text.contains("ok      published snapshots match their checksums: 1 snapshot(s) verified"),
        "{text}"
    );
    assert!(text.contains("ok      audit log and snapshots append-only"), "{text}");
    assert!(text.contains("ok      migrations at head"), "{text}");

    // someone with the database owner's rights switches the rule off and rewrites a title
    c.app.execute("ALTER TABLE results_snapshots DISABLE TRIGGER results_snapshots_append_only").await;
    c.app
        .execute(
            "UPDATE results_snapshots SET body = jsonb_set(body, '{categories,0,winner,title}', '\"Tampered\"')",
        )
        .await;
    let (out, text) = run(&c.app.db_url, &["verify"]);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("PROBLEM published snapshots match their checksums"), "{text}");
    assert!(text.contains("the snapshot of edition 2021, version 1"), "{text}");
    assert!(
        text.contains("results_snapshots: the trigger results_snapshots_append_only is disabled"),
        "{text}"
    );
    assert!(text.contains("ok      migrations at head"), "{text}");
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_release_is_refused_with_a_clear_message() {
    let c = scheduled().await;
    c.app.execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('20991231000001')").await;
    for args in [&["serve"][..], &["migrate"][..]] {
        let (out, text) = run(&c.app.db_url, args);
        assert!(!out.status.success(), "{args:?}: {text}");
        assert!(text.contains("the database's schema is newer than this release"), "{args:?}: {text}");
        assert!(text.contains("20991231000001"), "{args:?}: {text}");
    }
    let (out, text) = run(&c.app.db_url, &["verify"]);
    assert!(!out.status.success(), "{text}");
    assert!(text.contains("PROBLEM migrations at head: the schema is newer than this release"), "{text}");
}

#[tokio::test]
async fn every_migration_goes_down_and_up_again_on_a_database_with_data() {
    // accounts, an edition, nominations, a judged and closed round, a publication, audit rows
    let c = scheduled().await;
    let url = c.app.db_url.clone();
    let steps = tokio::task::spawn_blocking(move || {
        use diesel::Connection;
        let mut conn = AsyncConnectionWrapper::<AsyncPgConnection>::establish(&url).unwrap();
        let mut down = Vec::new();
        for _ in wsis_prizes::db::embedded_migration_versions() {
            let version = conn.revert_last_migration(MIGRATIONS).unwrap_or_else(|e| {
                panic!("the migration after {down:?} (newest first) does not go down: {e}")
            });
            down.push(version.to_string());
        }
        let up = conn.run_pending_migrations(MIGRATIONS).expect("up again").len();
        (down, up)
    })
    .await
    .unwrap();
    let all = wsis_prizes::db::embedded_migration_versions();
    let mut down = steps.0.clone();
    down.reverse();
    assert_eq!(down, all, "every migration reverted, newest first");
    assert_eq!(steps.1, all.len(), "every migration applied again");
    let again = spawn_app_on(&c.app.db_url, |_| {}).await;
    assert_eq!(again.get("/readyz").await.status(), 200);
    let (out, text) = run(&c.app.db_url, &["verify"]);
    assert!(out.status.success(), "{text}");
}
