import { describe, expect, it } from 'vitest';
import { nextActions, steps } from './overview';
import { editionFixture, editionOverviewFixture, overviewRoundFixture } from './test-fixtures';

const NOW = Date.parse('2027-03-10T12:00:00Z');
const judging = (rounds: Parameters<typeof overviewRoundFixture>[0][]) =>
  editionOverviewFixture({ edition: editionFixture({ phase: rounds.some((r) => r?.status !== 'draft') ? 'judging' : 'closed' }), rounds: rounds.map(overviewRoundFixture) });
const keys = (e: Parameters<typeof nextActions>[0]) => nextActions(e, NOW).map((a) => a.key);

describe('nextActions', () => {
  it('follows the call while it is open, with the deadline extension beside it', () => {
    const e = editionOverviewFixture({ edition: editionFixture({ year: 2027, phase: 'open' }) });
    expect(nextActions(e, NOW)).toEqual([
      { key: 'overview.next.follow_nominations', href: '/organizer/nominations?edition=2027' },
      { key: 'overview.next.extend', href: '/organizer/editions' },
    ]);
    expect(keys(editionOverviewFixture({ edition: editionFixture({ phase: 'upcoming' }) }))).toEqual(['overview.next.check_call']);
  });

  it('once the call is closed, asks for the first round, then to open it by name', () => {
    expect(keys(judging([]))).toEqual(['overview.next.add_round']);
    const [open] = nextActions(judging([{ name: 'Expert Group review' }]), NOW);
    expect(open).toEqual({ key: 'overview.next.open_round', values: { name: 'Expert Group review' }, href: '/organizer/rounds?edition=2027' });
  });

  it('follows an open round until every assignment is scored, then asks to close it', () => {
    const scoring = judging([{ id: 'r1', status: 'open', assignments: { scored: 3, pending: 2, conflict: 0 } }]);
    expect(nextActions(scoring, NOW)).toEqual([{ key: 'overview.next.follow_round', values: { name: 'Expert Group review' }, href: '/organizer/rounds/r1' }]);
    expect(keys(judging([{ status: 'open', assignments: { scored: 4, pending: 0, conflict: 1 } }]))).toEqual(['overview.next.close_round']);
  });

  it('after the Expert Group round, offers the public vote or the publication', () => {
    expect(keys(judging([{ status: 'closed' }]))).toEqual(['overview.next.add_vote', 'overview.next.publish']);
  });

  it('opens the vote, watches it while it runs, and asks to close it once its closing time has come', () => {
    const vote = (over: Parameters<typeof overviewRoundFixture>[0]) =>
      judging([{ status: 'closed' }, { id: 'v1', kind: 'public_vote', name: 'Public online vote', opens_at: '2027-03-01T00:00:00Z', closes_at: '2027-03-31T22:00:00Z', ...over }]);
    expect(nextActions(vote({ status: 'draft' }), NOW)[0]).toEqual({
      key: 'overview.next.open_vote', values: { name: 'Public online vote' }, href: '/organizer/rounds?edition=2027',
    });
    expect(nextActions(vote({ status: 'open' }), NOW)[0]).toEqual({ key: 'overview.next.watch_vote', values: { name: 'Public online vote' }, href: '/organizer/rounds/v1' });
    expect(keys(vote({ status: 'open', closes_at: '2027-03-10T12:00:00Z' }))).toEqual(['overview.next.close_vote']);
    expect(keys(vote({ status: 'closed' }))).toEqual(['overview.next.add_final_round']);
  });

  it('asks to publish once the round after the vote is closed, then points at the schedule or the results', () => {
    const done = judging([{ status: 'closed' }, { kind: 'public_vote', status: 'closed' }, { status: 'closed' }]);
    expect(nextActions(done, NOW)).toEqual([{ key: 'overview.next.publish', href: '/organizer/publish?edition=2027' }]);
    const at = { version: 1, published_at: '2027-05-17T12:00:00Z' };
    expect(keys({ ...done, publication: { live: null, scheduled: at } })).toEqual(['overview.next.check_publication']);
    expect(nextActions({ ...done, publication: { live: at, scheduled: null } }, NOW)).toEqual([{ key: 'overview.next.see_results', href: '/editions/2027/results' }]);
  });
});

describe('steps', () => {
  it('says which phase an edition is in', () => {
    expect(steps(editionOverviewFixture({ edition: editionFixture({ phase: 'open' }) }))).toEqual({ call: 'current', rounds: 'todo', publication: 'todo' });
    expect(steps(judging([{ status: 'open' }]))).toEqual({ call: 'done', rounds: 'current', publication: 'todo' });
    const at = { version: 1, published_at: '2027-05-17T12:00:00Z' };
    expect(steps(editionOverviewFixture({ edition: editionFixture({ phase: 'judging' }), publication: { live: null, scheduled: at } }))).toEqual({
      call: 'done', rounds: 'done', publication: 'current',
    });
    expect(steps(editionOverviewFixture({ edition: editionFixture({ phase: 'published' }), publication: { live: at, scheduled: null } })).publication).toBe('done');
  });
});
