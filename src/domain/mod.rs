//! Pure domain logic and validated types: no I/O, unit-tested in milliseconds.

pub mod altcha;
pub mod assignment;
pub mod categories;
pub mod country;
pub mod deadline;
pub mod email;
pub mod import;
pub mod language;
pub mod nomination;
pub mod password_policy;
pub mod phase;
pub mod reason;
pub mod reminder;
pub mod role;
pub mod round;
pub mod scoring;
pub mod vote;
pub mod words;
