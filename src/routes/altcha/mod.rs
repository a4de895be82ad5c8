//! ALTCHA proof of work: the challenges a page's widget solves before a vote (and, when
//! `REGISTRATION_CHALLENGE` is on, before registering). The rules are in `services::altcha`.

pub mod challenge;
