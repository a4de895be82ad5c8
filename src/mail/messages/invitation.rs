//! The invitation of a judge or organiser: a single-use link to `/invitations/<token>` where
//! they choose a password, valid 14 days.

use serde::{Deserialize, Serialize};

use super::letter::{Letter, LinkTexts};
use super::{Context, Rendered};
use crate::domain::language::Language;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The invited person's name.
    pub name: String,
    /// The organiser who invited them.
    pub inviter: String,
    /// The invitation token (a secret: erased from the outbox once sent).
    pub token: String,
}

/// The link the message carries.
pub fn link(ctx: Context<'_>, token: &str) -> String {
    format!("{}/invitations/{token}", ctx.public_url)
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let texts: LinkTexts = match language {
        Language::Ar => (
            "دعوة إلى جوائز القمة العالمية لمجتمع المعلومات",
            "مرحباً {name}،",
            "أنشأ {inviter} حساباً لك في خدمة جوائز القمة العالمية لمجتمع المعلومات. للبدء، اختر كلمة المرور الخاصة بك عبر الرابط أدناه. لا يمكن استخدام الرابط إلا مرة واحدة، وهو صالح لمدة 14 يوماً.",
            "اختيار كلمة المرور",
            "إذا لم تكن تتوقع هذه الدعوة، يمكنك تجاهل هذه الرسالة.",
        ),
        Language::En => (
            "Your invitation to the WSIS Prizes",
            "Hello {name},",
            "{inviter} has created an account for you on the WSIS Prizes service. To start, choose your password through the link below. The link can be used once and is valid for 14 days.",
            "Choose my password",
            "If you were not expecting this invitation, you can ignore this message.",
        ),
        Language::Es => (
            "Su invitación a los Premios CMSI",
            "Hola, {name}:",
            "{inviter} le ha creado una cuenta en el servicio de los Premios CMSI. Para empezar, elija su contraseña abriendo el enlace que figura a continuación. El enlace solo puede utilizarse una vez y es válido durante 14 días.",
            "Elegir mi contraseña",
            "Si no esperaba esta invitación, puede ignorar este mensaje.",
        ),
        Language::Fr => (
            "Votre invitation aux Prix du SMSI",
            "Bonjour {name},",
            "{inviter} vous a créé un compte sur le service des Prix du SMSI. Pour commencer, choisissez votre mot de passe en ouvrant le lien ci-dessous. Ce lien ne peut être utilisé qu’une seule fois et il est valable 14 jours.",
            "Choisir mon mot de passe",
            "Si vous n’attendiez pas cette invitation, vous pouvez ignorer ce message.",
        ),
        Language::Ru => (
            "Приглашение на сайт Премий ВВУИО",
            "Здравствуйте, {name}!",
            "{inviter} приглашает вас на сайт Премий ВВУИО: для вас уже создана учётная запись. Чтобы начать работу, задайте пароль по ссылке ниже. Ссылкой можно воспользоваться только один раз, она действительна 14 дней.",
            "Задать пароль",
            "Если вы не ожидали этого приглашения, просто проигнорируйте это письмо.",
        ),
        Language::Zh => (
            "信息社会世界峰会奖邀请",
            "{name}，您好：",
            "{inviter}已在信息社会世界峰会奖服务上为您创建了账户。请打开下面的链接设置您的密码。该链接只能使用一次，14 天内有效。",
            "设置我的密码",
            "如果您并未期待此邀请，请忽略此邮件。",
        ),
    };
    Letter::with_link(language, texts, &p.name, |b| b.replace("{inviter}", &p.inviter), link(ctx, &p.token))
        .render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_inviter_and_carries_the_link() {
        let p = Params { name: "Jun".into(), inviter: "Olga Organiser".into(), token: "inv".into() };
        let ctx = Context { public_url: "https://p.example" };
        for l in Language::ALL {
            let r = render(*l, &p, ctx);
            assert!(
                r.text.contains("Olga Organiser") && r.text.contains("https://p.example/invitations/inv"),
                "{l}"
            );
        }
    }
}
