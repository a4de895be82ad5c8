// The public vote's voters for the journeys: accounts whose address is confirmed through the
// link the server mailed (read from the .eml files it writes to MAIL_DIR), and the one function
// every journey casts a vote with.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiContext, assert, ok, registerNominator, token, uniqueEmail, until } from './lib.mjs';

/** Where the server writes its mail as .eml files (scripts/test exports it to the server and to the journeys). */
export const MAIL_DIR = process.env.MAIL_DIR || '';

/** A message's text part, quoted-printable decoded (soft line breaks joined). */
function mailText(eml) {
  return eml.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
}

/** The token of the confirmation link mailed to `email` (waits for the message in MAIL_DIR). */
export async function confirmationToken(email, timeout = 30_000) {
  assert(MAIL_DIR, 'MAIL_DIR is not set: the journey reads the confirmation message the server writes there');
  return until(() => {
    for (const f of readdirSync(MAIL_DIR).filter((n) => n.endsWith('.eml'))) {
      const eml = readFileSync(join(MAIL_DIR, f), 'utf8');
      if (!new RegExp(`^To: .*${email.replace(/[.+]/g, '\\$&')}`, 'mi').test(eml)) continue;
      const m = /\/confirm\?token=([0-9a-f]+)/.exec(mailText(eml));
      if (m) return m[1];
    }
    return null;
  }, `the confirmation message to ${email}`, timeout);
}

/**
 * A voter: an account registered in an API context of its own, its address confirmed through
 * the link the server mailed, signed in. Returns { ctx, id, email } (dispose of ctx afterwards).
 */
export async function confirmedVoter(name) {
  const email = uniqueEmail(`e2e-voter-${name}`, 'voters.example.net');
  const ctx = await apiContext();
  const account = await registerNominator(ctx, { email, password: `quiet harbour ${token()} lanterns`, displayName: `E2E Voter ${name}` });
  const confirmed = await ok(await ctx.post('/api/v1/auth/confirm', { data: { token: await confirmationToken(email) } }), 'confirm the address');
  assert(confirmed.email_confirmed, `not confirmed: ${JSON.stringify(confirmed)}`);
  const id = account.id ?? account.account?.id ?? (await ok(await ctx.get('/api/v1/me'), 'me')).id;
  return { ctx, id, email };
}

/**
 * Solves one of the server's ALTCHA challenges as the widget does in a browser: the number whose
 * SHA-256 after the salt is the challenge; returns the base64 solution a vote sends as `altcha`.
 */
export async function solveAltcha(ctx) {
  const c = await ok(await ctx.get('/api/v1/altcha/challenge'), 'a proof-of-work challenge');
  for (let number = 0; number <= c.maxnumber; number++) {
    if (createHash('sha256').update(c.salt + number).digest('hex') === c.challenge) {
      const solution = { algorithm: c.algorithm, challenge: c.challenge, number, salt: c.salt, signature: c.signature };
      return Buffer.from(JSON.stringify(solution)).toString('base64');
    }
  }
  throw new Error(`no number up to ${c.maxnumber} solves the challenge`);
}

/** Casts one vote as `voter` (from confirmedVoter), with a solved challenge: every journey votes through here. */
export async function castVote(voter, round, nomination) {
  const altcha = await solveAltcha(voter.ctx);
  return ok(await voter.ctx.post(`/api/v1/rounds/${round}/votes`, { data: { nomination_id: nomination, altcha } }), `${voter.email} votes`);
}
