// The public online vote as voters see it: the ballot, casting a vote, one's own votes, and
// where a vote stands by the server's clock.
import { api, type Account, type Edition, type Schemas } from './api';
import { isOrganizer } from './auth.svelte';
import { syncClock } from './clock.svelte';

const enc = encodeURIComponent;

/** GET /rounds/{id}/ballot: per category the nominees in the voter's own order, and `my_vote`. */
export type Ballot = Schemas['Ballot'];
export type BallotCategory = Schemas['BallotCategory'];
export type Nominee = Schemas['Nominee'];
/** The body of POST /rounds/{id}/votes (VoteCategory builds it, in one place). */
export type VoteBody = Schemas['VoteBody'];
/** A vote just cast. */
export type CastVote = Schemas['CastVote'];
/** One line of GET /me/votes. */
export type MyVote = Schemas['MyVote'];
/** An edition's public vote, as the edition names it once it has opened. */
export type EditionVote = Schemas['EditionVote'];

export const votesApi = {
  async ballot(round: string): Promise<Ballot> {
    const result = await api.get<Ballot>(`/rounds/${enc(round)}/ballot`);
    syncClock(result);
    return result.data;
  },
  async cast(round: string, body: VoteBody): Promise<CastVote> {
    return (await api.post<CastVote>(`/rounds/${enc(round)}/votes`, body)).data;
  },
  async mine(): Promise<MyVote[]> {
    return (await api.get<MyVote[]>('/me/votes')).data ?? [];
  },
};

/** The page of a vote's ballot. */
export function ballotPath(round: string): string {
  return `/votes/${enc(round)}`;
}

/** Where a vote stands: before `opens_at`, taking votes, or over (its window has ended or it was closed). */
export type VoteWindow = 'upcoming' | 'open' | 'over';

/** Where the vote stands at `now` (ms, by the server's clock). */
export function voteWindow(vote: Pick<EditionVote, 'status' | 'opens_at' | 'closes_at'>, now: number): VoteWindow {
  if (vote.status !== 'open' || now >= Date.parse(vote.closes_at)) return 'over';
  return now < Date.parse(vote.opens_at) ? 'upcoming' : 'open';
}

/** The edition's vote when it is worth a link (taking votes or about to), else null. */
export function liveVote(edition: Pick<Edition, 'vote'>, now: number): EditionVote | null {
  const vote = edition.vote;
  return vote && voteWindow(vote, now) !== 'over' ? vote : null;
}

/** Why the viewer cannot vote on this page, whatever the time: null when their account may. */
export type AccountBar = 'signed_out' | 'organizer' | 'unconfirmed' | null;

export function accountBar(user: Account | null): AccountBar {
  if (!user) return 'signed_out';
  if (isOrganizer(user)) return 'organizer';
  return user.email_confirmed ? null : 'unconfirmed';
}

/** A voter's votes, one group per vote, in the order the votes first appear (newest first). */
export function groupByVote(votes: MyVote[]): { round_id: string; votes: MyVote[] }[] {
  const groups = new Map<string, MyVote[]>();
  for (const v of votes) {
    const list = groups.get(v.round_id);
    if (list) list.push(v);
    else groups.set(v.round_id, [v]);
  }
  return [...groups].map(([round_id, list]) => ({ round_id, votes: list }));
}
