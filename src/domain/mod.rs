//! Pure domain logic and validated types: no I/O, unit-tested in milliseconds.

pub mod categories;
pub mod deadline;
pub mod email;
pub mod password_policy;
pub mod phase;
