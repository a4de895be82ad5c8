//! The WSIS Prizes service: nominations, judging in rounds and published winners.

pub mod auth;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod events;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod routes;
pub mod services;
pub mod shield;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod web;
