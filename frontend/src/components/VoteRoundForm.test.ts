import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import VoteRoundForm from './VoteRoundForm.svelte';
import { json, setUpEach, stubFetch } from './testing';
import { setLocale } from '../lib/i18n.svelte';
import { roundFixture } from '../lib/test-fixtures';
import fr from '../i18n/locales/fr.json';

let posted: unknown[];
let answer: Response;
setUpEach({ roles: ['organizer'] });
beforeEach(() => {
  posted = [];
  stubFetch((url, method, init) => {
    if (url === '/api/v1/editions/2021/rounds' && method === 'POST') {
      posted.push(JSON.parse(String(init?.body)));
      return answer;
    }
    return undefined;
  });
});

async function fillIn(container: HTMLElement, opens: string, closes: string) {
  await fireEvent.input(container.querySelector('#vote-opens')!, { target: { value: opens } });
  await fireEvent.input(container.querySelector('#vote-closes')!, { target: { value: closes } });
}

describe('VoteRoundForm', () => {
  it('sends the wall times of the edition\'s zone as instants, and shows each back in three zones', async () => {
    const made = roundFixture({ id: 'v1', kind: 'public_vote', name: 'Public online vote' });
    answer = json(201, made);
    const created: unknown[] = [];
    const { container } = render(VoteRoundForm, { year: 2021, zone: 'Europe/Zurich', oncreated: (r) => created.push(r) });
    expect((container.querySelector('#vote-name') as HTMLInputElement).value).toBe('Public online vote');
    // 1 March 2021 00:00 and 31 March 23:00 in Geneva: winter time, then summer time
    await fillIn(container, '2021-03-01T00:00', '2021-03-31T23:00');
    const zones = [...container.querySelectorAll('#vote-opens-zones .zone-label')].map((e) => e.textContent);
    expect(zones).toHaveLength(3);
    expect(zones[0]).toContain('Europe/Zurich');
    expect(zones[2]).toContain('UTC');
    expect(container.querySelector('#vote-closes-zones time')?.getAttribute('datetime')).toBe('2021-03-31T21:00:00Z');
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(created).toEqual([made]));
    expect(posted).toEqual([
      { kind: 'public_vote', name: 'Public online vote', opens_at: '2021-02-28T23:00:00Z', closes_at: '2021-03-31T21:00:00Z', advance_per_category: 5 },
    ]);
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Public vote “Public online vote” added.');
  });

  it('shows the server\'s refusals at their fields and in a summary, in the reader\'s language', async () => {
    await setLocale('fr', false);
    answer = json(422, {
      status: 422,
      code: 'validation_failed',
      errors: { closes_at: ['must be after opens_at'], advance_per_category: ['out of range'] },
      reasons: { closes_at: [{ code: 'not_after_vote_opening' }], advance_per_category: [{ code: 'number_between', min: 1, max: 10000 }] },
    });
    const { container } = render(VoteRoundForm, { year: 2021, zone: 'Europe/Zurich', oncreated: () => {} });
    await fillIn(container, '2021-03-31T23:00', '2021-03-01T00:00');
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(container.querySelector('#vote-closes-error')?.textContent).toBe(fr.reason.not_after_vote_opening));
    expect(container.querySelector('#vote-closes')?.getAttribute('aria-invalid')).toBe('true');
    const summary = container.querySelector('#create-vote-errors')!;
    expect(summary.textContent).toContain(fr.vote_setup.error_summary);
    expect([...summary.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['#vote-closes', '#vote-advance']);
    expect(container.textContent).not.toContain('must be after opens_at');
    await waitFor(() => expect(document.activeElement).toBe(summary));
  });

  it('sends a time left empty as null, and says at its field that it is required', async () => {
    answer = json(422, { status: 422, code: 'validation_failed', errors: { opens_at: ['required'] }, reasons: { opens_at: [{ code: 'required' }] } });
    const { container } = render(VoteRoundForm, { year: 2021, zone: 'Europe/Zurich', oncreated: () => {} });
    await fillIn(container, '', '2021-03-31T23:00');
    expect(container.querySelector('#vote-opens-zones')).toBeNull();
    await fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(container.querySelector('#vote-opens-error')?.textContent).toBe('This field is required.'));
    expect(posted).toMatchObject([{ opens_at: null, closes_at: '2021-03-31T21:00:00Z' }]);
  });
});
