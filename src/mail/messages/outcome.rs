//! A nominator's outcome, sent at the publication instant (never before: the row's `not_before`
//! is that instant): Winner, Champion or not selected, for one nomination.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::letter::Letter;
use super::{Context, Rendered};
use crate::domain::language::Language;
use crate::services::publication::cache::Outcome;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The nominator's name.
    pub name: String,
    /// The nomination.
    pub nomination_id: Uuid,
    /// Its reference.
    pub reference: String,
    /// Its title.
    pub title: String,
    /// Its category's code.
    pub category: String,
    /// Its category's name.
    pub category_name: String,
    /// The edition's name.
    pub edition: String,
    /// The edition's year (the results page's address).
    pub year: i32,
    /// The outcome.
    pub outcome: Outcome,
}

struct Words {
    subject: &'static str,
    greeting: &'static str,
    winner: &'static str,
    champion: &'static str,
    not_selected: &'static str,
    labels: [&'static str; 3],
    open: &'static str,
    thanks: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Ar => Words {
            subject: "نتائج {edition}: {reference}",
            greeting: "مرحباً {name}،",
            winner: "تهانينا! ترشيحك «{title}» هو الفائز في فئته في {edition}.",
            champion: "تهانينا! ترشيحك «{title}» من أبطال فئته في {edition}.",
            not_selected: "لم يُختر ترشيحك «{title}» فائزاً ولا بطلاً في فئته في {edition}.",
            labels: ["المرجع", "الفئة", "النتيجة"],
            open: "عرض النتائج",
            thanks: "شكراً لمشاركتك في جوائز القمة العالمية لمجتمع المعلومات.",
        },
        Language::En => Words {
            subject: "{edition} results: {reference}",
            greeting: "Hello {name},",
            winner: "Congratulations: your nomination “{title}” is the Winner of its category in {edition}.",
            champion: "Congratulations: your nomination “{title}” is one of the Champions of its category in {edition}.",
            not_selected: "Your nomination “{title}” was not selected as Winner or Champion of its category in {edition}.",
            labels: ["Reference", "Category", "Outcome"],
            open: "See the results",
            thanks: "Thank you for taking part in the WSIS Prizes.",
        },
        Language::Es => Words {
            subject: "Resultados de {edition}: {reference}",
            greeting: "Hola, {name}:",
            winner: "Enhorabuena: su candidatura «{title}» es la ganadora de su categoría en {edition}.",
            champion: "Enhorabuena: su candidatura «{title}» es una de las campeonas de su categoría en {edition}.",
            not_selected: "Su candidatura «{title}» no ha sido seleccionada como ganadora ni como campeona de su categoría en {edition}.",
            labels: ["Referencia", "Categoría", "Resultado"],
            open: "Ver los resultados",
            thanks: "Gracias por participar en los Premios CMSI.",
        },
        Language::Fr => Words {
            subject: "Résultats des {edition} : {reference}",
            greeting: "Bonjour {name},",
            winner: "Félicitations : votre candidature « {title} » est lauréate de sa catégorie ({edition}).",
            champion: "Félicitations : votre candidature « {title} » fait partie des champions de sa catégorie ({edition}).",
            not_selected: "Votre candidature « {title} » n’a été retenue ni comme lauréate ni comme championne de sa catégorie ({edition}).",
            labels: ["Référence", "Catégorie", "Résultat"],
            open: "Voir les résultats",
            thanks: "Merci d’avoir participé aux Prix du SMSI.",
        },
        Language::Ru => Words {
            subject: "Итоги {edition}: {reference}",
            greeting: "Здравствуйте, {name}!",
            winner: "Поздравляем: ваша заявка «{title}» — победитель в своей категории ({edition}).",
            champion: "Поздравляем: ваша заявка «{title}» — в числе чемпионов своей категории ({edition}).",
            not_selected: "Ваша заявка «{title}» не стала ни победителем, ни чемпионом своей категории ({edition}).",
            labels: ["Номер", "Категория", "Итог"],
            open: "Посмотреть итоги",
            thanks: "Благодарим за участие в Премиях ВВУИО.",
        },
        Language::Zh => Words {
            subject: "{edition}结果：{reference}",
            greeting: "{name}，您好：",
            winner: "恭喜！您的提名“{title}”荣获{edition}该类别的获奖者。",
            champion: "恭喜！您的提名“{title}”入选{edition}该类别的优胜者。",
            not_selected: "您的提名“{title}”未入选{edition}该类别的获奖者或优胜者。",
            labels: ["编号", "类别", "结果"],
            open: "查看结果",
            thanks: "感谢您参加信息社会世界峰会奖。",
        },
    }
}

/// The outcome's name, as the results page says it.
fn outcome_word(language: Language, outcome: Outcome) -> &'static str {
    use Outcome::*;
    match (language, outcome) {
        (Language::Ar, Winner) => "الفائز",
        (Language::Ar, Champion) => "بطل",
        (Language::Ar, NotSelected) => "لم يُختر",
        (Language::En, Winner) => "Winner",
        (Language::En, Champion) => "Champion",
        (Language::En, NotSelected) => "Not selected",
        (Language::Es, Winner) => "Ganadora",
        (Language::Es, Champion) => "Campeona",
        (Language::Es, NotSelected) => "No seleccionada",
        (Language::Fr, Winner) => "Lauréate",
        (Language::Fr, Champion) => "Championne",
        (Language::Fr, NotSelected) => "Non retenue",
        (Language::Ru, Winner) => "Победитель",
        (Language::Ru, Champion) => "Чемпион",
        (Language::Ru, NotSelected) => "Не отобрана",
        (Language::Zh, Winner) => "获奖者",
        (Language::Zh, Champion) => "优胜者",
        (Language::Zh, NotSelected) => "未入选",
    }
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let w = words(language);
    let said = match p.outcome {
        Outcome::Winner => w.winner,
        Outcome::Champion => w.champion,
        Outcome::NotSelected => w.not_selected,
    };
    let [reference, category, outcome] = w.labels;
    Letter {
        language,
        subject: w.subject.replace("{edition}", &p.edition).replace("{reference}", &p.reference),
        greeting: w.greeting.replace("{name}", &p.name),
        paragraphs: vec![said.replace("{title}", &p.title).replace("{edition}", &p.edition)],
        action: Some((w.open.into(), format!("{}/editions/{}/results", ctx.public_url, p.year))),
        details: vec![
            (reference.into(), p.reference.clone()),
            (category.into(), format!("{} — {}", p.category, p.category_name)),
            (outcome.into(), outcome_word(language, p.outcome).into()),
        ],
        closing: vec![w.thanks.into()],
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_says_each_outcome_differently_with_the_results_link() {
        for l in Language::ALL {
            let texts: Vec<String> = [Outcome::Winner, Outcome::Champion, Outcome::NotSelected]
                .into_iter()
                .map(|outcome| {
                    let p = Params {
                        name: "Ana".into(),
                        nomination_id: Uuid::nil(),
                        reference: "WSIS2021-000042".into(),
                        title: "Clinics online".into(),
                        category: "C7-EHEALTH".into(),
                        category_name: "E-health".into(),
                        edition: "WSIS Prizes 2021".into(),
                        year: 2021,
                        outcome,
                    };
                    let r = render(*l, &p, Context { public_url: "https://p.example" });
                    assert!(r.subject.contains("WSIS2021-000042"), "{l}");
                    assert!(r.text.contains("https://p.example/editions/2021/results"), "{l}");
                    assert!(r.text.contains("Clinics online"), "{l}");
                    r.text
                })
                .collect();
            assert!(texts[0] != texts[1] && texts[1] != texts[2], "{l}");
        }
    }
}
