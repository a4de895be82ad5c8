import { describe, expect, it } from 'vitest';
import { nextFreeYear } from './editions';

describe('nextFreeYear', () => {
  it('is the first year from the given one without an edition', () => {
    expect(nextFreeYear([], 2027)).toBe(2027);
    expect(nextFreeYear([{ year: 2021 }, { year: 2026 }, { year: 2027 }, { year: 2028 }], 2027)).toBe(2029);
    expect(nextFreeYear([{ year: 2021 }, { year: 2028 }], 2027)).toBe(2027);
  });
});
