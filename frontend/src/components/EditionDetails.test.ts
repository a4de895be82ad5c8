import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import EditionDetails from './EditionDetails.svelte';
import { i18nState, intlLocaleFor, setLocale } from '../lib/i18n.svelte';
import { editionFixture } from '../lib/test-fixtures';

const edition2021 = editionFixture({
  id: '0190-0000',
  year: 2021,
  name: 'WSIS Prizes 2021',
  timezone: 'Europe/Zurich',
  submission_opens_at: '2020-11-05T08:00:00Z',
  submission_deadline: '2021-01-25T22:00:00Z',
  deadline_extended_to: '2021-02-01T22:00:00Z',
  effective_deadline: '2021-02-01T22:00:00Z',
  phase: 'published',
  results_published_at: '2021-05-17T10:00:00Z',
});

afterEach(async () => {
  cleanup();
  await setLocale('en', false);
});

describe('EditionDetails', () => {
  it('shows the phase, the extension notice, the three zones and the original deadline', async () => {
    await setLocale('en', false);
    i18nState.intl = 'en-GB';
    const { container, getByText } = render(EditionDetails, { edition: edition2021 });
    expect(getByText('Results published', { selector: '.phase' })).toBeTruthy();
    expect(container.querySelector('.notice')?.textContent).toBe('Extended to 1 February 2021');
    const labels = [...container.querySelectorAll('.zone-label')].map((e) => e.textContent);
    expect(labels).toContain('Official time (Europe/Zurich)');
    expect(labels.some((l) => l?.startsWith('Your time ('))).toBe(true);
    expect(labels).toContain('Coordinated Universal Time (UTC)');
    expect(container.querySelector('.original del time')?.getAttribute('datetime')).toBe('2021-01-25T22:00:00Z');
    expect(container.querySelector('[role="timer"]')).toBeNull(); // no countdown unless open
  });

  it('switches language and direction', async () => {
    const { container } = render(EditionDetails, { edition: { ...edition2021, phase: 'open' } });
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
