// The organisers' landing page: every edition, where each of its phases stands (the call, the
// rounds with the vote among them, the publication) and the next thing to do, as a link.
import { api, type Schemas } from './api';
import { syncClock } from './clock.svelte';

/** GET /organizer/overview */
export type Overview = Schemas['OverviewBody'];
export type EditionOverview = Schemas['EditionOverview'];
export type OverviewRound = Schemas['OverviewRound'];

export async function fetchOverview(): Promise<Overview> {
  const result = await api.get<Overview>('/organizer/overview');
  syncClock(result, result.data.server_time);
  return result.data;
}

/** A phase of an edition: done, the one it is in, or still to come. */
export type StepState = 'done' | 'current' | 'todo';

export interface Steps {
  call: StepState;
  rounds: StepState;
  publication: StepState;
}

/** Where each phase of an edition stands. */
export function steps(e: EditionOverview): Steps {
  const phase = e.edition.phase;
  const before = phase === 'upcoming' || phase === 'open';
  const out = !!e.publication.live || !!e.publication.scheduled;
  return {
    call: phase === 'upcoming' ? 'todo' : phase === 'open' ? 'current' : 'done',
    rounds: before ? 'todo' : out ? 'done' : 'current',
    publication: e.publication.live ? 'done' : e.publication.scheduled ? 'current' : 'todo',
  };
}

/** A thing to do next: the translation key of its link text (with the values it names) and where it is done. */
export interface NextAction {
  key: string;
  values?: Record<string, string>;
  href: string;
}

/** Whether a vote's closing instant has come (it may then be closed), by the server's clock `now`. */
export function voteEnded(round: Pick<OverviewRound, 'closes_at'>, now: number): boolean {
  return !!round.closes_at && now >= Date.parse(round.closes_at);
}

/**
 * What the organisers do next in an edition, most pressing first: follow the call, open or
 * close the round in progress, watch or close the vote, add the vote or the final round,
 * publish, or look at what is published. `now` is the server's clock (ms).
 */
export function nextActions(e: EditionOverview, now: number): NextAction[] {
  const year = encodeURIComponent(String(e.edition.year));
  const roundsPage = `/organizer/rounds?edition=${year}`;
  const publishPage = `/organizer/publish?edition=${year}`;
  if (e.publication.live) return [{ key: 'overview.next.see_results', href: `/editions/${year}/results` }];
  if (e.publication.scheduled) return [{ key: 'overview.next.check_publication', href: publishPage }];
  const phase = e.edition.phase;
  if (phase === 'upcoming') return [{ key: 'overview.next.check_call', href: '/organizer/editions' }];
  if (phase === 'open') {
    return [
      { key: 'overview.next.follow_nominations', href: `/organizer/nominations?edition=${year}` },
      { key: 'overview.next.extend', href: '/organizer/editions' },
    ];
  }
  const current = e.rounds.find((r) => r.status !== 'closed');
  if (current) {
    const name = { name: current.name };
    const page = `/organizer/rounds/${encodeURIComponent(current.id)}`;
    if (current.kind === 'public_vote') {
      if (current.status === 'draft') return [{ key: 'overview.next.open_vote', values: name, href: roundsPage }];
      if (voteEnded(current, now)) return [{ key: 'overview.next.close_vote', values: name, href: roundsPage }];
      return [{ key: 'overview.next.watch_vote', values: name, href: page }];
    }
    if (current.status === 'draft') return [{ key: 'overview.next.open_round', values: name, href: roundsPage }];
    const a = current.assignments;
    if (a && a.pending === 0 && a.scored + a.conflict > 0) return [{ key: 'overview.next.close_round', values: name, href: roundsPage }];
    return [{ key: 'overview.next.follow_round', values: name, href: page }];
  }
  if (e.rounds.length === 0) return [{ key: 'overview.next.add_round', href: roundsPage }];
  const last = e.rounds[e.rounds.length - 1];
  if (last.kind === 'public_vote') return [{ key: 'overview.next.add_final_round', href: roundsPage }];
  if (!e.rounds.some((r) => r.kind === 'public_vote')) {
    return [
      { key: 'overview.next.add_vote', href: roundsPage },
      { key: 'overview.next.publish', href: publishPage },
    ];
  }
  return [{ key: 'overview.next.publish', href: publishPage }];
}
