-- The baseline table of P1 and P2: what one nomination row costs PostgreSQL on its own — a uuid
-- key, an owner with an index, a unique reference, ~1 KB of text, timestamps.
DROP TABLE IF EXISTS bench_insert;
CREATE TABLE bench_insert (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL,
    reference  text NOT NULL UNIQUE,
    title      text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX bench_insert_owner_idx ON bench_insert (owner_id);
