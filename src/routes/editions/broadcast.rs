//! `POST /api/v1/editions/{edition}/broadcasts`: an organiser previews, then queues, a message to
//! a segment of an edition.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::extractor::Organizer;
use crate::domain::language::Language;
use crate::error::{ApiError, FieldIssues, Reason};
use crate::events::{self, Event};
use crate::routes::problems;
use crate::services::broadcasts::{self, Segment};
use crate::services::editions::find_edition;
use crate::state::AppState;

/// Recipients shown in a preview.
pub const SAMPLE: usize = 5;

/// The broadcast.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BroadcastRequest {
    /// Who receives it.
    pub segment: Segment,
    /// The subject (1–200 characters).
    pub subject: String,
    /// The text (1–10,000 characters; a blank line separates paragraphs), greeted and signed in
    /// each recipient's language.
    pub body: String,
    /// `false` (the default): only preview; `true`: queue one message per recipient.
    #[serde(default)]
    pub send: bool,
    /// When to send it: the messages wait in the outbox until this instant (absent: at once).
    /// Not in the past.
    #[serde(default)]
    pub send_at: Option<DateTime<Utc>>,
}

/// A recipient in a preview.
#[derive(Debug, Serialize, ToSchema)]
pub struct SampleRecipient {
    /// E-mail address.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// The language their message is written in.
    pub language: Language,
}

/// A preview: how many would receive it, and a few of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct BroadcastPreview {
    /// Recipients.
    pub recipients: usize,
    /// The first few recipients, by e-mail address.
    pub sample: Vec<SampleRecipient>,
}

/// What was queued.
#[derive(Debug, Serialize, ToSchema)]
pub struct BroadcastQueued {
    /// Messages queued.
    pub queued: usize,
    /// When they are sent (absent when at once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub send_at: Option<DateTime<Utc>>,
}

fn check(body: &BroadcastRequest, now: DateTime<Utc>) -> Result<(), ApiError> {
    let mut e = FieldIssues::new();
    if !(1..=200).contains(&body.subject.trim().chars().count()) || body.subject.contains(['\r', '\n']) {
        e.add("subject", Reason::CharCount { min: 1, max: 200 });
    }
    if !(1..=10_000).contains(&body.body.trim().chars().count()) {
        e.add("body", Reason::CharCount { min: 1, max: 10_000 });
    }
    if body.send_at.is_some_and(|t| t < now) {
        e.add("send_at", Reason::InPast);
    }
    ApiError::unless_valid(e)
}

/// Previews (`send: false`) or queues (`send: true`) a message to every enabled account of a
/// segment of the edition: `nominators` (holding a nomination of it), `nominators_with_drafts`,
/// `judges` (on a panel of one of its rounds). Audited (`edition.broadcast`). With `send_at`,
/// the messages are queued now (to whoever is in the segment now) and sent at that instant.
#[utoipa::path(post, path = "/api/v1/editions/{edition}/broadcasts", tag = "mail", request_body = BroadcastRequest,
    params(("edition" = String, Path, description = "Edition year")),
    responses((status = 200, description = "A preview (`send: false`)", body = BroadcastPreview), (status = 202, description = "Queued (`send: true`)", body = BroadcastQueued), (status = 422, description = "`validation_failed`: `subject`, `body` or `send_at` (`in_past`)", body = crate::error::Problem, content_type = "application/problem+json"), problems::BadRequest, problems::Unauthenticated, problems::OrganizersOnly, problems::NotFound, problems::Unavailable,))]
pub async fn broadcast(
    state: web::Data<AppState>, organizer: Organizer, path: web::Path<String>,
    body: web::Json<BroadcastRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (now, actor) = (state.now(), organizer.0.id());
    check(&body, now)?;
    let mut conn = state.conn().await?;
    let key = path.into_inner();
    let answer = conn
        .transaction::<Answer, ApiError, _>(async move |conn| {
            let edition = find_edition(&state.cache, conn, &key).await?;
            let recipients = broadcasts::recipients(conn, &edition, body.segment).await?;
            if !body.send {
                let sample = recipients
                    .iter()
                    .take(SAMPLE)
                    .map(|a| SampleRecipient {
                        email: a.email.clone(),
                        display_name: a.display_name.clone(),
                        language: a.language,
                    })
                    .collect();
                return Ok(Answer::Preview(BroadcastPreview { recipients: recipients.len(), sample }));
            }
            let event = Event::BroadcastQueued {
                edition: &edition,
                segment: body.segment.as_str(),
                subject: body.subject.trim(),
                body: body.body.trim(),
                recipients: &recipients,
                send_at: body.send_at,
            };
            events::record(conn, now, Some(actor), event).await?;
            Ok(Answer::Queued(BroadcastQueued { queued: recipients.len(), send_at: body.send_at }))
        })
        .await?;
    Ok(match answer {
        Answer::Preview(p) => HttpResponse::Ok().json(p),
        Answer::Queued(q) => HttpResponse::Accepted().json(q),
    })
}

enum Answer {
    Preview(BroadcastPreview),
    Queued(BroadcastQueued),
}
