//! The organisers' own views across editions.

pub mod overview;
