//! Publication: an organiser publishes (now or at a set time) once the effective deadline has
//! passed and the last round is closed. Publishing writes an immutable, checksummed snapshot of
//! the winner list; every public view reads only a snapshot whose instant has come, and before
//! that answers 404 exactly as if no results existed.

pub mod open_data_csv;
pub mod open_data_json;
pub mod preview;
pub mod project;
pub mod publish;
pub mod version;
pub mod versions;
pub mod winners;
pub mod winners_csv;
