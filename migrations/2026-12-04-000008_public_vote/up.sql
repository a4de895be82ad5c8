-- The public online vote: a round of its own kind, with its voting window, and the votes.

ALTER TABLE rounds
    ADD COLUMN kind      text NOT NULL DEFAULT 'judged',
    ADD COLUMN opens_at  timestamptz,
    ADD COLUMN closes_at timestamptz,
    ADD CONSTRAINT rounds_kind_known CHECK (kind IN ('judged', 'public_vote')),
    ADD CONSTRAINT rounds_vote_window CHECK (
        kind = 'judged' OR (opens_at IS NOT NULL AND closes_at IS NOT NULL AND opens_at < closes_at)
    );

-- A vote's frozen tally once it closes: valid votes (what ranks) and all votes cast.
ALTER TABLE round_entries
    ADD COLUMN votes     integer,
    ADD COLUMN raw_votes integer;

-- One row per vote: one per voter per category of a vote (the unique key makes a second vote,
-- however many are sent at once, impossible). The nominee is a row of the round's entries. An
-- erased account's votes stay counted (account_id becomes NULL).
CREATE TABLE votes (
    id            uuid PRIMARY KEY,
    round_id      uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    category_id   uuid NOT NULL REFERENCES categories (id),
    nomination_id uuid NOT NULL,
    account_id    uuid REFERENCES accounts (id) ON DELETE SET NULL,
    cast_at       timestamptz NOT NULL,
    -- evidence: the client network (/24 for IPv4, /64 for IPv6) and keyed hashes of the full
    -- address and of the user agent (the key is a setting, never stored here)
    network       text,
    address_hash  bytea,
    agent_hash    bytea,
    FOREIGN KEY (round_id, nomination_id) REFERENCES round_entries (round_id, nomination_id) ON DELETE CASCADE,
    CONSTRAINT votes_one_per_category UNIQUE (round_id, account_id, category_id)
);
CREATE INDEX votes_round_entry_idx ON votes (round_id, nomination_id);
CREATE INDEX votes_round_cast_idx ON votes (round_id, cast_at);
CREATE INDEX votes_account_idx ON votes (account_id);
