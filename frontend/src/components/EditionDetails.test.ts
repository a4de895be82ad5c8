import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import EditionDetails from './EditionDetails.svelte';
import { intlLocaleFor, setLocale } from '../lib/i18n.svelte';
import { edition2021, setUpEach } from './testing';

/** The 2021 edition, its deadline extended by a week. */
const extended = { ...edition2021, deadline_extended: true, deadline_extended_to: '2021-02-01T22:00:00Z', effective_deadline: '2021-02-01T22:00:00Z' };

setUpEach();

describe('EditionDetails', () => {
  it('shows the phase, the extension notice, the three zones and the original deadline', async () => {
    const { container, getByText } = render(EditionDetails, { edition: extended });
    expect(getByText('Results published', { selector: '.phase' })).toBeTruthy();
    expect(container.querySelector('.notice')?.textContent).toBe('Extended to 1 February 2021');
    const labels = [...container.querySelectorAll('.zone-label')].map((e) => e.textContent);
    // The zone by the name people use, its IANA name isolated (it stays left to right in Arabic).
    expect(labels).toContain('Official time: Geneva time (\u2068Europe/Zurich\u2069)');
    expect(labels.some((l) => l?.startsWith('Your time'))).toBe(true);
    expect(labels).toContain('Coordinated Universal Time (UTC)');
    // Opening, deadline and publication in three zones each; the superseded deadline in one.
    expect(labels).toHaveLength(10);
    expect(container.querySelector('.original del time')?.getAttribute('datetime')).toBe('2021-01-25T22:00:00Z');
    expect(container.querySelector('[role="timer"]')).toBeNull(); // no countdown unless open
  });

  it('switches language and direction', async () => {
    const { container } = render(EditionDetails, { edition: { ...extended, phase: 'open' } });
    await setLocale('ar', false);
    flushSync();
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe('ar');
    expect(container.querySelector('.phase')?.textContent).toBe('باب الترشيح مفتوح');
    await setLocale('fr', false);
    flushSync();
    expect(document.documentElement.dir).toBe('ltr');
    expect(container.querySelector('.notice')?.textContent).toMatch(/^Prolongée jusqu’au 1\D+février 2021$/);
  });
});

describe('intlLocaleFor', () => {
  it('keeps the viewer region of the chosen language', () => {
    expect(intlLocaleFor('en', ['en-GB', 'fr'])).toBe('en-GB');
    expect(intlLocaleFor('fr', ['en-GB', 'fr-CH'])).toBe('fr-CH');
    expect(intlLocaleFor('ar', ['en-GB'])).toBe('ar');
  });
});
