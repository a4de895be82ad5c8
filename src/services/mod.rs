//! Services: the queries and rules that more than one handler (or the command line, or the
//! demo) needs, named for their subject. Handlers call down into them; they never call up
//! into `routes`.

pub mod account_tokens;
pub mod accounts;
pub mod altcha;
pub mod assignment;
pub mod broadcasts;
pub mod cache;
pub mod conflicts;
pub mod editions;
pub mod judging;
pub mod nomination_careful;
pub mod nomination_list;
pub mod nomination_statements;
pub mod nominations;
pub mod overview;
pub mod personal_data;
pub mod publication;
pub mod remembered;
pub mod reminders;
pub mod results;
pub mod rounds;
pub mod scores;
pub mod search_index;
pub mod verify;
pub mod vote;
