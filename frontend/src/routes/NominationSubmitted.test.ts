import { beforeEach, describe, expect, it } from 'vitest';
import { render } from '@testing-library/svelte';
import NominationEdit from './NominationEdit.svelte';
import { setUpEach, stubFetch } from '../components/testing';
import { editionFixture, nominationFixture } from '../lib/test-fixtures';

const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString();
const edition = editionFixture({ submission_deadline: deadline });
const submitted = nominationFixture({
  status: 'submitted',
  submitted_at: new Date(Date.now() - 86_400_000).toISOString(),
  deadline,
  title: 'Telecentres',
  category: 'C4',
});

setUpEach({ roles: ['nominator'], user: { id: 'a1', email: 'amina@example.org', display_name: 'Amina', organization: 'Org' } });
beforeEach(() => {
  stubFetch(
    (url) =>
      ({
        '/api/v1/nominations/n1': submitted,
        '/api/v1/editions/2027': edition,
        '/api/v1/editions/2027/categories': [{ id: 'c4', number: 4, code: 'C4', action_line: 'C4', name: 'Capacity building' }],
      })[url],
  );
});

describe('a submitted nomination', () => {
  it('says it is submitted, that changes apply to it at once, and the time left to change it (not "draft")', async () => {
    const { container, findByText } = render(NominationEdit, { id: 'n1' });
    await findByText(/^Changes are saved automatically and apply to your submitted nomination at once\./);
    const main = container.textContent ?? '';
    expect(main).toMatch(/Submitted on .*: this nomination is in the contest\. You can still change it until the deadline\./);
    expect(container.querySelector('.countdown-label')?.textContent).toBe('Time left to make changes:');
    expect(container.querySelector('[role="timer"]')).not.toBeNull();
    expect(main).not.toMatch(/draft/i);
  });
});
