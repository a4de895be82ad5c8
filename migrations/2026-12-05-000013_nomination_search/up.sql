-- The organisers' search moves off the write path. The trigram index on nominations made every
-- creation, edit and submission index ~1 KB of text in the request's transaction (a pgbench
-- insert of the same shape ran at a quarter of the rate without it), and still left a search
-- for a common word checking thousands of rows with ILIKE (lower() of the whole text, each
-- time). `nomination_search` holds, per nomination, the columns the list filters and sorts on
-- and the text already lower-cased; it is written by each web process's indexer
-- (`services::search_index`), never by a request that changes a nomination.

-- This migration runs while the previous release serves. Its last step (DROP INDEX) needs
-- ACCESS EXCLUSIVE on nominations, and the table's foreign key already takes SHARE ROW EXCLUSIVE
-- on it: a request's transaction that read a nomination and then waited to write it would wait
-- for this migration, which would wait for it (deadlock detected, the request or the migration
-- rolled back). Taking the strongest lock first, once, makes requests wait a moment instead.
LOCK TABLE nominations IN ACCESS EXCLUSIVE MODE;

CREATE TABLE nomination_search (
    nomination_id    uuid PRIMARY KEY REFERENCES nominations (id) ON DELETE CASCADE,
    edition_id       uuid NOT NULL,
    category_id      uuid,
    status           text NOT NULL,
    country          text NOT NULL,
    stakeholder_type text,
    updated_at       timestamptz NOT NULL,
    -- the nomination's version when this row was written
    version          integer NOT NULL,
    -- lower(title || ' ' || organization || ' ' || summary): `doc LIKE lower(pattern)` is what
    -- `(title || ' ' || organization || ' ' || summary) ILIKE pattern` computes
    doc              text NOT NULL
) WITH (fillfactor = 90);

INSERT INTO nomination_search (nomination_id, edition_id, category_id, status, country, stakeholder_type,
                               updated_at, version, doc)
SELECT id, edition_id, category_id, status, country, stakeholder_type, updated_at, version,
       lower(title || ' ' || organization || ' ' || summary)
  FROM nominations;

CREATE INDEX nomination_search_doc_idx ON nomination_search USING gin (doc gin_trgm_ops);

DROP INDEX nominations_search_idx;
