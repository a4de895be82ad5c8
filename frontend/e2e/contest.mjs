// Contests a journey sets up through the API beyond an edition and its nominations: a judged
// round closed (what advanced is the next round's entries) and a public vote open now.
import { apiContext, asOrganizer, assert, closedEditionWithNomination, ok } from './lib.mjs';

/**
 * An edition judged through the API (closedEditionWithNomination's): its `count` nominations
 * scored by the one judge of a round (`roundName`) that is then closed, advancing `advance` per
 * category; the edition's zone is `timezone`. Returns closedEditionWithNomination's answer and
 * the round's id as `round`.
 */
export async function judgedEdition({ closesInMs = 15_000, count = 1, advance = 1, roundName = 'E2E first round', timezone = 'UTC' } = {}) {
  const judged = await closedEditionWithNomination({ closesInMs, count, timezone });
  const judgeApi = await apiContext();
  let round;
  try {
    await asOrganizer(async (org) => {
      round = await ok(
        await org.post(`/api/v1/editions/${judged.year}/rounds`, { data: { name: roundName, judges_per_nomination: 1, advance_per_category: advance } }),
        'create the round',
      );
      await ok(await org.put(`/api/v1/rounds/${round.id}/panel`, { data: { judges: [{ account_id: judged.judge.id }] } }), 'panel');
      await ok(await org.post(`/api/v1/rounds/${round.id}/open`), 'open the round');
      await ok(await judgeApi.post('/api/v1/auth/login', { data: { email: judged.judge.email, password: judged.judge.password } }), 'judge login');
      const mine = await ok(await judgeApi.get('/api/v1/me/assignments'), 'assignments');
      for (const n of judged.nominations) {
        const a = mine.find((x) => x.nomination.id === n.id);
        assert(a, `no assignment of ${n.id} in ${JSON.stringify(mine)}`);
        const scores = Object.fromEntries(a.criteria.map((c) => [c.key, c.max]));
        await ok(await judgeApi.put(`/api/v1/rounds/${round.id}/scores/${n.id}`, { data: { scores, comment: 'Clear impact.' } }), 'score');
      }
      await ok(await org.post(`/api/v1/rounds/${round.id}/close`), 'close the round');
    });
  } finally {
    await judgeApi.dispose();
  }
  return { ...judged, round: round.id };
}

/**
 * After judgedEdition: the organiser creates a public vote taking what the closed round advanced,
 * voting from `opensAt` to `closesAt` (instants; by default from an hour ago to a day from now),
 * and opens it. Returns the vote's round id.
 */
export async function openVote(year, { opensAt = Date.now() - 3_600_000, closesAt = Date.now() + 86_400_000 } = {}) {
  return asOrganizer(async (org) => {
    const vote = await ok(
      await org.post(`/api/v1/editions/${year}/rounds`, {
        data: {
          kind: 'public_vote',
          name: 'E2E public online vote',
          opens_at: new Date(opensAt).toISOString(),
          closes_at: new Date(closesAt).toISOString(),
          advance_per_category: 1,
        },
      }),
      'create the vote',
    );
    await ok(await org.post(`/api/v1/rounds/${vote.id}/open`), 'open the vote');
    return vote.id;
  });
}
