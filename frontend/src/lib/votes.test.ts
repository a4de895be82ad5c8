import { describe, expect, it } from 'vitest';
import { accountBar, groupByVote, liveVote, voteWindow } from './votes';
import type { Account } from './api';

const vote = { round_id: 'r1', name: 'Public online vote', status: 'open' as const, opens_at: '2027-03-01T00:00:00Z', closes_at: '2027-04-01T00:00:00Z' };
const at = (s: string) => Date.parse(s);

describe('voteWindow', () => {
  it('is upcoming before the opening, open from it, and over from the closing instant on', () => {
    expect(voteWindow(vote, at('2027-02-28T23:59:59Z'))).toBe('upcoming');
    expect(voteWindow(vote, at('2027-03-01T00:00:00Z'))).toBe('open');
    expect(voteWindow(vote, at('2027-03-31T23:59:59Z'))).toBe('open');
    expect(voteWindow(vote, at('2027-04-01T00:00:00Z'))).toBe('over');
  });

  it('is over once the vote is closed, whatever the time', () => {
    expect(voteWindow({ ...vote, status: 'closed' }, at('2027-03-10T00:00:00Z'))).toBe('over');
  });
});

describe('liveVote', () => {
  it('names an edition’s vote while it is upcoming or open, not after, nor when there is none', () => {
    expect(liveVote({ vote }, at('2027-02-01T00:00:00Z'))).toBe(vote);
    expect(liveVote({ vote }, at('2027-03-10T00:00:00Z'))).toBe(vote);
    expect(liveVote({ vote }, at('2027-04-02T00:00:00Z'))).toBeNull();
    expect(liveVote({ vote: null }, at('2027-03-10T00:00:00Z'))).toBeNull();
  });
});

describe('accountBar', () => {
  const user = { id: 'a', email: 'a@example.org', display_name: 'A', organization: null, roles: ['nominator'], email_confirmed: true, language: 'en' } as Account;
  it('lets a confirmed non-organiser vote and says why anyone else cannot', () => {
    expect(accountBar(user)).toBeNull();
    expect(accountBar(null)).toBe('signed_out');
    expect(accountBar({ ...user, roles: ['organizer'] })).toBe('organizer');
    expect(accountBar({ ...user, email_confirmed: false })).toBe('unconfirmed');
  });
});

describe('groupByVote', () => {
  it('keeps the votes of each round together, rounds in the order they first appear', () => {
    const v = (round_id: string, category: string) => ({ round_id, category, nomination_id: 'n', title: 't', cast_at: '2027-03-01T00:00:00Z' });
    expect(groupByVote([v('r2', 'C1'), v('r1', 'C4'), v('r2', 'C9')]).map((g) => [g.round_id, g.votes.map((x) => x.category)])).toEqual([
      ['r2', ['C1', 'C9']],
      ['r1', ['C4']],
    ]);
  });
});
