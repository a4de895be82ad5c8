DROP TABLE votes;
ALTER TABLE round_entries DROP COLUMN votes, DROP COLUMN raw_votes;
ALTER TABLE rounds
    DROP CONSTRAINT rounds_vote_window,
    DROP CONSTRAINT rounds_kind_known,
    DROP COLUMN kind,
    DROP COLUMN opens_at,
    DROP COLUMN closes_at;
