//! Reliability drills: the real `wsis-prizes` binary run as child processes and put through
//! faults (goals R3–R6 and R10 of the security and reliability research).
//!
//! - `crash`: the server `kill -9`ed and restarted under 16 concurrent writers.
//! - `outage`: PostgreSQL stopped, crashed, hung and cut off under an open-loop client.
//! - `two_processes`: two web processes on one database.
//! - `propagation`: a change made through one web process takes effect on the other within a
//!   second (their caches are told by the database).
//! - `backup`: a `pg_dump` taken under writes, restored into a fresh cluster and served.
//! - `proxy`: nginx terminating TLS in front of two web processes (deploy/nginx.conf).
//! - `upgrade`: the previous release replaced by this one behind nginx under traffic.
//!
//! `cargo test` (hence `make test`) runs the short variants; `DRILLS=long` (`make drills`) the
//! long ones. Each drill prints one line starting with `DRILL` with its figures. They need
//! `TEST_DATABASE_URL` (the crash and two-process drills create their own databases there);
//! the outage drill starts a private PostgreSQL cluster with `scripts/db`.

mod backup;
mod crash;
mod harness;
mod nginx;
mod outage;
mod propagation;
mod proxy;
mod two_processes;
mod upgrade;
