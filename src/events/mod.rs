//! The one seam through which every state change is recorded.
//!
//! A service that changes state calls [`record`] with a typed [`Event`] inside its own
//! transaction. The event decides what the audit trail keeps (its action word, the entity and
//! the before/after views), so the trail's format lives here and nowhere else. Whatever must
//! follow from a change in the same transaction is written here too, from the same event, so
//! that no caller can record a change and forget to tell someone: an event may produce mail
//! ([`Event::mail`]: a confirmation link for `EmailConfirmationRequested`, a receipt for
//! `NominationSubmitted`, …), which [`record`] queues in the `outbox` table on the caller's
//! connection. The rows commit or roll back with the change; the sender (`mail::sender`) sends
//! them afterwards. A message's parameters travel in the event (a link's token is known only to
//! the caller that made it; the database keeps its hash).

use chrono::{DateTime, Utc};
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::db::models::account::Account;
use crate::db::models::edition::Edition;
use crate::db::models::nomination::{Nomination, NominatorExtension};
use crate::db::models::round::Round;
use crate::db::prepared::Statement;
use crate::domain::round::{AssignmentStatus, RoundStatus};
use crate::mail::messages::{
    broadcast, confirmation, invitation, outcome, password_reset, receipt, reminder, round_opened,
};
use crate::mail::{Mail, MailKind};

pub mod rows;

/// A nomination as one side of a change: the row and its category code.
#[derive(Debug, Clone, Copy)]
pub struct NominationState<'a> {
    /// The row.
    pub row: &'a Nomination,
    /// Its category's code.
    pub category: Option<&'a str>,
}

/// What a submission's receipt needs besides the nomination.
#[derive(Debug, Clone, Copy)]
pub struct Receipt<'a> {
    /// The nominator.
    pub owner: &'a Account,
    /// The edition.
    pub edition: &'a Edition,
    /// The nominator's deadline.
    pub deadline: DateTime<Utc>,
    /// The category's name.
    pub category_name: &'a str,
}

/// A judge to tell that a round opened: the account and its assignments in the round.
#[derive(Debug, Clone)]
pub struct JudgeNotice {
    /// The judge.
    pub judge: Account,
    /// Nominations assigned to them.
    pub assignments: i64,
}

/// A nominator to tell the outcome of one nomination, at the publication instant.
#[derive(Debug, Clone)]
pub struct OutcomeNotice {
    /// The nominator.
    pub owner: Account,
    /// What the message says.
    pub params: outcome::Params,
}

/// A nominator holding drafts to remind of their deadline.
#[derive(Debug, Clone)]
pub struct ReminderNotice {
    /// The nominator.
    pub owner: Account,
    /// Their unsubmitted drafts.
    pub drafts: i64,
    /// Their deadline.
    pub deadline: DateTime<Utc>,
    /// Which reminder.
    pub reminder: crate::domain::reminder::Reminder,
}

/// Something that happened. Each variant is one kind of audit row.
#[derive(Debug)]
pub enum Event<'a> {
    /// An account was created (sign-up, an organiser's invitation, the command line).
    AccountCreated(&'a Account),
    /// A person was invited to set the password of an account an organiser created: the
    /// invitation is mailed.
    InvitationIssued {
        /// The invited account.
        account: &'a Account,
        /// The invitation token (mailed, never stored or audited).
        token: &'a str,
        /// The inviting organiser's name.
        inviter: &'a str,
    },
    /// A confirmation link was made for an account's address: it is mailed.
    EmailConfirmationRequested {
        /// The account.
        account: &'a Account,
        /// The token (mailed, never stored or audited).
        token: &'a str,
    },
    /// An account's address was confirmed.
    EmailConfirmed {
        /// The account.
        account: Uuid,
    },
    /// A password reset was asked for an account: the link is mailed.
    PasswordResetRequested {
        /// The account.
        account: &'a Account,
        /// The token (mailed, never stored or audited).
        token: &'a str,
    },
    /// An account's password was set through a reset link; every session ended.
    PasswordReset {
        /// The account.
        account: Uuid,
        /// Sessions ended.
        sessions_ended: usize,
    },
    /// An account holder changed their name, organisation or language.
    ProfileChanged {
        /// Before.
        before: &'a Account,
        /// After.
        after: &'a Account,
    },
    /// An account holder erased their account's personal data.
    AccountErased {
        /// The account (now an anonymous stand-in).
        account: Uuid,
        /// What was removed (counts).
        erased: crate::services::personal_data::Erased,
    },
    /// An organiser sent a broadcast to a segment of an edition: one message per recipient.
    BroadcastQueued {
        /// The edition.
        edition: &'a Edition,
        /// The segment's word.
        segment: &'a str,
        /// The organiser's subject.
        subject: &'a str,
        /// The organiser's text.
        body: &'a str,
        /// Who receives it.
        recipients: &'a [Account],
        /// When it is to be sent (none: at once).
        send_at: Option<DateTime<Utc>>,
    },
    /// Reminders were queued for nominators holding drafts of an edition (by the service).
    RemindersQueued {
        /// The edition.
        edition: &'a Edition,
        /// Who is reminded.
        reminders: &'a [ReminderNotice],
    },
    /// An organiser queued a failed message again.
    MailRetried {
        /// The outbox row.
        message: Uuid,
    },
    /// An invited account set its password.
    InvitationAccepted {
        /// The account.
        account: Uuid,
    },
    /// An account holder changed their password; their other sessions ended.
    PasswordChanged {
        /// The account.
        account: Uuid,
        /// Sessions ended.
        sessions_ended: usize,
    },
    /// An organiser disabled or re-enabled an account.
    AccountAccessChanged {
        /// The account.
        account: Uuid,
        /// Disabled (true) or enabled again.
        disabled: bool,
        /// Sessions ended.
        sessions_ended: usize,
    },
    /// An edition was created.
    EditionCreated(&'a Edition),
    /// An edition's settings changed; `only_extension` when the change named nothing but the
    /// extended deadline (recorded as an extension or its removal).
    EditionChanged {
        /// Before.
        before: &'a Edition,
        /// After.
        after: &'a Edition,
        /// Whether only `deadline_extended_to` was named.
        only_extension: bool,
    },
    /// A nominator's personal extension was granted or changed.
    ExtensionGranted {
        /// The previous extension, if any.
        before: Option<&'a NominatorExtension>,
        /// The extension now.
        after: &'a NominatorExtension,
    },
    /// A nominator's personal extension was revoked.
    ExtensionRevoked(&'a NominatorExtension),
    /// A draft was created; `fields` are those its body named.
    NominationCreated {
        /// The new nomination.
        after: NominationState<'a>,
        /// The fields named.
        fields: &'a [&'a str],
    },
    /// A nomination's fields changed.
    NominationUpdated {
        /// Before.
        before: NominationState<'a>,
        /// After.
        after: NominationState<'a>,
        /// The fields named.
        fields: &'a [&'a str],
    },
    /// A nomination entered the contest (or was reinstated): its nominator gets a receipt
    /// (once per nomination).
    NominationSubmitted {
        /// Before.
        before: NominationState<'a>,
        /// After.
        after: NominationState<'a>,
        /// What the receipt says.
        receipt: Receipt<'a>,
    },
    /// A nomination was withdrawn by its nominator.
    NominationWithdrawn {
        /// Before.
        before: NominationState<'a>,
        /// After.
        after: NominationState<'a>,
    },
    /// A round was created.
    RoundCreated(&'a Round),
    /// A draft round's settings changed.
    RoundUpdated {
        /// Before.
        before: &'a Round,
        /// After.
        after: &'a Round,
    },
    /// A round's panel was set: (judge, categories or all).
    PanelSet {
        /// The round.
        round: Uuid,
        /// The judges and their categories.
        judges: Vec<(Uuid, Option<Vec<String>>)>,
    },
    /// A round opened with its entries and assignments.
    RoundOpened {
        /// The round.
        round: Uuid,
        /// Its status before.
        before: RoundStatus,
        /// Entries taken.
        entries: usize,
        /// Assignments made.
        assignments: usize,
        /// The assignment report.
        report: &'a Value,
        /// The round's name.
        name: &'a str,
        /// The edition's name.
        edition: &'a str,
        /// The panel's judges: each is told (in their language) how many nominations they have.
        judges: &'a [JudgeNotice],
    },
    /// A round closed: scores frozen, results written.
    RoundClosed {
        /// The round.
        round: Uuid,
        /// Entries ranked.
        entries: usize,
        /// Entries advanced.
        advanced: usize,
    },
    /// A voter cast a vote. The audit row names the round, the vote and its category, never the
    /// nominee: the trail must not be a tally while the vote is open.
    VoteCast {
        /// The round.
        round: Uuid,
        /// The vote.
        vote: Uuid,
        /// The category's code.
        category: &'a str,
    },
    /// An organiser invalidated the votes matching an invalidation (they stop counting).
    VotesInvalidated {
        /// The vote (round).
        round: Uuid,
        /// The invalidation.
        invalidation: Uuid,
        /// Votes it matched when made.
        votes: i64,
        /// What it selects and why.
        view: Value,
    },
    /// An organiser restored an invalidation (its votes count again).
    VotesRestored {
        /// The vote (round).
        round: Uuid,
        /// The invalidation.
        invalidation: Uuid,
    },
    /// An organiser assigned a judge by hand.
    AssignmentAdded {
        /// The round.
        round: Uuid,
        /// The nomination.
        nomination: Uuid,
        /// The judge.
        judge: Uuid,
    },
    /// An organiser removed an assignment.
    AssignmentRemoved {
        /// The round.
        round: Uuid,
        /// The nomination.
        nomination: Uuid,
        /// The judge.
        judge: Uuid,
        /// Its status when removed.
        status: AssignmentStatus,
    },
    /// A judge declared a conflict (or an organiser recused them) and the nomination was
    /// re-planned.
    Recused {
        /// The round.
        round: Uuid,
        /// The nomination.
        nomination: Uuid,
        /// The judge recused.
        judge: Uuid,
        /// Why.
        reason: &'a str,
        /// Whether another judge took over.
        reassigned: bool,
        /// Whether an organiser did it for the judge.
        by_organizer: bool,
    },
    /// A judge saved a score sheet.
    ScoreSaved {
        /// The round.
        round: Uuid,
        /// The nomination.
        nomination: Uuid,
        /// The previous marks and comment, if any.
        before: Option<(&'a Value, &'a str)>,
        /// The marks now.
        scores: &'a Value,
        /// The weighted total.
        total: f64,
        /// The comment.
        comment: &'a str,
    },
    /// A winner list was published (or scheduled, or corrected).
    ResultsPublished {
        /// The edition.
        edition: Uuid,
        /// The snapshot's version.
        version: i32,
        /// When it becomes public.
        published_at: DateTime<Utc>,
        /// The snapshot's checksum.
        checksum: &'a str,
        /// Why (for a correction).
        reason: &'a str,
        /// The nominators to tell their outcome at `published_at` (empty for a correction).
        outcomes: &'a [OutcomeNotice],
    },
}

/// Records an event at `at` by `actor` (None for the command line or the system) on the
/// caller's connection, inside the caller's transaction: its audit row and its messages, in one
/// statement.
pub async fn record(
    conn: &AsyncPgConnection, at: DateTime<Utc>, actor: Option<Uuid>, event: Event<'_>,
) -> Result<(), diesel::result::Error> {
    let rows = event.rows(at, actor);
    static RECORD: Statement =
        Statement::new(|| format!("WITH one AS (SELECT 1){} SELECT 1", rows::cte("one", "$1", "$2", None)));
    RECORD
        .prepared()
        .bind::<diesel::sql_types::Jsonb, _>(rows.audit)
        .bind::<diesel::sql_types::Jsonb, _>(rows.mail)
        .execute(&mut &*conn)
        .await?;
    Ok(())
}

type AuditRow = (&'static str, &'static str, Uuid, Option<Value>, Option<Value>);

fn to_account(kind: MailKind, account: &Account, params: Value, dedupe_key: Option<String>) -> Mail {
    Mail {
        kind,
        // the nil id is a stand-in that is not in the table (see `routes::auth::password_reset`)
        account: Some(account.id).filter(|id| !id.is_nil()),
        to: account.email.clone(),
        language: account.language,
        params,
        dedupe_key,
        not_before: None,
        not_after: None,
    }
}

fn params(p: impl serde::Serialize) -> Value {
    serde_json::to_value(p).unwrap_or(Value::Null)
}

impl Event<'_> {
    /// The messages the event causes (queued with it by [`record`]).
    pub fn mail(&self) -> Vec<Mail> {
        use Event::*;
        match self {
            EmailConfirmationRequested { account, token } => vec![to_account(
                MailKind::EmailConfirmation,
                account,
                params(confirmation::Params {
                    name: account.display_name.clone(),
                    token: (*token).to_owned(),
                }),
                None,
            )],
            PasswordResetRequested { account, token } => vec![to_account(
                MailKind::PasswordReset,
                account,
                params(password_reset::Params {
                    name: account.display_name.clone(),
                    token: (*token).to_owned(),
                }),
                None,
            )],
            InvitationIssued { account, token, inviter } => vec![to_account(
                MailKind::Invitation,
                account,
                params(invitation::Params {
                    name: account.display_name.clone(),
                    inviter: (*inviter).to_owned(),
                    token: (*token).to_owned(),
                }),
                None,
            )],
            NominationSubmitted { after, receipt: r, .. } => vec![to_account(
                MailKind::SubmissionReceipt,
                r.owner,
                params(receipt::Params {
                    name: r.owner.display_name.clone(),
                    nomination_id: after.row.id,
                    reference: after.row.reference.clone(),
                    title: after.row.fields.title.clone(),
                    category: after.category.unwrap_or_default().to_owned(),
                    category_name: r.category_name.to_owned(),
                    edition: r.edition.name.clone(),
                    deadline: r.deadline,
                    timezone: r.edition.timezone.clone(),
                }),
                // one receipt per nomination: not again when it is reinstated after a withdrawal
                Some(format!("receipt:{}", after.row.id)),
            )],
            RoundOpened { round, name, edition, judges, .. } => judges
                .iter()
                .map(|j| {
                    let p = round_opened::Params {
                        name: j.judge.display_name.clone(),
                        round_id: *round,
                        round: (*name).to_owned(),
                        edition: (*edition).to_owned(),
                        assignments: j.assignments,
                    };
                    to_account(
                        MailKind::RoundOpened,
                        &j.judge,
                        params(p),
                        Some(format!("round_opened:{round}:{}", j.judge.id)),
                    )
                })
                .collect(),
            ResultsPublished { published_at, outcomes, .. } => outcomes
                .iter()
                .map(|o| Mail {
                    // the embargo covers mail: nothing is rendered or sent before the instant
                    not_before: Some(*published_at),
                    ..to_account(
                        MailKind::Outcome,
                        &o.owner,
                        params(&o.params),
                        // a nominator learns a nomination's outcome once, whatever corrections follow
                        Some(format!("outcome:{}", o.params.nomination_id)),
                    )
                })
                .collect(),
            BroadcastQueued { edition, subject, body, recipients, send_at, .. } => recipients
                .iter()
                .map(|a| {
                    let p = broadcast::Params {
                        name: a.display_name.clone(),
                        edition: edition.name.clone(),
                        year: edition.year,
                        subject: (*subject).to_owned(),
                        body: (*body).to_owned(),
                    };
                    Mail { not_before: *send_at, ..to_account(MailKind::Broadcast, a, params(p), None) }
                })
                .collect(),
            RemindersQueued { edition, reminders } => reminders
                .iter()
                .map(|r| {
                    let p = reminder::Params {
                        name: r.owner.display_name.clone(),
                        edition: edition.name.clone(),
                        drafts: r.drafts,
                        deadline: r.deadline,
                        timezone: edition.timezone.clone(),
                        reminder: r.reminder,
                    };
                    let key = crate::services::reminders::key(edition.id, r.owner.id, r.reminder, r.deadline);
                    Mail {
                        // pointless once the deadline has passed: it fails instead
                        not_after: Some(r.deadline),
                        ..to_account(MailKind::Reminder, &r.owner, params(p), Some(key))
                    }
                })
                .collect(),
            _ => vec![],
        }
    }

    /// The audit row: action, entity type, entity id, before, after.
    fn audit(&self) -> AuditRow {
        use Event::*;
        match self {
            AccountCreated(a) => ("account.created", "account", a.id, None, Some(account_view(a))),
            InvitationIssued { account, .. } => {
                ("account.invitation_issued", "account", account.id, None, None)
            }
            EmailConfirmationRequested { account, .. } => (
                "account.confirmation_requested",
                "account",
                account.id,
                None,
                Some(json!({"email": account.email})),
            ),
            EmailConfirmed { account } => ("account.email_confirmed", "account", *account, None, None),
            PasswordResetRequested { account, .. } => {
                ("account.password_reset_requested", "account", account.id, None, None)
            }
            PasswordReset { account, sessions_ended } => (
                "account.password_reset",
                "account",
                *account,
                None,
                Some(json!({"sessions_ended": sessions_ended})),
            ),
            ProfileChanged { before, after } => (
                "account.updated",
                "account",
                after.id,
                Some(account_view(before)),
                Some(account_view(after)),
            ),
            AccountErased { account, erased } => {
                ("account.erased", "account", *account, None, Some(json!(erased)))
            }
            BroadcastQueued { edition, segment, subject, recipients, send_at, .. } => (
                "edition.broadcast",
                "edition",
                edition.id,
                None,
                Some(
                    json!({"segment": segment, "subject": subject, "recipients": recipients.len(), "send_at": send_at}),
                ),
            ),
            RemindersQueued { edition, reminders } => (
                "edition.reminders_queued",
                "edition",
                edition.id,
                None,
                Some(json!({"reminders": reminders.len()})),
            ),
            MailRetried { message } => ("mail.retried", "outbox", *message, None, None),
            InvitationAccepted { account } => {
                ("account.invitation_accepted", "account", *account, None, None)
            }
            PasswordChanged { account, sessions_ended } => (
                "account.password_changed",
                "account",
                *account,
                None,
                Some(json!({"sessions_ended": sessions_ended})),
            ),
            AccountAccessChanged { account, disabled, sessions_ended } => (
                if *disabled { "account.disabled" } else { "account.enabled" },
                "account",
                *account,
                None,
                Some(json!({"disabled": disabled, "sessions_ended": sessions_ended})),
            ),
            EditionCreated(e) => ("edition.created", "edition", e.id, None, Some(edition_view(e))),
            EditionChanged { before, after, only_extension } => (
                match (only_extension, after.deadline_extended_to) {
                    (true, Some(_)) => "edition.deadline_extended",
                    (true, None) => "edition.extension_removed",
                    (false, _) => "edition.updated",
                },
                "edition",
                after.id,
                Some(edition_view(before)),
                Some(edition_view(after)),
            ),
            ExtensionGranted { before, after } => (
                "edition.nominator_extension_granted",
                "edition",
                after.edition_id,
                before.map(extension_view),
                Some(extension_view(after)),
            ),
            ExtensionRevoked(x) => (
                "edition.nominator_extension_revoked",
                "edition",
                x.edition_id,
                Some(extension_view(x)),
                None,
            ),
            NominationCreated { after, fields } => {
                ("nomination.created", "nomination", after.row.id, None, Some(nomination_view(after, fields)))
            }
            NominationUpdated { before, after, fields } => {
                nomination_change("nomination.updated", before, after, fields)
            }
            NominationSubmitted { before, after, .. } => {
                nomination_change("nomination.submitted", before, after, &["submitted_at", "withdrawn_at"])
            }
            NominationWithdrawn { before, after } => {
                nomination_change("nomination.withdrawn", before, after, &["submitted_at", "withdrawn_at"])
            }
            RoundCreated(r) => ("round.created", "round", r.id, None, Some(round_view(r))),
            RoundUpdated { before, after } => {
                ("round.updated", "round", after.id, Some(round_view(before)), Some(round_view(after)))
            }
            PanelSet { round, judges } => (
                "round.panel_set",
                "round",
                *round,
                None,
                Some(Value::Array(
                    judges.iter().map(|(j, c)| json!({"account_id": j, "categories": c})).collect(),
                )),
            ),
            RoundOpened { round, before, entries, assignments, report, .. } => (
                "round.opened",
                "round",
                *round,
                Some(json!({"status": before})),
                Some(json!({
                    "status": RoundStatus::Open,
                    "entries": entries,
                    "assignments": assignments,
                    "assignment_report": report,
                })),
            ),
            RoundClosed { round, entries, advanced } => (
                "round.closed",
                "round",
                *round,
                Some(json!({"status": RoundStatus::Open})),
                Some(json!({"status": RoundStatus::Closed, "entries": entries, "advanced": advanced})),
            ),
            VoteCast { round, vote, category } => {
                ("vote.cast", "vote", *vote, None, Some(json!({"round": round, "category": category})))
            }
            VotesInvalidated { round, invalidation, votes, view } => (
                "vote.invalidated",
                "vote_invalidation",
                *invalidation,
                None,
                Some(json!({"round": round, "votes": votes, "selector": view})),
            ),
            VotesRestored { round, invalidation } => (
                "vote.restored",
                "vote_invalidation",
                *invalidation,
                Some(json!({"round": round, "restored": false})),
                Some(json!({"round": round, "restored": true})),
            ),
            AssignmentAdded { round, nomination, judge } => (
                "assignment.added",
                "round",
                *round,
                None,
                Some(json!({"nomination_id": nomination, "judge_id": judge})),
            ),
            AssignmentRemoved { round, nomination, judge, status } => (
                "assignment.removed",
                "round",
                *round,
                Some(json!({"nomination_id": nomination, "judge_id": judge, "status": status})),
                None,
            ),
            Recused { round, nomination, judge, reason, reassigned, by_organizer } => (
                if *by_organizer { "assignment.recused_by_organizer" } else { "assignment.recused" },
                "round",
                *round,
                Some(json!({"nomination_id": nomination, "judge_id": judge})),
                Some(json!({"reason": reason, "reassigned": reassigned})),
            ),
            ScoreSaved { round, nomination, before, scores, total, comment } => (
                "score.saved",
                "nomination",
                *nomination,
                before.map(|(v, c)| json!({"round_id": round, "scores": v, "comment": c})),
                Some(json!({"round_id": round, "scores": scores, "total": total, "comment": comment})),
            ),
            ResultsPublished { edition, version, published_at, checksum, reason, .. } => (
                "edition.results_published",
                "edition",
                *edition,
                None,
                Some(
                    json!({"version": version, "published_at": published_at, "checksum": checksum, "reason": reason}),
                ),
            ),
        }
    }
}

fn account_view(a: &Account) -> Value {
    json!({
        "email": a.email,
        "display_name": a.display_name,
        "organization": a.organization,
        "roles": a.roles,
        "language": a.language,
    })
}

fn edition_view(e: &Edition) -> Value {
    json!({
        "year": e.year,
        "name": e.name,
        "timezone": e.timezone,
        "submission_opens_at": e.submission_opens_at,
        "submission_deadline": e.submission_deadline,
        "deadline_extended_to": e.deadline_extended_to,
        "results_published_at": e.results_published_at,
        "version": e.version,
    })
}

fn extension_view(e: &NominatorExtension) -> Value {
    json!({"account_id": e.account_id, "extended_to": e.extended_to, "reason": e.reason})
}

fn round_view(r: &Round) -> Value {
    json!({
        "name": r.name, "status": r.status, "criteria": r.criteria,
        "judges_per_nomination": r.judges_per_nomination, "advance_per_category": r.advance_per_category,
        "blind": r.blind, "seed": r.seed, "version": r.version,
    })
}

fn nomination_change(
    action: &'static str, before: &NominationState<'_>, after: &NominationState<'_>, fields: &[&str],
) -> AuditRow {
    (
        action,
        "nomination",
        after.row.id,
        Some(nomination_view(before, fields)),
        Some(nomination_view(after, fields)),
    )
}

/// The named fields of a nomination, with its status and version.
fn nomination_view(n: &NominationState<'_>, fields: &[&str]) -> Value {
    let mut all = match serde_json::to_value(&n.row.fields) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    all.insert("status".into(), json!(n.row.status));
    all.insert("version".into(), json!(n.row.version));
    all.insert("category".into(), json!(n.category));
    all.insert("submitted_at".into(), json!(n.row.submitted_at));
    all.insert("withdrawn_at".into(), json!(n.row.withdrawn_at));
    let mut out = serde_json::Map::new();
    for f in fields.iter().chain(["status", "version"].iter()) {
        if let Some(v) = all.get(*f) {
            out.insert((*f).to_owned(), v.clone());
        }
    }
    Value::Object(out)
}
