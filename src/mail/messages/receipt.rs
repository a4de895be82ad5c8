//! A nominator's receipt for a submitted nomination: its reference, title and category, and the
//! deadline until which it can still be changed, in the edition's zone and in UTC.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::letter::Letter;
use super::{Context, RenderError, Rendered};
use crate::domain::deadline::parse_timezone;
use crate::domain::language::Language;
use crate::mail::MailKind;

/// What the message is made from (as submitted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The nominator's name.
    pub name: String,
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its reference, e.g. `WSIS2021-000042`.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its category's code, e.g. `C7-EHEALTH`.
    pub category: String,
    /// Its category's name.
    pub category_name: String,
    /// The edition's name.
    pub edition: String,
    /// The deadline that applies to this nominator.
    pub deadline: DateTime<Utc>,
    /// The edition's official time zone (IANA name).
    pub timezone: String,
}

struct Words {
    subject: &'static str,
    greeting: &'static str,
    submitted: &'static str,
    labels: [&'static str; 4],
    until: &'static str,
    open: &'static str,
    keep: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Ar => Words {
            subject: "تم استلام الترشيح: {reference}",
            greeting: "مرحباً {name}،",
            submitted: "تم تقديم ترشيحك ({edition}).",
            labels: ["المرجع", "العنوان", "الفئة", "الموعد النهائي"],
            until: "يمكنك تعديل الترشيح أو سحبه حتى الموعد النهائي.",
            open: "عرض الترشيح",
            keep: "يُرجى الاحتفاظ بهذه الرسالة إيصالاً بالاستلام.",
        },
        Language::En => Words {
            subject: "Nomination received: {reference}",
            greeting: "Hello {name},",
            submitted: "Your nomination has been submitted ({edition}).",
            labels: ["Reference", "Title", "Category", "Deadline"],
            until: "You can change or withdraw it until the deadline.",
            open: "See the nomination",
            keep: "Please keep this message as your receipt.",
        },
        Language::Es => Words {
            subject: "Candidatura recibida: {reference}",
            greeting: "Hola, {name}:",
            submitted: "Su candidatura ha sido presentada ({edition}).",
            labels: ["Referencia", "Título", "Categoría", "Plazo"],
            until: "Puede modificarla o retirarla hasta que venza el plazo.",
            open: "Ver la candidatura",
            keep: "Conserve este mensaje como acuse de recibo.",
        },
        Language::Fr => Words {
            subject: "Candidature reçue : {reference}",
            greeting: "Bonjour {name},",
            submitted: "Votre candidature a bien été soumise ({edition}).",
            labels: ["Référence", "Titre", "Catégorie", "Date limite"],
            until: "Vous pouvez la modifier ou la retirer jusqu’à la date limite.",
            open: "Voir la candidature",
            keep: "Conservez ce message : il vaut accusé de réception.",
        },
        Language::Ru => Words {
            subject: "Заявка получена: {reference}",
            greeting: "Здравствуйте, {name}!",
            submitted: "Ваша заявка подана ({edition}).",
            labels: ["Номер", "Название", "Категория", "Срок подачи"],
            until: "До окончания срока вы можете изменить или отозвать заявку.",
            open: "Открыть заявку",
            keep: "Сохраните это письмо как подтверждение получения заявки.",
        },
        Language::Zh => Words {
            subject: "已收到提名：{reference}",
            greeting: "{name}，您好：",
            submitted: "您的提名已提交（{edition}）。",
            labels: ["编号", "标题", "类别", "截止时间"],
            until: "截止时间之前，您可以修改或撤回提名。",
            open: "查看提名",
            keep: "请保留此邮件作为回执。",
        },
    }
}

/// The deadline in the edition's zone and in UTC: `2021-02-01 23:00 (Europe/Zurich, UTC+01:00)
/// = 2021-02-01 22:00 UTC`.
pub fn deadline_text(deadline: DateTime<Utc>, timezone: &str) -> Option<String> {
    let zone = parse_timezone(timezone)?;
    let local = deadline.with_timezone(&zone);
    Some(format!(
        "{} ({timezone}, UTC{}) = {} UTC",
        local.format("%Y-%m-%d %H:%M"),
        local.format("%:z"),
        deadline.format("%Y-%m-%d %H:%M")
    ))
}

/// The message in `language`; fails when the edition's zone is unknown.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Result<Rendered, RenderError> {
    let deadline = deadline_text(p.deadline, &p.timezone).ok_or_else(|| RenderError::Invalid {
        kind: MailKind::SubmissionReceipt,
        reason: format!("unknown time zone {:?}", p.timezone),
    })?;
    let w = words(language);
    let [reference, title, category, until] = w.labels;
    Ok(Letter {
        language,
        subject: w.subject.replace("{reference}", &p.reference),
        greeting: w.greeting.replace("{name}", &p.name),
        paragraphs: vec![w.submitted.replace("{edition}", &p.edition)],
        details: vec![
            (reference.into(), p.reference.clone()),
            (title.into(), p.title.clone()),
            (category.into(), format!("{} — {}", p.category, p.category_name)),
            (until.into(), deadline),
        ],
        action: Some((w.open.into(), format!("{}/nominations/{}", ctx.public_url, p.nomination_id))),
        closing: vec![w.until.into(), w.keep.into()],
    }
    .render())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Params {
        Params {
            name: "Ana".into(),
            nomination_id: Uuid::nil(),
            reference: "WSIS2021-000042".into(),
            title: "Clinics online".into(),
            category: "C7-EHEALTH".into(),
            category_name: "ICT applications: E-health".into(),
            edition: "WSIS Prizes 2021".into(),
            deadline: "2021-02-01T22:00:00Z".parse().unwrap(),
            timezone: "Europe/Zurich".into(),
        }
    }

    #[test]
    fn the_deadline_is_given_in_the_editions_zone_and_in_utc() {
        let ctx = Context { public_url: "https://p.example" };
        for l in Language::ALL {
            let r = render(*l, &params(), ctx).unwrap();
            assert!(r.subject.contains("WSIS2021-000042"), "{l}");
            assert!(
                r.text.contains("2021-02-01 23:00 (Europe/Zurich, UTC+01:00) = 2021-02-01 22:00 UTC"),
                "{l}: {}",
                r.text
            );
        }
    }

    #[test]
    fn an_unknown_zone_cannot_be_rendered() {
        let mut p = params();
        p.timezone = "Mars/Olympus".into();
        let err = render(Language::En, &p, Context { public_url: "x" }).unwrap_err();
        assert!(err.to_string().contains("Mars/Olympus"), "{err}");
    }
}
