import { beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, waitFor } from '@testing-library/svelte';
import NominationEdit from './NominationEdit.svelte';
import { json, setUpEach, stubFetch } from '../components/testing';
import type { Nomination } from '../lib/api';
import { editionFixture, nominationFixture } from '../lib/test-fixtures';

const edition = editionFixture({ phase: 'closed' });
const categories = [
  { id: 'c3', number: 3, code: 'C3', action_line: 'C3', name: 'Access to information and knowledge' },
  { id: 'c4', number: 4, code: 'C4', action_line: 'C4', name: 'Capacity building' },
  { id: 'c7h', number: 10, code: 'C7-EHEALTH', action_line: 'C7', name: 'ICT applications: E-health' },
];

function nomination(over: Partial<Nomination> = {}): Nomination {
  return nominationFixture({
    reference: 'WSIS2027-000042',
    version: 3,
    category: 'C4',
    related_action_lines: ['C3'],
    title: 'Telecentres',
    summary: 'Too short.',
    description: 'd',
    impact: 'i',
    stakeholder_type: 'academia',
    country: 'KE',
    sdgs: [4],
    project_start: '2020-01-01',
    project_status: 'running',
    ...over,
  });
}

type Handler = (method: string, url: string) => { status: number; body?: unknown } | undefined;
let routes: Handler;

setUpEach({ roles: ['nominator'], user: { id: 'a1', email: 'amina@example.org', display_name: 'Amina', organization: 'Org' } });
beforeEach(() => {
  stubFetch((url, method) => {
    const own = routes(method, url);
    if (own) return json(own.status, own.body);
    return { '/api/v1/editions/2027': edition, '/api/v1/editions/2027/categories': categories }[url];
  });
});

describe('NominationEdit', () => {
  it('is read-only after the deadline, and says since when', async () => {
    routes = (m, u) => (m === 'GET' && u === '/api/v1/nominations/n1' ? { status: 200, body: nomination({ editable: false }) } : undefined);
    const { container, findByText } = render(NominationEdit, { id: 'n1' });
    await findByText(/^The deadline passed on 1 February 2027 at 23:00 CET\. This nomination can no longer be changed\.$/);
    const form = container.querySelector('#nomination-form')!;
    for (const el of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input:not([type="checkbox"]):not([type="date"]), textarea')) {
      expect(el.readOnly, el.id).toBe(true);
    }
    for (const el of form.querySelectorAll<HTMLSelectElement | HTMLInputElement>('select, input[type="checkbox"]')) {
      expect(el.disabled, el.id).toBe(true);
    }
    expect(container.querySelector('#submit-nomination')).toBeNull();
    expect(container.querySelector('[role="timer"]')).toBeNull();
  });

  it('shows every field error of a refused submit next to its input and in a linked summary', async () => {
    routes = (m, u) => {
      if (m === 'GET' && u === '/api/v1/nominations/n1') return { status: 200, body: nomination() };
      if (m === 'POST' && u === '/api/v1/nominations/n1/submit')
        return {
          status: 422,
          body: {
            status: 422,
            code: 'validation_failed',
            errors: { summary: ['must be 150 to 200 words (it has 2)'], sdgs: ['must name at least one goal'] },
            reasons: { summary: [{ code: 'word_count', min: 150, max: 200, actual: 2 }], sdgs: [{ code: 'no_goal' }] },
          },
        };
      return undefined;
    };
    const { container, findByRole, getByRole } = render(NominationEdit, { id: 'n1' });
    const submit = await findByRole('button', { name: 'Submit nomination' });
    expect((container.querySelector('#nom-category') as HTMLSelectElement).value).toBe('C4');
    expect((container.querySelector('#nom-related_action_lines-C3') as HTMLInputElement).checked).toBe(true);
    expect(container.querySelector('#nom-related_action_lines-C4')).toBeNull(); // the chosen category is not offered twice
    expect(container.querySelector('#nom-summary-counter')?.textContent).toBe('Words: 2 (needed: 150 to 200) 148 more words needed.');
    await fireEvent.click(submit);
    const dialog = container.querySelector('#confirm-submit') as HTMLDialogElement;
    await waitFor(() => expect(dialog.hasAttribute('open')).toBe(true));
    await fireEvent.click(getByRole('button', { name: 'Yes, submit', hidden: true }));
    const summary = await findByRole('alert');
    expect(summary.textContent).toContain('The nomination cannot be submitted yet.');
    const links = [...summary.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['#nom-summary', 'Short description'],
      ['#nom-sdgs', 'Sustainable Development Goals served'],
    ]);
    const summaryInput = container.querySelector('#nom-summary')!;
    expect(summaryInput.getAttribute('aria-invalid')).toBe('true');
    expect(summaryInput.getAttribute('aria-describedby')).toContain('nom-summary-error');
    expect(container.querySelector('#nom-summary-error')?.textContent).toBe('Use 150 to 200 words (now 2).');
    expect(container.querySelector('#nom-sdgs-error')?.textContent).toBe('Choose at least one goal.');
    await waitFor(() => expect(document.activeElement).toBe(summary));
  });
});
