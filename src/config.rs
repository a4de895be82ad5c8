//! Settings from flags or environment variables (one clap struct gives both, and `--help`).

use std::net::IpAddr;

use clap::{Args, Parser, Subcommand};

/// The `wsis-prizes` command line.
#[derive(Debug, Parser)]
#[command(
    name = "wsis-prizes",
    version,
    about = "WSIS Prizes: nominations, judging in rounds, published winners"
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Settings shared by every subcommand.
    #[command(flatten)]
    pub settings: Settings,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply pending migrations, then serve the API and the UI on BIND.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Create an organiser account, or give the organiser role to an existing account.
    CreateOrganizer {
        /// The organiser's e-mail address.
        #[arg(long)]
        email: String,
        /// The organiser's display name.
        #[arg(long, default_value = "Organiser")]
        name: String,
        /// Read the password from standard input (one line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create a first organiser with a generated password when no organiser exists yet,
    /// printing its credentials once; does nothing otherwise.
    EnsureOrganizer {
        /// The e-mail address of the organiser to create.
        #[arg(long, default_value = "organizer@wsis-prizes.local")]
        email: String,
    },
    /// Load a demo: the WSIS Prizes 2021 (judged and published) and an edition open now;
    /// prints the demo accounts. Running it again changes nothing.
    SeedDemo,
    /// Print the OpenAPI document (the one served at /api/v1/openapi.json) and exit; needs no
    /// database.
    Openapi,
    /// Delete the connection evidence of public votes (network, hashes) VOTE_EVIDENCE_RETENTION_DAYS
    /// after their edition's publication, and exit (every `serve` also does it hourly).
    PurgeVoteEvidence,
    /// Check the database after a restore (or at any time): migrations at this release's head,
    /// the append-only rule of the audit log and snapshots in force, every published snapshot
    /// matching its checksum. Prints each check; exits non-zero on any problem.
    Verify,
}

/// Runtime settings.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/wsis_prizes
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// Address and port to serve on.
    #[arg(long, env = "BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,
    /// Mark the session cookie `Secure` and name it `__Host-…` (set when served over HTTPS).
    #[arg(long, env = "SESSION_SECURE", default_value_t = false, global = true)]
    pub session_secure: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed (comma-separated IP addresses).
    #[arg(long, env = "TRUSTED_PROXIES", value_delimiter = ',', global = true)]
    pub trusted_proxies: Vec<IpAddr>,
    /// Extra origins allowed to send state-changing requests (comma-separated, e.g. https://prizes.example.org).
    #[arg(long, env = "ALLOWED_ORIGINS", value_delimiter = ',', global = true)]
    pub allowed_origins: Vec<String>,
    /// Database connections per web process for requests (more commits in flight share each
    /// flush of PostgreSQL's WAL: see the README's Performance section for why 24).
    #[arg(long, env = "DB_POOL_SIZE", default_value_t = 24, global = true)]
    pub db_pool_size: usize,
    /// The longest a web process serves a session check or an edition context from memory
    /// without reading it again, in milliseconds: a safety net only, since every change is
    /// announced to every process at once (PostgreSQL LISTEN/NOTIFY). Long enough to span the
    /// pause between one person's requests (at 5 s, every nominator of a rush who came back
    /// after more than 5 s was read again: each of P1's creations, a third of P7's votes).
    #[arg(long, env = "CACHE_MAX_AGE_MS", default_value_t = 60_000, global = true)]
    pub cache_max_age_ms: u64,
    /// The PostgreSQL URL the cache's listener connects to (default: DATABASE_URL). Behind a
    /// pooler in transaction mode, name PostgreSQL itself: LISTEN needs a session of its own.
    #[arg(long, env = "CACHE_LISTEN_URL", global = true, hide_env_values = true)]
    pub cache_listen_url: Option<String>,
    /// HTTP worker threads (default: one per core).
    #[arg(long, env = "WORKERS", global = true)]
    pub workers: Option<usize>,
    /// Threads that hash and check passwords (default: one per core, one fewer on machines of
    /// up to four cores).
    #[arg(long, env = "HASH_THREADS", global = true, value_parser = clap::value_parser!(u16).range(1..))]
    pub hash_threads: Option<u16>,
    /// Failed sign-ins per account within the throttle window before 429.
    #[arg(long, env = "LOGIN_MAX_FAILURES_PER_ACCOUNT", default_value_t = 10, global = true)]
    pub login_max_failures_per_account: i32,
    /// Failed sign-ins per client address within the throttle window before 429.
    #[arg(long, env = "LOGIN_MAX_FAILURES_PER_ADDRESS", default_value_t = 100, global = true)]
    pub login_max_failures_per_address: i32,
    /// Length of the sign-in throttle window, in seconds.
    #[arg(long, env = "LOGIN_THROTTLE_WINDOW_SECS", default_value_t = 900, global = true)]
    pub login_throttle_window_secs: i64,
    /// Nominations one nominator may have in one edition (withdrawn ones do not count).
    #[arg(long, env = "MAX_NOMINATIONS_PER_NOMINATOR", default_value_t = 10, global = true)]
    pub max_nominations_per_nominator: i64,
    /// A session ends after this many minutes without a request.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 480, global = true)]
    pub session_idle_minutes: i64,
    /// A session ends this many hours after sign-in, whatever happens.
    #[arg(long, env = "SESSION_ABSOLUTE_HOURS", default_value_t = 168, global = true)]
    pub session_absolute_hours: i64,
    /// Days after an edition's publication that its votes' connection evidence is kept.
    #[arg(long, env = "VOTE_EVIDENCE_RETENTION_DAYS", default_value_t = 90, global = true)]
    pub vote_evidence_retention_days: i32,
    /// Vote attempts one client network (/24, /64) may make per hour before 429.
    #[arg(long, env = "VOTE_LIMIT_PER_NETWORK_PER_HOUR", default_value_t = 1000, global = true)]
    pub vote_limit_per_network_per_hour: i32,
    /// Key of the hashes a vote keeps of the client's address and user agent (the same on every
    /// web process; never logged). Unset: each process makes its own, so hashes match only
    /// within one process.
    #[arg(long, env = "VOTE_EVIDENCE_KEY", global = true, hide_env_values = true)]
    pub vote_evidence_key: Option<String>,
    /// Key of the HMAC that signs ALTCHA challenges (the same on every web process; never
    /// logged). Unset: a key the service makes once and keeps in the database, which every
    /// process on that database shares.
    #[arg(long, env = "ALTCHA_HMAC_KEY", global = true, hide_env_values = true)]
    pub altcha_hmac_key: Option<String>,
    /// The largest secret number of an ALTCHA challenge (1–1,000,000): the work a solution costs
    /// (on average half this many SHA-256 hashes).
    #[arg(long, env = "ALTCHA_MAX_NUMBER", default_value_t = 100_000, global = true,
        value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub altcha_max_number: u64,
    /// Whether registration needs a solved ALTCHA challenge (`altcha`).
    #[arg(long, env = "REGISTRATION_CHALLENGE", default_value_t = false, global = true)]
    pub registration_challenge: bool,
    /// Registration attempts one client network (/24, /64) may make per hour before 429.
    #[arg(long, env = "REGISTRATION_LIMIT_PER_NETWORK_PER_HOUR", default_value_t = 20, global = true)]
    pub registration_limit_per_network_per_hour: i32,
    /// The SMTP server mail goes through: `smtp://host:port` (STARTTLS when the server offers
    /// it), `smtps://user:password@host:465` (TLS from the start). Unset: messages are written
    /// as `.eml` files under MAIL_DIR instead.
    #[arg(long, env = "SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Where messages are written as `.eml` files when SMTP_URL is not set.
    #[arg(long, env = "MAIL_DIR", default_value = ".data/mail", global = true)]
    pub mail_dir: std::path::PathBuf,
    /// The sender of every message.
    #[arg(
        long,
        env = "MAIL_FROM",
        default_value = "WSIS Prizes <no-reply@wsis-prizes.local>",
        global = true
    )]
    pub mail_from: String,
    /// The public origin of the service, used in the links of messages (and in their
    /// Message-IDs), e.g. https://prizes.example.org
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8080", global = true)]
    pub public_url: String,
    /// How often each web process's mail sender looks for messages that are due, in milliseconds.
    #[arg(long, env = "MAIL_POLL_MS", default_value_t = 1000, global = true)]
    pub mail_poll_ms: u64,
}

impl Settings {
    /// Settings for a given database with every other value at its default.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        let cli = Cli::parse_from(["wsis-prizes", "serve"]);
        Self { database_url: Some(database_url.into()), ..cli.settings }
    }

    /// `PUBLIC_URL` without a trailing slash.
    pub fn public_origin(&self) -> &str {
        self.public_url.trim_end_matches('/')
    }

    /// The name of the session cookie.
    pub fn cookie_name(&self) -> &'static str {
        if self.session_secure { "__Host-wsis_session" } else { "wsis_session" }
    }
}
