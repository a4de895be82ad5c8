//! A judge's notice that a round has opened, with how many nominations they are to score.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::letter::Letter;
use super::{Context, Rendered};
use crate::domain::language::Language;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The judge's name.
    pub name: String,
    /// The round.
    pub round_id: Uuid,
    /// The round's name.
    pub round: String,
    /// The edition's name.
    pub edition: String,
    /// Nominations assigned to this judge when the round opened.
    pub assignments: i64,
}

struct Words {
    subject: &'static str,
    greeting: &'static str,
    opened: &'static str,
    assigned: &'static str,
    none: &'static str,
    open: &'static str,
    conflict: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Ar => Words {
            subject: "بدأت جولة التحكيم: {round} ({edition})",
            greeting: "مرحباً {name}،",
            opened: "بدأت جولة «{round}» من {edition}.",
            assigned: "عدد الترشيحات المسندة إليك للتقييم: {n}.",
            none: "لم يُسند إليك أي ترشيح في الوقت الحالي.",
            open: "فتح صفحة التحكيم",
            conflict: "إذا كان لديك تضارب في المصالح مع أحد الترشيحات، يُرجى الإعلان عنه في صفحة التحكيم قبل التقييم.",
        },
        Language::En => Words {
            subject: "Judging round open: {round} ({edition})",
            greeting: "Hello {name},",
            opened: "The round “{round}” of {edition} is open.",
            assigned: "Nominations assigned to you for scoring: {n}.",
            none: "No nomination is assigned to you for now.",
            open: "Go to your judging page",
            conflict: "If you have a conflict of interest with a nomination, please declare it on the judging page before scoring.",
        },
        Language::Es => Words {
            subject: "Ronda de evaluación abierta: {round} ({edition})",
            greeting: "Hola, {name}:",
            opened: "La ronda «{round}» de {edition} está abierta.",
            assigned: "Candidaturas que se le han asignado para evaluar: {n}.",
            none: "Por ahora no tiene ninguna candidatura asignada.",
            open: "Ir a su página de evaluación",
            conflict: "Si tiene un conflicto de intereses con una candidatura, declárelo en la página de evaluación antes de puntuar.",
        },
        Language::Fr => Words {
            subject: "Tour d’évaluation ouvert : {round} ({edition})",
            greeting: "Bonjour {name},",
            opened: "Le tour « {round} » de {edition} est ouvert.",
            assigned: "Candidatures qui vous sont attribuées : {n}.",
            none: "Aucune candidature ne vous est attribuée pour le moment.",
            open: "Ouvrir votre page d’évaluation",
            conflict: "Si vous avez un conflit d’intérêts avec une candidature, déclarez-le sur la page d’évaluation avant de noter.",
        },
        Language::Ru => Words {
            subject: "Открыт тур оценки: {round} ({edition})",
            greeting: "Здравствуйте, {name}!",
            opened: "Тур «{round}» ({edition}) открыт.",
            assigned: "Заявок, назначенных вам для оценки: {n}.",
            none: "Пока вам не назначено ни одной заявки.",
            open: "Перейти на страницу оценки",
            conflict: "Если у вас есть конфликт интересов в отношении заявки, заявите о нём на странице оценки до выставления баллов.",
        },
        Language::Zh => Words {
            subject: "评审轮次已开启：{round}（{edition}）",
            greeting: "{name}，您好：",
            opened: "{edition}的“{round}”评审轮次已开启。",
            assigned: "分配给您评分的提名数量：{n}。",
            none: "目前尚未给您分配任何提名。",
            open: "前往您的评审页面",
            conflict: "如果您与某项提名存在利益冲突，请在评分前于评审页面上声明。",
        },
    }
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let w = words(language);
    let fill = |s: &str| s.replace("{round}", &p.round).replace("{edition}", &p.edition);
    let count =
        if p.assignments > 0 { w.assigned.replace("{n}", &p.assignments.to_string()) } else { w.none.into() };
    Letter {
        language,
        subject: fill(w.subject),
        greeting: w.greeting.replace("{name}", &p.name),
        paragraphs: vec![fill(w.opened), count],
        action: Some((w.open.into(), format!("{}/judging", ctx.public_url))),
        details: vec![],
        closing: vec![w.conflict.into()],
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_round_the_count_and_the_judging_page() {
        let p = Params {
            name: "Jun".into(),
            round_id: Uuid::nil(),
            round: "Expert Group".into(),
            edition: "WSIS Prizes 2021".into(),
            assignments: 7,
        };
        for l in Language::ALL {
            let r = render(*l, &p, Context { public_url: "https://p.example" });
            assert!(r.subject.contains("Expert Group") && r.subject.contains("WSIS Prizes 2021"), "{l}");
            assert!(r.text.contains('7') && r.text.contains("https://p.example/judging"), "{l}: {}", r.text);
        }
    }
}
