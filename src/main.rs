//! `wsis-prizes`: parse the command line, start logging, run the subcommand.

use std::sync::Arc;

use anyhow::Context;
use clap::Parser;
use wsis_prizes::clock::SystemClock;
use wsis_prizes::config::{Cli, Command};
use wsis_prizes::startup::Application;
use wsis_prizes::{cli, db, telemetry};

/// mimalloc instead of the system's malloc: a nomination's requests cost the server about 13 %
/// less CPU relative to PostgreSQL's (README, Performance).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let args = Cli::parse();
    // the server logs its requests; the commands say what they did on stdout (the demo's own
    // sign-in attempts are not worth a warning)
    telemetry::init(match args.command {
        Command::Serve => "info",
        Command::SeedDemo => "error",
        _ => "warn",
    });
    let settings = args.settings;
    wsis_prizes::mail::set_public_url(&settings.public_url);
    match args.command {
        Command::Serve => {
            let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
            db::refuse_newer_schema(&url).await?;
            let applied = db::run_migrations(&url).await?;
            tracing::info!(applied, "migrations up to date");
            let app = Application::build(settings.clone(), Arc::new(SystemClock)).await?;
            tracing::info!("serving on http://{}", settings.bind);
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
            db::refuse_newer_schema(&url).await?;
            let applied = db::run_migrations(&url).await?;
            println!("applied {applied} migration(s)");
        }
        Command::CreateOrganizer { email, name, password_stdin } => {
            let password = if password_stdin { Some(cli::read_password_stdin()?) } else { None };
            println!("{}", cli::create_organizer(&settings, &email, &name, password).await?);
        }
        Command::EnsureOrganizer { email } => {
            if let Some(password) = cli::ensure_organizer(&settings, &email).await? {
                println!("First organiser account created (shown once, keep it safe):");
                println!("  e-mail:   {email}");
                println!("  password: {password}");
            }
        }
        Command::Openapi => {
            println!("{}", wsis_prizes::routes::openapi::document_json());
        }
        Command::PurgeVoteEvidence => {
            let n = cli::purge_vote_evidence(&settings).await?;
            println!("the connection evidence of {n} vote(s) deleted");
        }
        Command::Verify => {
            let findings = cli::verify(&settings).await?;
            for f in &findings {
                println!("{} {}: {}", if f.ok { "ok     " } else { "PROBLEM" }, f.check, f.detail);
            }
            if findings.iter().any(|f| !f.ok) {
                anyhow::bail!("verification found problems (above)");
            }
        }
        Command::SeedDemo => {
            for line in wsis_prizes::demo::seed_demo(&settings).await?.lines {
                println!("{line}");
            }
        }
    }
    Ok(())
}
