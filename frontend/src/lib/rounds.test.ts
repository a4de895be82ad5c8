import { describe, expect, it } from 'vitest';
import { barPct, groupByRound, progressOf, type Assignment } from './rounds';

const a = (round: string, id: string, status: Assignment['status']) =>
  ({ round_id: round, round_name: `Round ${round}`, round_status: 'open', status, nomination: { id } }) as unknown as Assignment;

describe('rounds helpers', () => {
  it('counts scored assignments and the bar share', () => {
    expect(progressOf([])).toEqual({ scored: 0, total: 0, pct: 0 });
    expect(progressOf([a('r1', 'n1', 'scored'), a('r1', 'n2', 'pending'), a('r2', 'n3', 'conflict')])).toEqual({ scored: 1, total: 3, pct: 33 });
  });

  it('groups assignments by round in first-seen order', () => {
    const groups = groupByRound([a('r2', 'n1', 'pending'), a('r1', 'n2', 'pending'), a('r2', 'n3', 'scored')]);
    expect(groups.map((g) => [g.round_id, g.items.map((i) => i.nomination.id)])).toEqual([
      ['r2', ['n1', 'n3']],
      ['r1', ['n2']],
    ]);
  });

  it('gives bar widths in whole percent, at least 1 for a non-zero value', () => {
    expect(barPct(0, 10)).toBe(0);
    expect(barPct(1, 1000)).toBe(1);
    expect(barPct(5, 10)).toBe(50);
    expect(barPct(3, 0)).toBe(0);
  });
});
