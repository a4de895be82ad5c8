-- Nominations: drafts, submissions and withdrawals, with per-nominator deadline extensions.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE SEQUENCE nomination_reference_seq;

CREATE TABLE nominations (
    id                   uuid PRIMARY KEY,
    edition_id           uuid NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    owner_id             uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    -- the receipt reference, e.g. WSIS2021-000042
    reference            text NOT NULL,
    status               text NOT NULL DEFAULT 'draft',
    category_id          uuid REFERENCES categories (id),
    related_action_lines text[] NOT NULL DEFAULT '{}',
    title                text NOT NULL DEFAULT '',
    summary              text NOT NULL DEFAULT '',
    description          text NOT NULL DEFAULT '',
    impact               text NOT NULL DEFAULT '',
    partnerships         text NOT NULL DEFAULT '',
    challenges           text NOT NULL DEFAULT '',
    organization         text NOT NULL DEFAULT '',
    stakeholder_type     text,
    country              text NOT NULL DEFAULT '',
    sdgs                 integer[] NOT NULL DEFAULT '{}',
    website              text NOT NULL DEFAULT '',
    project_start        date,
    project_status       text,
    contact_name         text NOT NULL DEFAULT '',
    contact_email        text NOT NULL DEFAULT '',
    version              integer NOT NULL DEFAULT 1,
    submitted_at         timestamptz,
    withdrawn_at         timestamptz,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL,
    CONSTRAINT nominations_reference_key UNIQUE (reference),
    CONSTRAINT nominations_status_known CHECK (status IN ('draft', 'submitted', 'withdrawn')),
    CONSTRAINT nominations_stakeholder_known CHECK (stakeholder_type IS NULL OR stakeholder_type IN
        ('government', 'private_sector', 'civil_society', 'academia', 'international_organization', 'other')),
    CONSTRAINT nominations_project_status_known CHECK (project_status IS NULL OR project_status IN
        ('running', 'major_phase_completed')),
    CONSTRAINT nominations_submitted_complete CHECK (status <> 'submitted' OR (submitted_at IS NOT NULL AND category_id IS NOT NULL))
);

CREATE INDEX nominations_owner_idx ON nominations (owner_id, edition_id);
CREATE INDEX nominations_edition_category_idx ON nominations (edition_id, category_id, status);
CREATE INDEX nominations_search_idx ON nominations
    USING gin ((title || ' ' || organization || ' ' || summary) gin_trgm_ops);
-- One submitted nomination per organisation per category and edition.
CREATE UNIQUE INDEX nominations_one_per_organization ON nominations (edition_id, category_id, lower(btrim(organization)))
    WHERE status = 'submitted';

-- Extra time for one nominator on one edition, granted by an organiser.
CREATE TABLE nominator_extensions (
    edition_id  uuid NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    account_id  uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    extended_to timestamptz NOT NULL,
    reason      text NOT NULL,
    granted_by  uuid REFERENCES accounts (id) ON DELETE SET NULL,
    granted_at  timestamptz NOT NULL,
    PRIMARY KEY (edition_id, account_id)
);
