// Browser journeys against a running server (no mocks), with an axe scan of every page.
//
//   npm run e2e                          every journey, in the order below
//   npm run e2e -- --only NAME[,NAME…]   only these journeys (repeatable: --only a --only b)
//   npm run e2e -- --list                the journeys' names, one a line
//
// Opt-in journeys run only when named with --only: they need a server started with other
// settings than `make test`'s (register-challenge: REGISTRATION_CHALLENGE=true).
//
// A journey (e2e/journeys/<name>.mjs) is the checks of one user story. Each one creates what
// it needs itself (its own accounts and editions, through the API or the UI) or uses the demo
// that `wsis-prizes seed-demo` loads, so any one runs alone or with any other. Each gets a
// browser context of its own (no cookies, no stored language); the dialogs and console errors
// of every page are counted over the whole run, and the run ends with one more check: no
// uncaught script error or CSP violation in any console. The helpers are in e2e/lib.mjs.
//
//   BASE_URL                 default http://127.0.0.1:8080
//   E2E_ORGANIZER_EMAIL      an organiser account (required for the organiser steps)
//   E2E_ORGANIZER_PASSWORD
//   MAIL_DIR                 where the server writes its messages as .eml files (the voting
//                            journeys confirm their voters' addresses from there)
//   CHROMIUM                 default /usr/bin/chromium
//   E2E_SCREENSHOTS=dir      optional: save a screenshot of each page scanned
//
// Prints "N passed, M failed" and exits non-zero when anything failed.
import { chromium } from 'playwright-core';
import { assert, check, openPage, results, watch } from './lib.mjs';
import * as publicPages from './journeys/public.mjs';
import * as accounts from './journeys/accounts.mjs';
import * as wayIn from './journeys/way-in.mjs';
import * as organizerEdition from './journeys/organizer-edition.mjs';
import * as nomination from './journeys/nomination.mjs';
import * as judging from './journeys/judging.mjs';
import * as publication from './journeys/publication.mjs';
import * as voting from './journeys/voting.mjs';
import * as organizerVote from './journeys/organizer-vote.mjs';
import * as resultsPages from './journeys/results.mjs';
import * as hostile from './journeys/hostile.mjs';
import * as serverMessages from './journeys/server-messages.mjs';
import * as focus from './journeys/focus.mjs';
import * as reflow from './journeys/reflow.mjs';
import * as axeWcag22 from './journeys/axe-wcag22.mjs';
import * as registerChallenge from './journeys/register-challenge.mjs';

const JOURNEYS = [publicPages, accounts, serverMessages, wayIn, organizerEdition, nomination, judging, publication, voting, organizerVote, resultsPages, hostile, focus, reflow, axeWcag22];
/** Run only with --only: each needs a server with other settings (see its header). */
const OPT_IN = [registerChallenge];

function parseArgs(argv) {
  const only = [];
  let list = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') list = true;
    else if (a === '--only') only.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--only=')) only.push(...a.slice('--only='.length).split(','));
    else throw new Error(`unknown argument ${a} (use --only NAME[,NAME…] or --list)`);
  }
  return { list, only: only.map((s) => s.trim()).filter(Boolean) };
}

let args;
try {
  args = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(String(e.message));
  process.exit(2);
}
if (args.list) {
  for (const j of JOURNEYS) console.log(j.name);
  for (const j of OPT_IN) console.log(`${j.name} (opt-in, --only)`);
  process.exit(0);
}
const ALL = [...JOURNEYS, ...OPT_IN];
const unknown = args.only.filter((n) => !ALL.some((j) => j.name === n));
if (unknown.length) {
  console.error(`no journey named ${unknown.join(', ')}; the journeys: ${ALL.map((j) => j.name).join(', ')}`);
  process.exit(2);
}
const selected = args.only.length ? ALL.filter((j) => args.only.includes(j.name)) : JOURNEYS;

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    for (const journey of selected) {
      console.log(`== ${journey.name}: ${journey.about}`);
      const { context, page } = await openPage(browser);
      try {
        await journey.run({ page });
      } catch (e) {
        // A check catches its own failures; this is the journey failing between checks.
        results.failed += 1;
        results.failures.push(`${journey.name} (outside a check)`);
        console.log(`FAIL ${journey.name}: ${e?.stack || e}`);
      } finally {
        await context.close();
      }
    }
    await check('no uncaught script errors or CSP violations in the console', async () => {
      assert(watch.consoleErrors.length === 0, watch.consoleErrors.join('\n'));
    });
  } finally {
    await browser.close();
  }
}

try {
  await main();
} catch (e) {
  results.failed += 1;
  console.log(`FAIL setup: ${e?.stack || e}`);
}
if (results.failures.length) console.log(`failed: ${results.failures.join('; ')}`);
console.log(`${results.passed} passed, ${results.failed} failed`);
process.exit(results.failed === 0 && results.passed > 0 ? 0 : 1);
