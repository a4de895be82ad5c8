//! Row models. They never derive `Serialize`: handlers map rows to response bodies explicitly.

pub mod account;
pub mod audit;
pub mod category;
pub mod edition;
pub mod nomination;
pub mod round;
pub mod session;
