//! An organiser's broadcast to a segment of an edition: their subject and text as written (one
//! paragraph per blank-line-separated block), greeted and signed in the recipient's language.

use serde::{Deserialize, Serialize};

use super::letter::Letter;
use super::{Context, Rendered};
use crate::domain::language::Language;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The recipient's name.
    pub name: String,
    /// The edition's name (its page is linked).
    pub edition: String,
    /// The edition's year.
    pub year: i32,
    /// The organiser's subject.
    pub subject: String,
    /// The organiser's text.
    pub body: String,
}

fn words(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::Ar => ("مرحباً {name}،", "صفحة {edition}"),
        Language::En => ("Hello {name},", "{edition} page"),
        Language::Es => ("Hola, {name}:", "Página de {edition}"),
        Language::Fr => ("Bonjour {name},", "Page des {edition}"),
        Language::Ru => ("Здравствуйте, {name}!", "Страница {edition}"),
        Language::Zh => ("{name}，您好：", "{edition}页面"),
    }
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let (greeting, page) = words(language);
    let paragraphs = p
        .body
        .replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(str::to_owned)
        .collect();
    Letter {
        language,
        subject: p.subject.clone(),
        greeting: greeting.replace("{name}", &p.name),
        paragraphs,
        action: Some((
            page.replace("{edition}", &p.edition),
            format!("{}/editions/{}", ctx.public_url, p.year),
        )),
        details: vec![],
        closing: vec![],
    }
    .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organisers_text_is_kept_as_paragraphs_and_escaped_in_html() {
        let p = Params {
            name: "Ana".into(),
            edition: "WSIS Prizes 2021".into(),
            year: 2021,
            subject: "Deadline <soon>".into(),
            body: "First & foremost.\r\n\r\nSecond line\nstill second.".into(),
        };
        let r = render(Language::En, &p, Context { public_url: "https://p.example" });
        assert_eq!(r.subject, "Deadline <soon>");
        assert!(r.text.contains("First & foremost.\n\nSecond line\nstill second."), "{}", r.text);
        assert!(r.html.contains("<p>First &amp; foremost.</p>"), "{}", r.html);
        assert!(r.text.contains("https://p.example/editions/2021"));
    }
}
