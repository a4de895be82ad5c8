-- Mail: the accounts' language and confirmed address, one-time tokens for confirmation and
-- password reset, and the outbox every message goes through.

ALTER TABLE accounts
    ADD COLUMN language text NOT NULL DEFAULT 'en',
    ADD COLUMN email_confirmed_at timestamptz,
    ADD CONSTRAINT accounts_language_known CHECK (language IN ('ar', 'en', 'es', 'fr', 'ru', 'zh'));

-- One-time tokens sent by mail; only their SHA-256 is stored. `email` is the address the token
-- was sent to: a confirmation only confirms that address.
CREATE TABLE account_tokens (
    token_hash bytea PRIMARY KEY,
    account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL,
    email      text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    CONSTRAINT account_tokens_purpose_known CHECK (purpose IN ('email_confirmation', 'password_reset'))
);
CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose);

-- One row per message, written in the transaction of the event that causes it and sent later
-- by the sender of any web process (rows taken FOR UPDATE SKIP LOCKED).
CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL,
    account_id      uuid REFERENCES accounts (id) ON DELETE SET NULL,
    recipient       text NOT NULL,
    language        text NOT NULL,
    -- what the message is rendered from at send time; secrets (a link's token) are erased once
    -- the message is sent or has failed
    params          jsonb NOT NULL DEFAULT '{}',
    message_id      text NOT NULL,
    dedupe_key      text,
    status          text NOT NULL DEFAULT 'queued',
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text,
    -- nothing is sent (or rendered) before this instant: the embargo
    not_before      timestamptz NOT NULL,
    -- nor after this one (a reminder is pointless once its deadline has passed): the message
    -- then fails with that reason
    not_after       timestamptz,
    next_attempt_at timestamptz NOT NULL,
    first_failed_at timestamptz,
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    -- set when rendered, at send time
    subject         text,
    CONSTRAINT outbox_message_id_key UNIQUE (message_id),
    CONSTRAINT outbox_dedupe_key_key UNIQUE (dedupe_key),
    CONSTRAINT outbox_status_known CHECK (status IN ('queued', 'sent', 'failed')),
    CONSTRAINT outbox_language_known CHECK (language IN ('ar', 'en', 'es', 'fr', 'ru', 'zh'))
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at) WHERE status = 'queued';
CREATE INDEX outbox_status_created_idx ON outbox (status, created_at DESC, id DESC);
CREATE INDEX outbox_account_idx ON outbox (account_id);
