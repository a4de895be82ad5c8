//! Personal data: everything held about an account, as one JSON document (`GET /me/export`),
//! and its erasure (`DELETE /me`).
//!
//! Erasure removes what identifies the person (e-mail address, name, organisation, password,
//! sessions, tokens, invitations, drafts, the contact details of submitted nominations, queued
//! messages, the connection evidence of votes; sent messages keep no address) and keeps what
//! published results need: a submitted nomination's public fields, a judge's scores, the votes
//! cast (still counted). The account row stays as an anonymous, disabled
//! stand-in (`erased-<id>@erased.invalid`) so that what refers to it still holds. The audit log
//! is append-only and keeps its rows.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Jsonb, Uuid as SqlUuid};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::Value;
use uuid::Uuid;

use crate::db::schema::{account_tokens, accounts, invitations, nominations, outbox, sessions, votes};
use crate::domain::nomination::NominationStatus;
use crate::mail::OutboxStatus;

#[derive(QueryableByName)]
struct Document {
    #[diesel(sql_type = Jsonb)]
    data: Value,
}

/// The export: one statement, so the document is one consistent picture.
const EXPORT: &str = r#"
SELECT jsonb_build_object(
  'account', (SELECT jsonb_build_object('id', a.id, 'email', a.email, 'display_name', a.display_name,
      'organization', a.organization, 'roles', a.roles, 'language', a.language,
      'email_confirmed_at', a.email_confirmed_at, 'created_at', a.created_at,
      'updated_at', a.updated_at, 'disabled_at', a.disabled_at)
    FROM accounts a WHERE a.id = $1),
  'nominations', coalesce((SELECT jsonb_agg(to_jsonb(n) || jsonb_build_object('edition', e.year,
      'category', c.code) ORDER BY n.created_at)
    FROM nominations n JOIN editions e ON e.id = n.edition_id LEFT JOIN categories c ON c.id = n.category_id
    WHERE n.owner_id = $1), '[]'),
  'personal_extensions', coalesce((SELECT jsonb_agg(jsonb_build_object('edition', e.year,
      'extended_to', x.extended_to, 'reason', x.reason, 'granted_at', x.granted_at) ORDER BY x.granted_at)
    FROM nominator_extensions x JOIN editions e ON e.id = x.edition_id WHERE x.account_id = $1), '[]'),
  'panels', coalesce((SELECT jsonb_agg(jsonb_build_object('round_id', p.round_id, 'round', r.name,
      'categories', p.categories) ORDER BY r.created_at)
    FROM round_panel p JOIN rounds r ON r.id = p.round_id WHERE p.judge_id = $1), '[]'),
  'assignments', coalesce((SELECT jsonb_agg(jsonb_build_object('round_id', s.round_id,
      'nomination_id', s.nomination_id, 'status', s.status, 'source', s.source, 'created_at', s.created_at)
      ORDER BY s.created_at)
    FROM assignments s WHERE s.judge_id = $1), '[]'),
  'scores', coalesce((SELECT jsonb_agg(jsonb_build_object('round_id', s.round_id,
      'nomination_id', s.nomination_id, 'scores', s.criterion_scores, 'total', s.total,
      'comment', s.comment, 'created_at', s.created_at, 'updated_at', s.updated_at) ORDER BY s.created_at)
    FROM scores s WHERE s.judge_id = $1), '[]'),
  'conflicts', coalesce((SELECT jsonb_agg(jsonb_build_object('nomination_id', k.nomination_id,
      'reason', k.reason, 'declared_at', k.declared_at) ORDER BY k.declared_at)
    FROM conflicts k WHERE k.judge_id = $1), '[]'),
  'votes', coalesce((SELECT jsonb_agg(jsonb_build_object('round_id', v.round_id, 'category', c.code,
      'nomination_id', v.nomination_id, 'cast_at', v.cast_at, 'network', v.network) ORDER BY v.cast_at)
    FROM votes v JOIN categories c ON c.id = v.category_id WHERE v.account_id = $1), '[]'),
  'sessions', coalesce((SELECT jsonb_agg(jsonb_build_object('created_at', s.created_at,
      'last_seen_at', s.last_seen_at, 'expires_at', s.expires_at, 'revoked_at', s.revoked_at)
      ORDER BY s.created_at)
    FROM sessions s WHERE s.account_id = $1), '[]'),
  'messages', coalesce((SELECT jsonb_agg(jsonb_build_object('id', o.id, 'kind', o.kind,
      'to', o.recipient, 'subject', o.subject, 'language', o.language, 'status', o.status,
      'created_at', o.created_at, 'sent_at', o.sent_at) ORDER BY o.created_at)
    FROM outbox o WHERE o.account_id = $1), '[]'),
  'audit', coalesce((SELECT jsonb_agg(jsonb_build_object('at', l.at, 'action', l.action,
      'by_self', l.actor_id IS NOT DISTINCT FROM $1, 'before', l.before, 'after', l.after) ORDER BY l.at, l.id)
    FROM audit_log l WHERE l.entity_type = 'account' AND l.entity_id = $1), '[]')
) AS data
"#;

/// Everything held about the account, as one JSON object.
pub async fn export(conn: &mut AsyncPgConnection, account: Uuid, now: DateTime<Utc>) -> QueryResult<Value> {
    let doc: Document = diesel::sql_query(EXPORT).bind::<SqlUuid, _>(account).get_result(conn).await?;
    let mut data = doc.data;
    if let Value::Object(map) = &mut data {
        map.insert("exported_at".into(), serde_json::to_value(now).unwrap_or(Value::Null));
    }
    Ok(data)
}

/// What an erasure removed, for the audit row (counts only).
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Erased {
    /// Drafts deleted.
    pub drafts: usize,
    /// Submitted nominations whose contact details were removed.
    pub nominations_kept: usize,
    /// Sessions ended.
    pub sessions: usize,
    /// Queued messages dropped.
    pub queued_messages: usize,
}

/// Erases the account's personal data on the caller's connection (inside its transaction).
pub async fn erase(conn: &mut AsyncPgConnection, account: Uuid, now: DateTime<Utc>) -> QueryResult<Erased> {
    let stand_in = format!("erased-{}@erased.invalid", account.simple());
    let drafts = diesel::delete(
        nominations::table
            .filter(nominations::owner_id.eq(account))
            .filter(nominations::status.eq(NominationStatus::Draft)),
    )
    .execute(conn)
    .await?;
    let nominations_kept = diesel::update(nominations::table.filter(nominations::owner_id.eq(account)))
        .set((
            nominations::contact_name.eq(""),
            nominations::contact_email.eq(""),
            nominations::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    let sessions =
        diesel::delete(sessions::table.filter(sessions::account_id.eq(account))).execute(conn).await?;
    diesel::delete(account_tokens::table.filter(account_tokens::account_id.eq(account)))
        .execute(conn)
        .await?;
    diesel::delete(invitations::table.filter(invitations::account_id.eq(account))).execute(conn).await?;
    // a vote stays cast and counted; the evidence about the voter's connection goes
    diesel::update(votes::table.filter(votes::account_id.eq(account)))
        .set((
            votes::network.eq(None::<String>),
            votes::address_hash.eq(None::<Vec<u8>>),
            votes::agent_hash.eq(None::<Vec<u8>>),
        ))
        .execute(conn)
        .await?;
    let queued_messages = diesel::delete(
        outbox::table.filter(outbox::account_id.eq(account)).filter(outbox::status.eq(OutboxStatus::Queued)),
    )
    .execute(conn)
    .await?;
    diesel::update(outbox::table.filter(outbox::account_id.eq(account)))
        .set((outbox::recipient.eq(&stand_in), outbox::params.eq(serde_json::json!({}))))
        .execute(conn)
        .await?;
    diesel::update(accounts::table.find(account))
        .set((
            accounts::email.eq(&stand_in),
            accounts::display_name.eq("Erased account"),
            accounts::organization.eq(None::<String>),
            accounts::password_hash.eq(None::<String>),
            accounts::email_confirmed_at.eq(None::<DateTime<Utc>>),
            accounts::disabled_at.eq(now),
            accounts::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(Erased { drafts, nominations_kept, sessions, queued_messages })
}
