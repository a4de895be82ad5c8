-- Foundation: accounts, sessions, login throttling, editions, categories, audit trail.

CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    email         text NOT NULL,
    display_name  text NOT NULL,
    organization  text,
    password_hash text,
    roles         text[] NOT NULL DEFAULT ARRAY['nominator']::text[],
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT accounts_email_lowercase CHECK (email = lower(email)),
    CONSTRAINT accounts_roles_known CHECK (roles <@ ARRAY['nominator', 'judge', 'organizer']::text[])
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (email);
CREATE INDEX accounts_roles_idx ON accounts USING gin (roles);

-- Only a SHA-256 hash of the session token is stored.
CREATE TABLE sessions (
    token_hash   bytea PRIMARY KEY,
    account_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- One-time links that let an account created by an organiser set its password.
CREATE TABLE invitations (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX invitations_account_idx ON invitations (account_id);

-- Failed sign-in counters, shared by every web process.
-- key is 'account:<email>' or 'address:<ip>'.
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures     integer NOT NULL
);

CREATE TABLE editions (
    id                   uuid PRIMARY KEY,
    year                 integer NOT NULL,
    name                 text NOT NULL,
    timezone             text NOT NULL,
    submission_opens_at  timestamptz NOT NULL,
    submission_deadline  timestamptz NOT NULL,
    deadline_extended_to timestamptz,
    results_published_at timestamptz,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT editions_year_key UNIQUE (year),
    CONSTRAINT editions_opens_before_deadline CHECK (submission_opens_at < submission_deadline),
    CONSTRAINT editions_extension_after_deadline
        CHECK (deadline_extended_to IS NULL OR deadline_extended_to > submission_deadline)
);

CREATE TABLE categories (
    id          uuid PRIMARY KEY,
    edition_id  uuid NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    number      integer NOT NULL,
    code        text NOT NULL,
    action_line text NOT NULL,
    name        text NOT NULL,
    CONSTRAINT categories_edition_code_key UNIQUE (edition_id, code),
    CONSTRAINT categories_edition_number_key UNIQUE (edition_id, number)
);

CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    action      text NOT NULL,
    entity_type text NOT NULL,
    entity_id   uuid NOT NULL,
    before      jsonb,
    after       jsonb
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, at);
