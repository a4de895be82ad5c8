//! The public online vote: the ballot, casting a vote, one's own votes and the organisers'
//! totals. One handler per file; the rules and queries are in `services::vote`.

pub mod ballot;
pub mod cast;
pub mod my_votes;
pub mod stats;
