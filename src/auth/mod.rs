//! Authentication: passwords, sessions, sign-in throttling, the client address and the
//! `CurrentUser` extractor.

pub mod client_ip;
pub mod extractor;
pub mod password;
pub mod session;
pub mod throttle;
