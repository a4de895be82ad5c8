//! The password reset: a single-use link to `/reset-password?token=…`, valid one hour.

use serde::{Deserialize, Serialize};

use super::letter::{Letter, LinkTexts};
use super::{Context, Rendered};
use crate::domain::language::Language;

/// What the message is made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Params {
    /// The account holder's name.
    pub name: String,
    /// The reset token (a secret: erased from the outbox once sent).
    pub token: String,
}

/// The link the message carries.
pub fn link(ctx: Context<'_>, token: &str) -> String {
    format!("{}/reset-password?token={token}", ctx.public_url)
}

/// The message in `language`.
pub fn render(language: Language, p: &Params, ctx: Context<'_>) -> Rendered {
    let texts: LinkTexts = match language {
        Language::Ar => (
            "إعادة تعيين كلمة المرور لحسابك لدى جوائز القمة العالمية لمجتمع المعلومات",
            "مرحباً {name}،",
            "طُلبت إعادة تعيين كلمة المرور لحسابك لدى جوائز القمة العالمية لمجتمع المعلومات. لاختيار كلمة مرور جديدة، افتح الرابط أدناه. لا يمكن استخدام الرابط إلا مرة واحدة، وهو صالح لمدة ساعة واحدة.",
            "اختيار كلمة مرور جديدة",
            "إذا لم تطلب ذلك، يمكنك تجاهل هذه الرسالة، وستبقى كلمة المرور الخاصة بك كما هي.",
        ),
        Language::En => (
            "Reset your WSIS Prizes password",
            "Hello {name},",
            "Someone asked to reset the password of your WSIS Prizes account. To choose a new password, open the link below. The link can be used once and is valid for one hour.",
            "Choose a new password",
            "If you did not ask for this, you can ignore this message: your password stays as it is.",
        ),
        Language::Es => (
            "Restablezca su contraseña de los Premios CMSI",
            "Hola, {name}:",
            "Se ha solicitado restablecer la contraseña de su cuenta de los Premios CMSI. Para elegir una nueva contraseña, abra el enlace que figura a continuación. El enlace solo puede utilizarse una vez y es válido durante una hora.",
            "Elegir una nueva contraseña",
            "Si no ha solicitado este cambio, puede ignorar este mensaje: su contraseña seguirá siendo la misma.",
        ),
        Language::Fr => (
            "Réinitialisez votre mot de passe des Prix du SMSI",
            "Bonjour {name},",
            "La réinitialisation du mot de passe de votre compte des Prix du SMSI a été demandée. Pour choisir un nouveau mot de passe, ouvrez le lien ci-dessous. Ce lien ne peut être utilisé qu’une seule fois et il est valable une heure.",
            "Choisir un nouveau mot de passe",
            "Si vous n’êtes pas à l’origine de cette demande, vous pouvez ignorer ce message : votre mot de passe reste inchangé.",
        ),
        Language::Ru => (
            "Сброс пароля на сайте Премий ВВУИО",
            "Здравствуйте, {name}!",
            "Поступил запрос на сброс пароля вашей учётной записи на сайте Премий ВВУИО. Чтобы задать новый пароль, откройте ссылку ниже. Ссылкой можно воспользоваться только один раз, она действительна в течение часа.",
            "Задать новый пароль",
            "Если вы не запрашивали сброс пароля, просто проигнорируйте это письмо: ваш пароль останется прежним.",
        ),
        Language::Zh => (
            "重置您的信息社会世界峰会奖账户密码",
            "{name}，您好：",
            "有人请求重置您的信息社会世界峰会奖账户密码。请打开下面的链接设置新密码。该链接只能使用一次，一小时内有效。",
            "设置新密码",
            "如果这不是您本人的请求，请忽略此邮件，您的密码不会改变。",
        ),
    };
    Letter::with_link(language, texts, &p.name, str::to_owned, link(ctx, &p.token)).render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_carries_the_link() {
        let p = Params { name: "Ana".into(), token: "t0k".into() };
        let ctx = Context { public_url: "http://127.0.0.1:8080" };
        let subjects: std::collections::HashSet<String> =
            Language::ALL.iter().map(|l| render(*l, &p, ctx).subject).collect();
        assert_eq!(subjects.len(), 6, "one subject per language");
        for l in Language::ALL {
            let r = render(*l, &p, ctx);
            assert!(r.text.contains("http://127.0.0.1:8080/reset-password?token=t0k"), "{l}");
        }
    }
}
