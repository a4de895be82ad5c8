// Test data for the unit and component tests: an edition and a nomination in the full shape the
// server sends (the generated types in schema.d.ts), so a test names only what it is about and a
// regenerated schema with a new field is filled in here once.
import type { Edition, Nomination } from './api';
import type { EditionOverview, OverviewRound } from './overview';
import type { Round } from './rounds';

/** An edition as GET /editions/{year} answers it; `over` replaces any field. */
export function editionFixture(over: Partial<Edition> = {}): Edition {
  const deadline = over.effective_deadline ?? over.deadline_extended_to ?? over.submission_deadline ?? '2027-02-01T22:00:00Z';
  return {
    id: 'e1',
    year: 2027,
    name: 'WSIS Prizes 2027',
    timezone: 'Europe/Zurich',
    submission_opens_at: '2026-11-01T08:00:00Z',
    submission_deadline: deadline,
    deadline_extended: !!over.deadline_extended_to,
    deadline_extended_to: null,
    effective_deadline: deadline,
    // the same instant; the server writes it with the edition zone's offset
    effective_deadline_local: deadline,
    phase: 'open',
    results_published_at: null,
    // the server's clock agrees with this one (no Date header in a stubbed answer, so this counts)
    server_time: new Date().toISOString(),
    version: 1,
    ...over,
  };
}

/** A draft nomination as its nominator gets it; `over` replaces any field. */
export function nominationFixture(over: Partial<Nomination> = {}): Nomination {
  return {
    id: 'n1',
    edition_year: 2027,
    reference: 'WSIS2027-000001',
    status: 'draft',
    version: 1,
    category: null,
    related_action_lines: [],
    title: '',
    summary: '',
    summary_words: 0,
    description: '',
    impact: '',
    partnerships: '',
    challenges: '',
    organization: 'Org',
    stakeholder_type: null,
    country: '',
    sdgs: [],
    website: '',
    project_start: null,
    project_status: null,
    contact_name: 'Amina',
    contact_email: 'amina@example.org',
    submitted_at: null,
    withdrawn_at: null,
    created_at: '2027-01-01T10:00:00Z',
    updated_at: '2027-01-01T10:00:00Z',
    deadline: '2027-02-01T22:00:00Z',
    personal_extension_until: null,
    editable: true,
    issues: {},
    issue_reasons: {},
    ...over,
  };
}

/** A round as the organisers' pages get it (a judged draft by default); `over` replaces any field. */
export function roundFixture(over: Partial<Round> = {}): Round {
  return {
    id: 'r1',
    edition_year: 2027,
    position: 1,
    name: 'Expert Group review',
    kind: 'judged',
    status: 'draft',
    opens_at: null,
    closes_at: null,
    criteria: [],
    judges_per_nomination: 3,
    advance_per_category: 20,
    blind: false,
    scale: [0, 70],
    assignment_report: [],
    opened_at: null,
    closed_at: null,
    version: 1,
    ...over,
  };
}

/** A round of the organisers' overview; `over` replaces any field. */
export function overviewRoundFixture(over: Partial<OverviewRound> = {}): OverviewRound {
  const vote = over.kind === 'public_vote';
  const { assignment_report: _, ...round } = roundFixture();
  return {
    ...round,
    assignment_report: [],
    entries: 0,
    assignments: vote ? null : { scored: 0, pending: 0, conflict: 0 },
    votes: vote ? { cast: 0, valid: 0 } : null,
    ...over,
  };
}

/** An edition of the organisers' overview (no nomination, no round, nothing published); `over` replaces any field. */
export function editionOverviewFixture(over: Partial<EditionOverview> = {}): EditionOverview {
  return {
    edition: editionFixture(),
    nominations: { draft: 0, submitted: 0, withdrawn: 0 },
    rounds: [],
    publication: { live: null, scheduled: null },
    ...over,
  };
}
