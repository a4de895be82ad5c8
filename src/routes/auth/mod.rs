//! Sign-up, sign-in, sign-out, invitations, e-mail confirmation and password reset.

pub mod confirm;
pub mod invitation;
pub mod login;
pub mod logout;
pub mod password_reset;
pub mod password_reset_complete;
pub mod register;
