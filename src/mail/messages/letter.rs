//! The one layout every message shares: a greeting, paragraphs, an optional button (a link),
//! optional details (label: value), closing lines and the signature, as plain text and as HTML
//! (`lang` and, for Arabic, `dir="rtl"`). Every value is escaped in the HTML.

use super::Rendered;
use crate::domain::language::Language;

/// A message's content, before layout.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    /// The language (for `lang`, the direction and the signature).
    pub language: Language,
    /// The subject.
    pub subject: String,
    /// "Hello Ana," and the like.
    pub greeting: String,
    /// The paragraphs before the button.
    pub paragraphs: Vec<String>,
    /// The button: its label and its link.
    pub action: Option<(String, String)>,
    /// Label and value pairs (a receipt's reference, title, …).
    pub details: Vec<(String, String)>,
    /// The paragraphs after the button.
    pub closing: Vec<String>,
}

/// The signature, per language.
pub fn signature(language: Language) -> &'static str {
    match language {
        Language::Ar => "فريق جوائز القمة العالمية لمجتمع المعلومات",
        Language::En => "The WSIS Prizes team",
        Language::Es => "El equipo de los Premios CMSI",
        Language::Fr => "L’équipe des Prix du SMSI",
        Language::Ru => "Команда Премий ВВУИО",
        Language::Zh => "信息社会世界峰会奖团队",
    }
}

/// Escapes text for HTML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The texts of a message that carries one link: its subject, the greeting (with `{name}`),
/// the paragraph before the button, the button's label and the closing line.
pub type LinkTexts = (&'static str, &'static str, &'static str, &'static str, &'static str);

impl Letter {
    /// A message whose point is one link (a confirmation, a reset, an invitation): the greeting
    /// to `name`, one paragraph (the body text as `fill` completes it), the button to `url`, one
    /// closing line.
    pub fn with_link(
        language: Language, texts: LinkTexts, name: &str, fill: impl FnOnce(&str) -> String, url: String,
    ) -> Self {
        let (subject, greeting, body, action, closing) = texts;
        Self {
            language,
            subject: subject.into(),
            greeting: greeting.replace("{name}", name),
            paragraphs: vec![fill(body)],
            action: Some((action.into(), url)),
            details: vec![],
            closing: vec![closing.into()],
        }
    }

    /// The message as plain text and HTML.
    pub fn render(&self) -> Rendered {
        Rendered { subject: self.subject.clone(), text: self.text(), html: self.html() }
    }

    fn text(&self) -> String {
        let mut blocks = vec![self.greeting.clone()];
        blocks.extend(self.paragraphs.iter().cloned());
        if let Some((label, url)) = &self.action {
            blocks.push(format!("{label}:\n{url}"));
        }
        if !self.details.is_empty() {
            blocks.push(self.details.iter().map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join("\n"));
        }
        blocks.extend(self.closing.iter().cloned());
        blocks.push(format!("-- \n{}", signature(self.language)));
        blocks.join("\n\n") + "\n"
    }

    fn html(&self) -> String {
        let dir = if self.language.is_rtl() { "rtl" } else { "ltr" };
        let mut body = format!("<p>{}</p>\n", escape(&self.greeting));
        for p in &self.paragraphs {
            body.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        if let Some((label, url)) = &self.action {
            body.push_str(&format!(
                "<p><a href=\"{url}\" style=\"display:inline-block;padding:10px 16px;background:#00558a;color:#ffffff;text-decoration:none;border-radius:4px\">{label}</a></p>\n<p style=\"font-size:90%;color:#444444\">{url}</p>\n",
                url = escape(url),
                label = escape(label),
            ));
        }
        if !self.details.is_empty() {
            body.push_str("<table role=\"presentation\" style=\"border-collapse:collapse\">\n");
            for (l, v) in &self.details {
                body.push_str(&format!(
                    "<tr><th scope=\"row\" style=\"text-align:start;padding:2px 12px 2px 0;vertical-align:top\">{}</th><td style=\"padding:2px 0\">{}</td></tr>\n",
                    escape(l),
                    escape(v)
                ));
            }
            body.push_str("</table>\n");
        }
        for p in &self.closing {
            body.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\"><title>{title}</title></head>\n<body style=\"font-family:sans-serif;line-height:1.5;color:#1a1a1a\">\n{body}<p>— {sig}</p>\n</body>\n</html>\n",
            lang = self.language.as_str(),
            title = escape(&self.subject),
            sig = escape(signature(self.language)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_every_value_and_arabic_reads_right_to_left() {
        let l = Letter {
            language: Language::Ar,
            subject: "s".into(),
            greeting: "<b>Ana</b> & co".into(),
            action: Some(("go".into(), "https://x.example/a?b=1&c=2".into())),
            ..Letter::default()
        };
        let r = l.render();
        assert!(r.html.contains("&lt;b&gt;Ana&lt;/b&gt; &amp; co"), "{}", r.html);
        assert!(r.html.contains("href=\"https://x.example/a?b=1&amp;c=2\""));
        assert!(r.html.contains("dir=\"rtl\"") && r.html.contains("lang=\"ar\""));
        assert!(r.text.contains("<b>Ana</b> & co") && r.text.contains("https://x.example/a?b=1&c=2"));
    }
}
