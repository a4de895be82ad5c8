import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import VoteTotals from './VoteTotals.svelte';
import { setUpEach } from './testing';

setUpEach();

const stats = {
  cast: 1250,
  valid: 1200,
  invalidated: 50,
  by_category: [
    { code: 'C4', cast: 1000, valid: 960 },
    { code: 'C7-EHEALTH', cast: 250, valid: 240 },
  ],
  by_hour: [
    { hour: '2021-03-10T09:00:00Z', cast: 1000 },
    { hour: '2021-03-10T11:00:00Z', cast: 250 },
  ],
};

describe('VoteTotals', () => {
  it('shows the totals, a bar per category and a chart of votes per hour with the same numbers in a table, and no inline style', () => {
    const { container } = render(VoteTotals, { stats, zone: 'Europe/Zurich' });
    expect(['cast', 'valid', 'invalidated'].map((f) => container.querySelector(`#vote-${f}`)?.textContent)).toEqual(['1,250', '1,200', '50']);
    const row = (code: string) => container.querySelector(`table.vote-categories tr[data-code="${code}"]`)!;
    expect(row('C4').querySelector('.bar')?.className).toBe('bar bar-w-100');
    expect(row('C7-EHEALTH').querySelector('.bar')?.className).toBe('bar bar-w-25');
    expect(row('C7-EHEALTH').querySelector('.valid')?.textContent).toBe('240');
    expect(row('C4').querySelector('th')?.textContent).toContain('Capacity building');
    // the hour without votes between the two is drawn as 0; a day's width at least
    const bars = [...container.querySelectorAll('svg rect.hour-bar')].map((r) => Number(r.getAttribute('height')));
    expect(bars).toEqual([100, 0, 25]);
    expect(container.querySelector('svg')?.getAttribute('viewBox')).toBe('0 0 240 100');
    expect(container.querySelector('svg')?.getAttribute('role')).toBe('img');
    expect(container.querySelector('#hour-chart-caption')?.textContent).toBe('Votes per hour (Geneva time (\u2068Europe/Zurich\u2069))');
    expect(container.querySelector('#hour-chart-summary')?.textContent?.trim()).toBe(
      'From 10 Mar, 10:00 to 10 Mar, 12:00. Busiest hour: from 10 Mar, 10:00, votes: 1,000.',
    );
    const cells = [...container.querySelectorAll('table.hour-table tbody tr')].map((tr) => [tr.querySelector('th')?.textContent, tr.querySelector('td')?.textContent]);
    expect(cells).toEqual([
      ['10 Mar, 10:00', '1,000'],
      ['10 Mar, 11:00', '0'],
      ['10 Mar, 12:00', '250'],
    ]);
    expect(container.querySelector('[style]')).toBeNull();
  });

  it('says when no vote has been cast yet', () => {
    const { container } = render(VoteTotals, { stats: { cast: 0, valid: 0, invalidated: 0, by_category: [{ code: 'C4', cast: 0, valid: 0 }], by_hour: [] }, zone: 'UTC' });
    expect(container.querySelector('.hour-chart .empty')?.textContent).toBe('No votes yet.');
    expect(container.querySelector('svg')).toBeNull();
  });
});
