//! The public online vote: the ballot, casting a vote, one's own votes, the organisers' totals
//! and invalidations. One handler per file; the rules and queries are in `services::vote`.

pub mod ballot;
pub mod cast;
pub mod invalidate;
pub mod list_invalidations;
pub mod my_votes;
pub mod restore;
pub mod stats;
