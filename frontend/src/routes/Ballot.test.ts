import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor, within } from '@testing-library/svelte';
import Ballot from './Ballot.svelte';
import { altchaChallenge, json, setUpEach, stubFetch } from '../components/testing';
import type { Account } from '../lib/api';
import { session } from '../lib/auth.svelte';
import { setLocale } from '../lib/i18n.svelte';
import { router } from '../lib/router.svelte';
import type { Ballot as BallotBody } from '../lib/votes';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const voter: Account = {
  id: 'v1', email: 'ana@example.org', display_name: 'Ana', organization: null, roles: ['nominator'], email_confirmed: true, language: 'en',
};

/** A ballot of two categories whose window is `from`–`to` hours from now. */
function ballotFixture(from = -1, to = 24): BallotBody {
  const now = Date.now();
  return {
    round_id: 'r1',
    name: 'Public online vote',
    edition: 2027,
    edition_name: 'WSIS Prizes 2027',
    timezone: 'Europe/Zurich',
    status: 'open',
    opens_at: iso(now + from * HOUR),
    closes_at: iso(now + to * HOUR),
    categories: [
      {
        code: 'C4',
        name: 'Capacity building',
        my_vote: null,
        nominees: [
          { nomination_id: 'n1', title: 'Rural telecentres', organization: 'Kenya Digital', country: 'KE', summary: 'Telecentres in forty villages.' },
          { nomination_id: 'n2', title: 'Coding clubs', organization: 'Andes Connect', country: 'PE', summary: 'Clubs for girls.' },
        ],
      },
      {
        code: 'C7-EHEALTH',
        name: 'ICT applications: E-health',
        my_vote: null,
        nominees: [{ nomination_id: 'n3', title: 'Tele-clinics', organization: 'Nordic Health', country: 'INT', summary: '' }],
      },
    ],
  };
}

type Call = { url: string; method: string; body?: Record<string, unknown> };
let calls: Call[];
let ballot: BallotBody;
/** The answer to POST /rounds/r1/votes. */
let castAnswer: () => Response;

function signedIn(user: Account | null) {
  session.user = user;
  session.loaded = true;
}

setUpEach();
let challenge: Awaited<ReturnType<typeof altchaChallenge>>;
beforeEach(async () => {
  challenge = await altchaChallenge(7);
  calls = [];
  ballot = ballotFixture();
  castAnswer = () => json(201, { category: 'C4', nomination_id: 'n2', cast_at: iso(Date.now()) });
  history.replaceState(null, '', '/votes/r1');
  router.path = '/votes/r1';
  vi.stubGlobal('scrollTo', () => {});
  stubFetch((url, method, init) => {
    calls.push({ url, method, body: init?.body ? JSON.parse(String(init.body)) : undefined });
    if (url === '/api/v1/rounds/r1/ballot') return ballot;
    if (url === '/api/v1/altcha/challenge') return challenge;
    if (url === '/api/v1/rounds/r1/votes' && method === 'POST') return castAnswer();
    if (url === '/api/v1/me/confirmation' && method === 'POST') return json(202, { email: voter.email });
    return undefined;
  });
});

const posts = () => calls.filter((c) => c.method === 'POST');
function section(container: HTMLElement, code: string): HTMLElement {
  const found = container.querySelector<HTMLElement>(`section[data-code="${code}"]`);
  if (!found) throw new Error(`no section ${code}`);
  return found;
}

/** Ticks a category's verification box and waits for the browser to solve the challenge. */
async function verify(c4: HTMLElement, verified = 'Verified') {
  const box = () => c4.querySelector<HTMLInputElement>('altcha-widget input[type="checkbox"]');
  await waitFor(() => expect(box()).not.toBeNull());
  await fireEvent.click(box()!);
  await waitFor(() => expect(c4.querySelector('altcha-widget')?.parentElement?.querySelector('[role="status"]')?.textContent).toBe(verified), { timeout: 5000 });
}

describe('Ballot (/votes/:round)', () => {
  it('is readable signed out: the window in three zones, each nominee, and a way to sign in that comes back', async () => {
    signedIn(null);
    const view = render(Ballot, { props: { round: 'r1' } });
    await view.findByRole('heading', { level: 1, name: 'Public online vote — WSIS Prizes 2027' });
    // the opening and the closing, each in Geneva time, the viewer's zone and UTC
    expect(view.container.querySelectorAll('.round-times .zones li').length).toBe(6);
    const c4 = section(view.container, 'C4');
    expect(c4.textContent).toContain('Rural telecentres');
    expect(c4.textContent).toContain('Kenya Digital');
    expect(c4.textContent).toContain('Kenya');
    expect(c4.textContent).toContain('Telecentres in forty villages.');
    expect(section(view.container, 'C7-EHEALTH').textContent).toContain('International');
    expect(view.container.querySelector('input[type="radio"]')).toBeNull();
    expect(view.queryByRole('button', { name: /^Vote/ })).toBeNull();
    const signIn = view.getByRole('link', { name: 'Sign in and vote' });
    expect(signIn.getAttribute('href')).toBe('/login?next=%2Fvotes%2Fr1');
    expect(view.getByRole('link', { name: 'Create an account' }).getAttribute('href')).toBe('/register?next=%2Fvotes%2Fr1');
    expect(view.container.textContent).toContain('Sign in to vote');
  });

  it('casts a vote with a body that names the nominee and the solved challenge, then confirms it, focused, and shows the category read-only', async () => {
    signedIn(voter);
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    const group = c4.getByRole('group', { name: 'Your choice in Capacity building' });
    await fireEvent.click(within(group).getByRole('radio', { name: /Coding clubs/ }));
    await verify(section(view.container, 'C4'));
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    const done = await waitFor(() => {
      const found = c4.getAllByRole('status').find((el) => el.textContent?.includes('Your vote in'));
      if (!found) throw new Error('no confirmation yet');
      return found;
    });
    expect(done.textContent).toContain('Your vote in Capacity building is cast: Coding clubs.');
    expect(done.textContent).toContain('A vote is final: it cannot be changed or withdrawn.');
    expect(within(done).getByRole('link', { name: 'See all your votes' }).getAttribute('href')).toBe('/votes');
    await waitFor(() => expect(document.activeElement).toBe(done));
    const sent = posts();
    expect(sent.map((p) => [p.url, p.body?.nomination_id])).toEqual([['/api/v1/rounds/r1/votes', 'n2']]);
    // with the solution of the challenge the browser solved
    expect(JSON.parse(atob(String(sent[0].body?.altcha)))).toMatchObject({ number: 7, signature: challenge.signature });
    // read-only now, the choice marked; the other category still takes a vote
    expect(section(view.container, 'C4').querySelector('input[type="radio"]')).toBeNull();
    expect(section(view.container, 'C4').querySelector('li[data-mine]')?.getAttribute('data-nomination')).toBe('n2');
    expect(section(view.container, 'C7-EHEALTH').querySelectorAll('input[type="radio"]').length).toBe(1);
    expect(view.container.querySelector('nav')?.textContent).toContain('(voted)');
  });

  it('asks for the verification before sending anything', async () => {
    signedIn(voter);
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getAllByRole('radio')[0]);
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    await c4.findByText('Tick the box to show you are not a robot.');
    expect(posts()).toEqual([]);
  });

  it('asks for a choice before sending anything', async () => {
    signedIn(voter);
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    await c4.findByText('Choose a project first.');
    expect(document.activeElement).toBe(c4.getAllByRole('radio')[0]);
    expect(posts()).toEqual([]);
  });

  it('shows a category already voted in as the voter’s choice, read-only', async () => {
    ballot.categories[0].my_vote = 'n1';
    signedIn(voter);
    const view = render(Ballot, { props: { round: 'r1' } });
    await waitFor(() => expect(section(view.container, 'C4').textContent).toContain('You voted for Rural telecentres in this category.'));
    expect(section(view.container, 'C4').querySelector('input[type="radio"]')).toBeNull();
    expect(section(view.container, 'C4').querySelector('li[data-mine]')?.textContent).toContain('Your vote');
  });

  it('says why nobody votes before the opening and after the close, and still shows the nominees', async () => {
    signedIn(voter);
    ballot = ballotFixture(2, 24);
    const before = render(Ballot, { props: { round: 'r1' } });
    await before.findByText(/Voting has not opened yet/);
    expect(before.container.textContent).toContain('Voting opens in:');
    expect(before.container.querySelector('input[type="radio"]')).toBeNull();
    expect(section(before.container, 'C4').textContent).toContain('Coding clubs');
    before.unmount();

    ballot = ballotFixture(-48, -1);
    const after = render(Ballot, { props: { round: 'r1' } });
    await after.findByText('Voting has closed. The ballot stays readable.');
    expect(after.container.querySelector('input[type="radio"]')).toBeNull();
    expect(section(after.container, 'C4').textContent).toContain('Coding clubs');
  });

  it('lets an organiser read the ballot without voting', async () => {
    signedIn({ ...voter, roles: ['organizer'] });
    const view = render(Ballot, { props: { round: 'r1' } });
    await view.findByText(/Organisers do not vote/);
    expect(view.container.querySelector('input[type="radio"]')).toBeNull();
  });

  it('asks an account whose address is not confirmed to confirm it, with a way to get a new link', async () => {
    signedIn({ ...voter, email_confirmed: false });
    const view = render(Ballot, { props: { round: 'r1' } });
    await view.findByText(/Confirm your email address to vote/);
    expect(view.container.querySelector('input[type="radio"]')).toBeNull();
    await fireEvent.click(view.getByRole('button', { name: 'Send a new confirmation link' }));
    await view.findByText('A new confirmation link is on its way to your inbox.');
    expect(posts().map((c) => c.url)).toEqual(['/api/v1/me/confirmation']);
  });

  it('turns a refusal for an unconfirmed address into the confirmation notice', async () => {
    signedIn(voter);
    castAnswer = () => json(403, { status: 403, code: 'email_not_confirmed', title: 'Forbidden', detail: 'confirm your address' });
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getAllByRole('radio')[0]);
    await verify(section(view.container, 'C4'));
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    await c4.findByText('Confirm your email address first: follow the link in the message we sent you.');
    await view.findByRole('button', { name: 'Send a new confirmation link' });
    expect(view.container.textContent).not.toContain('confirm your address');
  });

  it('says "already voted" in the reader’s language and shows the vote the server holds', async () => {
    await setLocale('fr', false);
    signedIn(voter);
    castAnswer = () => {
      ballot.categories[0].my_vote = 'n1';
      return json(409, { status: 409, code: 'already_voted', title: 'Conflict', detail: 'already voted' });
    };
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getAllByRole('radio')[1]);
    await verify(section(view.container, 'C4'), 'Vérifié');
    await fireEvent.click(c4.getByRole('button', { name: /^Voter/ }));
    const alert = await c4.findByRole('alert');
    expect(alert.textContent).toContain('Vous avez déjà voté dans cette catégorie. Un vote est définitif.');
    await waitFor(() => expect(section(view.container, 'C4').textContent).toContain('vous avez voté pour Rural telecentres'));
    expect(calls.filter((c) => c.url === '/api/v1/rounds/r1/ballot').length).toBe(2);
  });

  it('says how long to wait when the network has made too many attempts', async () => {
    signedIn(voter);
    castAnswer = () =>
      new Response(JSON.stringify({ status: 429, code: 'rate_limited', title: 'Too Many Requests' }), {
        status: 429,
        headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '30' },
      });
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getAllByRole('radio')[0]);
    await verify(section(view.container, 'C4'));
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    expect((await c4.findByRole('alert')).textContent).toContain('Too many attempts. Please try again in 30 seconds.');
    await waitFor(() => expect(document.activeElement).toBe(c4.getByRole('alert')));
    // nothing was cast: the choice is still there to send again
    expect(section(view.container, 'C4').querySelectorAll('input[type="radio"]').length).toBe(2);
  });

  it('names what is wrong when the server refuses the nominee', async () => {
    signedIn(voter);
    castAnswer = () =>
      json(422, {
        status: 422, code: 'validation_failed', title: 'Unprocessable', errors: { nomination_id: ['not a nominee'] },
        reasons: { nomination_id: [{ code: 'not_a_nominee' }] },
      });
    const view = render(Ballot, { props: { round: 'r1' } });
    const c4 = within(await waitFor(() => section(view.container, 'C4')));
    await fireEvent.click(c4.getAllByRole('radio')[0]);
    await verify(section(view.container, 'C4'));
    await fireEvent.click(c4.getByRole('button', { name: 'Vote: Capacity building' }));
    await c4.findByText('This project is not a nominee of this vote.');
  });
});
