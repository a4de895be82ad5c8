import { describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import PersonalDeadline from './PersonalDeadline.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { setUpEach } from './testing';

setUpEach();

describe('PersonalDeadline', () => {
  it('tells the nominator about extra time, with the reason, and shows the deadline in three zones', async () => {
    const { container } = render(PersonalDeadline, {
      deadline: '2021-02-05T22:00:00Z',
      zone: 'Europe/Zurich',
      extension: { extended_to: '2021-02-05T22:00:00Z', reason: 'Power cut' },
      countdown: false,
    });
    expect(container.querySelector('.notice')?.textContent).toBe('You have been given extra time until 5 February 2021 at 23:00 CET.');
    expect(container.textContent).toContain('Reason: Power cut');
    expect(container.querySelectorAll('.zone-label')).toHaveLength(3);
    expect(container.querySelector('.countdown')).toBeNull();
  });

  it('shows no notice without an extension, and a finished countdown after the deadline (in Arabic)', async () => {
    await setLocale('ar', false);
    const { container } = render(PersonalDeadline, { deadline: '2021-02-01T22:00:00Z', zone: 'Europe/Zurich' });
    expect(container.querySelector('.notice')).toBeNull();
    expect(container.querySelector('.countdown')?.textContent?.trim()).toBe('انقضى الموعد النهائي لتقديم الترشيحات.');
    expect(document.documentElement.dir).toBe('rtl');
  });
});
