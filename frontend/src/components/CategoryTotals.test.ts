import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import CategoryTotals from './CategoryTotals.svelte';
import { setUpEach } from './testing';

setUpEach({ intl: 'en' });

describe('CategoryTotals', () => {
  it('draws bars proportional to the largest count, with every number as text and no inline style', async () => {
    const { container } = render(CategoryTotals, {
      caption: 'Nominations per category',
      current: 'C4',
      totals: [
        { code: 'C1', name: 'The role of governments', count: 0 },
        { code: 'C4', name: 'Capacity building', count: 8 },
        { code: 'C7-EHEALTH', name: 'E-health', count: 2 },
        { code: 'C9', name: 'Media', count: 1234 },
      ],
    });
    expect(container.querySelector('caption')?.textContent).toBe('Nominations per category');
    const row = (code: string) => container.querySelector(`tr[data-code="${code}"]`)!;
    expect(row('C9').querySelector('.bar')?.className).toBe('bar bar-w-100');
    expect(row('C4').querySelector('.bar')?.className).toBe('bar bar-w-1');
    expect(row('C1').querySelector('.bar')?.className).toBe('bar bar-w-0');
    expect(row('C9').querySelector('.bar-value')?.textContent).toBe('1,234');
    expect(row('C4').querySelector('th')?.textContent).toContain('Capacity building');
    expect(row('C4').classList.contains('current')).toBe(true);
    expect(container.querySelector('[style]')).toBeNull();
    // the bar itself is decoration; the number carries the information
    expect(row('C9').querySelector('.bar-track')?.getAttribute('aria-hidden')).toBe('true');
  });
});
