-- Judging in rounds: criteria, panels, entries, assignments, conflicts, scores and results.

CREATE TABLE rounds (
    id                    uuid PRIMARY KEY,
    edition_id            uuid NOT NULL REFERENCES editions (id) ON DELETE CASCADE,
    position              integer NOT NULL,
    name                  text NOT NULL,
    status                text NOT NULL DEFAULT 'draft',
    -- [{key, label, weight, min, max}]
    criteria              jsonb NOT NULL,
    judges_per_nomination integer NOT NULL,
    advance_per_category  integer NOT NULL,
    blind                 boolean NOT NULL DEFAULT false,
    seed                  bigint NOT NULL,
    -- the assignment report: constraints that could not be met
    assignment_report     jsonb NOT NULL DEFAULT '[]',
    version               integer NOT NULL DEFAULT 1,
    opened_at             timestamptz,
    closed_at             timestamptz,
    created_at            timestamptz NOT NULL,
    updated_at            timestamptz NOT NULL,
    CONSTRAINT rounds_edition_position_key UNIQUE (edition_id, position),
    CONSTRAINT rounds_status_known CHECK (status IN ('draft', 'open', 'closed')),
    CONSTRAINT rounds_judges_per_nomination_range CHECK (judges_per_nomination BETWEEN 1 AND 50),
    CONSTRAINT rounds_advance_positive CHECK (advance_per_category >= 1)
);

-- The judges of a round; categories NULL means every category.
CREATE TABLE round_panel (
    round_id   uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    judge_id   uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    categories text[],
    PRIMARY KEY (round_id, judge_id)
);

-- The nominations a round judges, and, once it is closed, their frozen results.
CREATE TABLE round_entries (
    round_id      uuid NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    nomination_id uuid NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    category_id   uuid NOT NULL REFERENCES categories (id),
    mean          double precision,
    spread        double precision,
    std_dev       double precision,
    score_count   integer NOT NULL DEFAULT 0,
    calibrated    double precision,
    uncertainty   double precision,
    rank          integer,
    tied          boolean NOT NULL DEFAULT false,
    advanced      boolean NOT NULL DEFAULT false,
    tie_at_cutoff boolean NOT NULL DEFAULT false,
    indistinguishable_from_next boolean NOT NULL DEFAULT false,
    PRIMARY KEY (round_id, nomination_id)
);
CREATE INDEX round_entries_category_idx ON round_entries (round_id, category_id);

CREATE TABLE assignments (
    round_id      uuid NOT NULL,
    nomination_id uuid NOT NULL,
    judge_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    status        text NOT NULL DEFAULT 'pending',
    source        text NOT NULL DEFAULT 'auto',
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (round_id, nomination_id, judge_id),
    FOREIGN KEY (round_id, nomination_id) REFERENCES round_entries (round_id, nomination_id) ON DELETE CASCADE,
    CONSTRAINT assignments_status_known CHECK (status IN ('pending', 'scored', 'conflict')),
    CONSTRAINT assignments_source_known CHECK (source IN ('auto', 'manual'))
);
CREATE INDEX assignments_judge_idx ON assignments (judge_id, round_id);

-- A judge's declared conflict of interest with a nomination holds in every round.
CREATE TABLE conflicts (
    nomination_id uuid NOT NULL REFERENCES nominations (id) ON DELETE CASCADE,
    judge_id      uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    reason        text NOT NULL,
    declared_by   uuid REFERENCES accounts (id) ON DELETE SET NULL,
    declared_at   timestamptz NOT NULL,
    PRIMARY KEY (nomination_id, judge_id)
);

CREATE TABLE scores (
    round_id      uuid NOT NULL,
    nomination_id uuid NOT NULL,
    judge_id      uuid NOT NULL,
    -- {criterion_key: value}
    criterion_scores jsonb NOT NULL,
    total         double precision NOT NULL,
    comment       text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (round_id, nomination_id, judge_id),
    FOREIGN KEY (round_id, nomination_id, judge_id)
        REFERENCES assignments (round_id, nomination_id, judge_id) ON DELETE CASCADE
);
