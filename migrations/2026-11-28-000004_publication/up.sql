-- Publication: immutable snapshots of the winner list. Public reads serve only a snapshot whose
-- publication instant has come.
CREATE TABLE results_snapshots (
    id           uuid PRIMARY KEY,
    edition_id   uuid NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    version      integer NOT NULL,
    published_at timestamptz NOT NULL,
    reason       text NOT NULL DEFAULT '',
    body         jsonb NOT NULL,
    checksum     text NOT NULL,
    created_by   uuid REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL,
    CONSTRAINT results_snapshots_edition_version_key UNIQUE (edition_id, version)
);
