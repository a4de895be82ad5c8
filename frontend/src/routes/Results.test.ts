import { beforeEach, describe, expect, it } from 'vitest';
import { render, waitFor } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import Results from './Results.svelte';
import Project from './Project.svelte';
import { edition2021, setUpEach, stubFetch } from '../components/testing';
import { setLocale } from '../lib/i18n.svelte';
import type { ProjectPage, PublicProject, Winners } from '../lib/publication';
const project = (id: string, rank: number, over: Partial<PublicProject> = {}): PublicProject => ({
  nomination_id: id,
  title: `Project ${id}`,
  organization: `Org ${id}`,
  country: 'KE',
  rank,
  summary: '',
  stakeholder_type: 'academia',
  website: '',
  sdgs: [],
  ...over,
});
const a = project('a', 1, { summary: 'Rural telecentres.' });
const winners: Winners = {
  edition: 2021,
  edition_name: 'WSIS Prizes 2021',
  published_at: '2021-05-17T10:00:00Z',
  version: 2,
  checksum: 'ab'.repeat(32),
  categories: [
    { code: 'C4', name: 'Capacity building', action_line: 'C4', winner: a, champions: [a, project('b', 2, { country: 'INT' })] },
    { code: 'C7-EHEALTH', name: 'ICT applications: E-health', action_line: 'C7', winner: project('c', 1), champions: [project('c', 1)] },
  ],
};

/** The 200 answers, by address (anything else is a 404). */
let answers: Record<string, unknown>;

setUpEach();
beforeEach(() => {
  answers = { '/api/v1/editions/2021': edition2021 };
  stubFetch((url) => answers[url]);
});

describe('Results', () => {
  it('says how many valid votes the public online vote counted when the edition held one', async () => {
    answers['/api/v1/editions/2021/winners'] = { ...winners, votes: { valid: 1312045 } };
    const { container, findByRole } = render(Results, { year: '2021' });
    await findByRole('heading', { level: 1, name: 'WSIS Prizes 2021: Winners and Champions' });
    const details = container.querySelector('.results-details')?.textContent ?? '';
    expect(details).toContain('Public online vote');
    expect(details).toContain('1,312,045 valid votes');
  });

  it('says nothing of a vote when the edition held none', async () => {
    answers['/api/v1/editions/2021/winners'] = winners;
    const { container, findByRole } = render(Results, { year: '2021' });
    await findByRole('heading', { level: 1, name: 'WSIS Prizes 2021: Winners and Champions' });
    expect(container.querySelector('.results-details')?.textContent).not.toContain('vote');
  });

  it('shows each category with its Winner first, then the Champions, and the downloads', async () => {
    answers['/api/v1/editions/2021/winners'] = winners;
    const { container, findByRole } = render(Results, { year: '2021' });
    await findByRole('heading', { level: 1, name: 'WSIS Prizes 2021: Winners and Champions' });
    const sections = container.querySelectorAll('section.results-category');
    expect(sections.length).toBe(2);
    const first = [...sections[0].querySelectorAll('li.result')];
    expect(first.map((li) => li.getAttribute('data-outcome'))).toEqual(['winner', 'champion']);
    expect(first[0].querySelector('.outcome')?.textContent).toBe('Winner');
    expect(first[1].querySelector('.outcome')?.textContent).toBe('Champion');
    expect(first[0].querySelector('h3 a')?.getAttribute('href')).toBe('/editions/2021/results/a');
    expect(first[0].querySelector('.result-meta')?.textContent).toContain('Kenya');
    expect(first[1].querySelector('.result-meta')?.textContent).toContain('International');
    expect(first[0].querySelector('.result-summary')?.textContent).toBe('Rural telecentres.');
    expect(first[1].querySelector('.result-summary')).toBeNull();
    expect(sections[1].querySelector('h2')?.textContent).toContain('ICT applications: E-health');
    expect(container.querySelector('.results-details')?.textContent).toContain('Version 2 (corrected)');
    expect(container.querySelector('.results-details time')?.getAttribute('datetime')).toBe('2021-05-17T10:00:00Z');
    expect(container.querySelector('#download-csv')?.getAttribute('href')).toBe('/api/v1/editions/2021/winners.csv');
    expect(container.querySelector('#download-open-json')?.getAttribute('href')).toBe('/api/v1/editions/2021/open-data.json');
  });

  it('says the results are not published yet on a 404 (not an error)', async () => {
    const { findByText, container } = render(Results, { year: '2021' });
    await findByText('Results for WSIS Prizes 2021 have not been published yet. Please come back later.');
    expect(container.querySelector('[role="alert"]')).toBeNull();
  });

  it('is translated, Arabic right-to-left', async () => {
    answers['/api/v1/editions/2021/winners'] = winners;
    const { container, findByRole } = render(Results, { year: '2021' });
    await findByRole('heading', { level: 1 });
    await setLocale('ar', false);
    flushSync();
    expect(document.documentElement.dir).toBe('rtl');
    await waitFor(() => expect(container.querySelector('li.result-winner .outcome')?.textContent).toBe('فائز'));
  });
});

describe('Project', () => {
  it('shows the project with its outcome, category, website and goals', async () => {
    const page: ProjectPage = {
      edition: 2021,
      edition_name: 'WSIS Prizes 2021',
      published_at: '2021-05-17T10:00:00Z',
      version: 1,
      category: { code: 'C4', name: 'Capacity building', action_line: 'C4' },
      outcome: 'champion',
      project: project('b', 2, { website: 'https://example.org/b', sdgs: [9, 4], summary: 'A summary.' }),
    };
    answers['/api/v1/editions/2021/winners/b'] = page;
    const { container, findByRole } = render(Project, { year: '2021', nomination: 'b' });
    await findByRole('heading', { level: 1, name: 'Project b' });
    expect(container.querySelector('.project-outcome .outcome-champion')?.textContent).toBe('Champion');
    const link = container.querySelector('.project-website a');
    expect(link?.getAttribute('href')).toBe('https://example.org/b');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    expect([...container.querySelectorAll('.sdg-list li')].map((li) => li.textContent)).toEqual([
      'Goal 4: Quality education',
      'Goal 9: Industry, innovation and infrastructure',
    ]);
    expect(container.querySelector('.project-details')?.textContent).toContain('Capacity building');
    expect(container.querySelector('.project-details')?.textContent).toContain('Academia');
  });

  it('says not found for a project that is not on the list', async () => {
    const { findByRole } = render(Project, { year: '2021', nomination: 'zz' });
    await findByRole('heading', { level: 1, name: 'Project not found' });
  });
});
