//! Subcommands other than `serve`: organiser accounts from the command line.

use std::io::BufRead;
use std::sync::Arc;

use anyhow::{Context, bail};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

use crate::auth::password::PasswordHasher;
use crate::clock::SystemClock;
use crate::config::Settings;
use crate::db::build_pool_waiting;
use crate::db::health::DbHealth;
use crate::db::models::account::Account;
use crate::db::schema::accounts;
use crate::domain::role::Role;
use crate::error::ApiError;
use crate::services::accounts::{Creation, Welcome, insert_account, validate_account_fields};
use crate::state::AppState;

fn state(settings: &Settings) -> anyhow::Result<AppState> {
    let url = settings.database_url.clone().context("DATABASE_URL is not set")?;
    Ok(AppState::new(
        build_pool_waiting(&url, 2, std::time::Duration::from_secs(15))?,
        Arc::new(SystemClock),
        Arc::new(settings.clone()),
        PasswordHasher::new(1),
        DbHealth::assume_up(),
    ))
}

fn explain(e: ApiError) -> anyhow::Error {
    match e {
        ApiError::Validation(errors) => {
            let parts: Vec<String> =
                errors.messages().iter().map(|(f, m)| format!("{f} {}", m.join(", "))).collect();
            anyhow::anyhow!("not valid: {}", parts.join("; "))
        }
        ApiError::Internal(e) => e,
        other => anyhow::anyhow!("{other}"),
    }
}

/// Creates an organiser, or adds the organiser role to the existing account with that e-mail.
/// Returns a line saying which.
pub async fn create_organizer(
    settings: &Settings, email: &str, name: &str, password: Option<String>,
) -> anyhow::Result<String> {
    let state = state(settings)?;
    let mut conn = state.conn().await.map_err(explain)?;
    let normalized = email.trim().to_lowercase();
    let existing: Option<Account> = accounts::table
        .filter(accounts::email.eq(&normalized))
        .select(Account::as_select())
        .first(&mut conn)
        .await
        .optional()?;
    if let Some(account) = existing {
        if !account.has_role(Role::Organizer) {
            let mut roles = account.roles.clone();
            roles.push(Role::Organizer);
            diesel::update(accounts::table.find(account.id))
                .set((accounts::roles.eq(roles), accounts::updated_at.eq(state.now())))
                .execute(&mut conn)
                .await?;
        }
        if let Some(p) = password {
            crate::domain::password_policy::check(&p, &[&account.email, &account.display_name])
                .map_err(|p| anyhow::anyhow!("password {}", p.message()))?;
            let hash = state.hasher.hash(p).await?;
            diesel::update(accounts::table.find(account.id))
                .set(accounts::password_hash.eq(hash))
                .execute(&mut conn)
                .await?;
        }
        return Ok(format!("{normalized} is an organiser"));
    }
    let Some(password) = password else { bail!("a new account needs a password (--password-stdin)") };
    let fields = validate_account_fields(email, name, None, Some(&password)).map_err(explain)?;
    let hash = state.hasher.hash(password).await?;
    // the person at the command line vouches for the address
    let creation = Creation {
        password_hash: Some(&hash),
        roles: vec![Role::Organizer],
        actor: None,
        confirmed: true,
        welcome: Welcome::Nothing,
    };
    insert_account(&state, &fields, creation).await.map_err(explain)?;
    Ok(format!("created organiser {normalized}"))
}

/// Reads one line (the password) from standard input.
pub fn read_password_stdin() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("reading the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Creates a first organiser with a generated password when there is none; prints its
/// credentials once. Does nothing when an organiser exists.
pub async fn ensure_organizer(settings: &Settings, email: &str) -> anyhow::Result<Option<String>> {
    let state = state(settings)?;
    let mut conn = state.conn().await.map_err(explain)?;
    let organizers: i64 = accounts::table
        .filter(accounts::roles.contains(vec![Role::Organizer]))
        .count()
        .get_result(&mut conn)
        .await?;
    if organizers > 0 {
        return Ok(None);
    }
    let password = crate::auth::session::new_token()[..24].to_owned();
    create_organizer(settings, email, "Organiser", Some(password.clone())).await?;
    Ok(Some(password))
}

/// Deletes the connection evidence of the votes whose edition was published more than
/// `VOTE_EVIDENCE_RETENTION_DAYS` ago; returns how many votes lost it.
pub async fn purge_vote_evidence(settings: &Settings) -> anyhow::Result<usize> {
    let state = state(settings)?;
    let mut conn = state.conn().await.map_err(explain)?;
    let now = state.now();
    Ok(crate::services::vote::purge_evidence(&mut conn, now, settings.vote_evidence_retention_days).await?)
}

/// The checks of `wsis-prizes verify`.
pub async fn verify(settings: &Settings) -> anyhow::Result<Vec<crate::services::verify::Finding>> {
    let state = state(settings)?;
    let mut conn = state.conn().await.map_err(explain)?;
    Ok(crate::services::verify::verify(&mut conn).await?)
}
