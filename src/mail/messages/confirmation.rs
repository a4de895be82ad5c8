//! The e-mail confirmation: a link to `/confirm?token=…`, valid 7 days.

use serde::{Deserialize, Serialize};

use super::letter::{Letter, LinkTexts};
use super::{Context, Rendered};
use crate::domain::language::Language;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The account holder's name.
    pub name: String,
    /// The confirmation token (a secret: erased from the outbox once sent).
    pub token: String,
}

/// The link the message carries.
pub fn link(ctx: Context<'_>, token: &str) -> String {
    format!("{}/confirm?token={token}", ctx.public_url)
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let texts: LinkTexts = match language {
        Language::Ar => (
            "أكِّد عنوان بريدك الإلكتروني لدى جوائز القمة العالمية لمجتمع المعلومات",
            "مرحباً {name}،",
            "يُرجى تأكيد أن هذا هو عنوان بريدك الإلكتروني بفتح الرابط أدناه. الرابط صالح لمدة 7 أيام.",
            "تأكيد عنوان بريدي الإلكتروني",
            "إذا لم تُنشئ حساباً لدى جوائز القمة العالمية لمجتمع المعلومات، يمكنك تجاهل هذه الرسالة.",
        ),
        Language::En => (
            "Confirm your e-mail address for the WSIS Prizes",
            "Hello {name},",
            "Please confirm that this is your e-mail address by opening the link below. The link is valid for 7 days.",
            "Confirm my e-mail address",
            "If you did not create an account for the WSIS Prizes, you can ignore this message.",
        ),
        Language::Es => (
            "Confirme su dirección de correo electrónico para los Premios CMSI",
            "Hola, {name}:",
            "Confirme que esta es su dirección de correo electrónico abriendo el enlace que figura a continuación. El enlace es válido durante 7 días.",
            "Confirmar mi dirección de correo electrónico",
            "Si no ha creado una cuenta para los Premios CMSI, puede ignorar este mensaje.",
        ),
        Language::Fr => (
            "Confirmez votre adresse e-mail pour les Prix du SMSI",
            "Bonjour {name},",
            "Veuillez confirmer qu’il s’agit bien de votre adresse e-mail en ouvrant le lien ci-dessous. Ce lien est valable 7 jours.",
            "Confirmer mon adresse e-mail",
            "Si vous n’avez pas créé de compte pour les Prix du SMSI, vous pouvez ignorer ce message.",
        ),
        Language::Ru => (
            "Подтвердите адрес электронной почты для Премий ВВУИО",
            "Здравствуйте, {name}!",
            "Пожалуйста, подтвердите, что это ваш адрес электронной почты, открыв ссылку ниже. Ссылка действительна 7 дней.",
            "Подтвердить адрес электронной почты",
            "Если вы не создавали учётную запись на сайте Премий ВВУИО, просто проигнорируйте это письмо.",
        ),
        Language::Zh => (
            "请确认您在信息社会世界峰会奖的电子邮件地址",
            "{name}，您好：",
            "请打开下面的链接，确认这是您的电子邮件地址。该链接 7 天内有效。",
            "确认我的电子邮件地址",
            "如果您没有注册信息社会世界峰会奖的账户，请忽略此邮件。",
        ),
    };
    Letter::with_link(language, texts, &p.name, str::to_owned, link(ctx, &p.token)).render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_carries_the_link_and_the_name() {
        let p = Params { name: "Ana".into(), token: "abc123".into() };
        let ctx = Context { public_url: "https://prizes.example.org" };
        for l in Language::ALL {
            let r = render(*l, &p, ctx);
            for part in [&r.text, &r.html] {
                assert!(part.contains("https://prizes.example.org/confirm?token=abc123"), "{l}: {part}");
                assert!(part.contains("Ana"), "{l}");
            }
        }
    }
}
