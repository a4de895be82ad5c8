//! A reminder to a nominator holding unsubmitted drafts, 7 days or 24 hours before their own
//! deadline (personal extension counted), with the deadline in the edition's zone and in UTC.
//! The outbox row is not sent after the deadline (`not_after`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::letter::Letter;
use super::receipt::deadline_text;
use super::{Context, RenderError, Rendered};
use crate::domain::language::Language;
use crate::domain::reminder::Reminder;
use crate::mail::MailKind;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The nominator's name.
    pub name: String,
    /// The edition's name.
    pub edition: String,
    /// Unsubmitted drafts when queued.
    pub drafts: i64,
    /// The nominator's deadline.
    pub deadline: DateTime<Utc>,
    /// The edition's official time zone.
    pub timezone: String,
    /// Which reminder.
    pub reminder: Reminder,
}

struct Words {
    subject_week: &'static str,
    subject_day: &'static str,
    greeting: &'static str,
    drafts: &'static str,
    only_submitted: &'static str,
    label: &'static str,
    open: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Ar => Words {
            subject_week: "تذكير: يتبقى أسبوع على الموعد النهائي ({edition})",
            subject_day: "تذكير: يتبقى يوم واحد على الموعد النهائي ({edition})",
            greeting: "مرحباً {name}،",
            drafts: "لديك مسودات غير مقدَّمة: {n}.",
            only_submitted: "لا تدخل المسابقة إلا الترشيحات المقدَّمة قبل الموعد النهائي.",
            label: "موعدك النهائي",
            open: "فتح ترشيحاتي",
        },
        Language::En => Words {
            subject_week: "Reminder: one week to the deadline ({edition})",
            subject_day: "Reminder: one day to the deadline ({edition})",
            greeting: "Hello {name},",
            drafts: "You have unsubmitted drafts: {n}.",
            only_submitted: "Only nominations submitted before the deadline enter the contest.",
            label: "Your deadline",
            open: "Open my nominations",
        },
        Language::Es => Words {
            subject_week: "Recordatorio: queda una semana para el plazo ({edition})",
            subject_day: "Recordatorio: queda un día para el plazo ({edition})",
            greeting: "Hola, {name}:",
            drafts: "Tiene borradores sin presentar: {n}.",
            only_submitted: "Solo participan las candidaturas presentadas antes de que venza el plazo.",
            label: "Su plazo",
            open: "Abrir mis candidaturas",
        },
        Language::Fr => Words {
            subject_week: "Rappel : une semaine avant la date limite ({edition})",
            subject_day: "Rappel : un jour avant la date limite ({edition})",
            greeting: "Bonjour {name},",
            drafts: "Vous avez des brouillons non soumis : {n}.",
            only_submitted: "Seules les candidatures soumises avant la date limite participent au concours.",
            label: "Votre date limite",
            open: "Ouvrir mes candidatures",
        },
        Language::Ru => Words {
            subject_week: "Напоминание: до окончания срока неделя ({edition})",
            subject_day: "Напоминание: до окончания срока один день ({edition})",
            greeting: "Здравствуйте, {name}!",
            drafts: "У вас есть неподанные черновики: {n}.",
            only_submitted: "В конкурсе участвуют только заявки, поданные до окончания срока.",
            label: "Ваш срок",
            open: "Открыть мои заявки",
        },
        Language::Zh => Words {
            subject_week: "提醒：距截止时间还有一周（{edition}）",
            subject_day: "提醒：距截止时间还有一天（{edition}）",
            greeting: "{name}，您好：",
            drafts: "您有尚未提交的草稿：{n} 份。",
            only_submitted: "只有在截止时间之前提交的提名才能参赛。",
            label: "您的截止时间",
            open: "打开我的提名",
        },
    }
}

/// The message in `language`; fails when the edition's zone is unknown.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Result<Rendered, RenderError> {
    let deadline = deadline_text(p.deadline, &p.timezone).ok_or_else(|| RenderError::Invalid {
        kind: MailKind::Reminder,
        reason: format!("unknown time zone {:?}", p.timezone),
    })?;
    let w = words(language);
    let subject = match p.reminder {
        Reminder::Week => w.subject_week,
        Reminder::Day => w.subject_day,
    };
    Ok(Letter {
        language,
        subject: subject.replace("{edition}", &p.edition),
        greeting: w.greeting.replace("{name}", &p.name),
        paragraphs: vec![w.drafts.replace("{n}", &p.drafts.to_string()), w.only_submitted.into()],
        details: vec![(w.label.into(), deadline)],
        action: Some((w.open.into(), format!("{}/nominations", ctx.public_url))),
        closing: vec![],
    }
    .render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gives_the_deadline_in_the_zone_and_in_utc() {
        for reminder in [Reminder::Week, Reminder::Day] {
            for l in Language::ALL {
                let p = Params {
                    name: "Ana".into(),
                    edition: "WSIS Prizes 2021".into(),
                    drafts: 2,
                    deadline: "2021-02-01T22:00:00Z".parse().unwrap(),
                    timezone: "Europe/Zurich".into(),
                    reminder,
                };
                let r = render(*l, &p, Context { public_url: "https://p.example" }).unwrap();
                assert!(r.subject.contains("WSIS Prizes 2021"), "{l}");
                assert!(
                    r.text.contains("2021-02-01 23:00 (Europe/Zurich, UTC+01:00) = 2021-02-01 22:00 UTC"),
                    "{l}"
                );
                assert!(r.text.contains("https://p.example/nominations"), "{l}");
            }
        }
    }
}
