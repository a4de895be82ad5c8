//! Black-box API tests: each test starts the real application on port 0 against its own
//! database, copied from a migrated template.

mod accounts;
mod altcha;
mod app_files;
mod auth;
mod cache;
mod demo;
mod editions;
mod embargo;
mod errors;
mod helpers;
mod judging;
mod mail;
mod matrix;
mod nominations;
mod notifications;
mod one_statement;
mod operations;
mod organizer_nominations;
mod overview;
mod personal_data;
mod publication;
mod reasons;
mod search;
mod verify;
mod vote;
mod vote_close;
mod vote_invalidations;
mod vote_public;
