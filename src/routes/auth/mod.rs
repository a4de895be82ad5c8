//! Sign-up, sign-in, sign-out and invitations.

pub mod invitation;
pub mod login;
pub mod logout;
pub mod register;
