-- Organisers' invalidations of votes: every vote of the round that matches an invalidation not
-- restored (its account, its network, cast within its window; an absent selector matches all)
-- stops counting. Votes are never changed or deleted: restoring an invalidation makes them count
-- again.
CREATE TABLE vote_invalidations (
    id          uuid PRIMARY KEY,
    round_id    uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    account_id  uuid REFERENCES accounts (id) ON DELETE SET NULL,
    network     text,
    from_at     timestamptz,
    to_at       timestamptz,
    reason      text NOT NULL,
    created_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL,
    restored_at timestamptz,
    restored_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
    CONSTRAINT vote_invalidations_selector CHECK (account_id IS NOT NULL OR network IS NOT NULL),
    CONSTRAINT vote_invalidations_window CHECK (from_at IS NULL OR to_at IS NULL OR from_at < to_at)
);
CREATE INDEX vote_invalidations_round_idx ON vote_invalidations (round_id) WHERE restored_at IS NULL;
CREATE INDEX votes_round_network_idx ON votes (round_id, network);
