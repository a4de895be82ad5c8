import { beforeEach, describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/svelte';
import MyNominations from './MyNominations.svelte';
import { edition2021, setUpEach, stubFetch } from '../components/testing';
import type { Nomination } from '../lib/api';

const item = (id: string, outcome: Nomination['outcome']) =>
  ({
    id,
    edition_year: 2021,
    reference: `WSIS2021-00000${id}`,
    status: 'submitted',
    category: 'C4',
    category_name: 'Capacity building',
    title: `Project ${id}`,
    updated_at: '2021-01-20T10:00:00Z',
    deadline: '2021-01-25T22:00:00Z',
    outcome,
  }) as unknown as Nomination;

let mine: Nomination[];

setUpEach({ roles: ['nominator'] });
beforeEach(() => {
  stubFetch((url) => ({ '/api/v1/me/nominations': mine, '/api/v1/editions': [edition2021], '/api/v1/me/extensions': [] })[url]);
});

describe('MyNominations outcomes', () => {
  it('shows each outcome, with a link to the public page of a Winner or Champion', async () => {
    mine = [item('1', 'winner'), item('2', 'champion'), item('3', 'not_selected')];
    const { container } = render(MyNominations);
    await waitFor(() => expect(container.querySelectorAll('tr[data-reference]').length).toBe(3));
    const row = (ref: string) => container.querySelector(`tr[data-reference="WSIS2021-00000${ref}"]`)!;
    expect(row('1').querySelector('.outcome')?.textContent).toBe('Winner');
    expect(row('1').querySelector('.outcome-cell a')?.getAttribute('href')).toBe('/editions/2021/results/1');
    expect(row('2').querySelector('.outcome')?.textContent).toBe('Champion');
    expect(row('3').querySelector('.outcome')?.textContent).toBe('Not selected');
    expect(row('3').querySelector('.outcome-cell a')).toBeNull();
    expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).toContain('Result');
  });

  it('has no outcome column before the results are public', async () => {
    mine = [item('1', null)];
    const { container } = render(MyNominations);
    await waitFor(() => expect(container.querySelectorAll('tr[data-reference]').length).toBe(1));
    expect(container.querySelector('.outcome')).toBeNull();
    expect([...container.querySelectorAll('thead th')].map((th) => th.textContent)).not.toContain('Result');
  });
});
