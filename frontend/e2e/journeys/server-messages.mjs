// Server messages in the reader's language: on the register page and on the nomination form,
// empty and wrong fields are refused by the server, and in every language but English none of
// the server's English sentences (its field messages, its `detail`) reaches the page.
import { apiContext, assert, BASE_URL, check, goto, LANGS, msg, ok, registerNominator, signIn, token, uniqueEmail, until, waitSignedIn } from '../lib.mjs';

export const name = 'server-messages';
export const about = 'register page and nomination form refused empty and with wrong values, in six languages: no English server text';

/** The text of the page's main region. */
const mainText = async (page) => (await page.locator('main#main').innerText()) ?? '';

/** Fails when any of the server's English sentences is on the page (for a language other than English). */
function assertNoServerEnglish(text, english, lang) {
  const found = english.filter((s) => s && text.includes(s));
  assert(found.length === 0, `${lang}: the page shows the server's English ${JSON.stringify(found)}`);
}

async function chooseLanguage(page, lang) {
  await page.selectOption('#language-select', lang);
  await until(async () => (await page.getAttribute('html', 'lang')) === lang, `the page in ${lang}`);
}

export async function run({ page }) {
  const bodies = {
    empty: { email: '', password: '', display_name: '' },
    wrong: { email: 'not-an-email', password: 'short', display_name: 'x'.repeat(101), organization: 'y'.repeat(201) },
  };

  // What the server says in English for each body: the sentences that must not reach other languages.
  const english = {};
  await check('the server refuses both registrations with English messages and a reason for each', async () => {
    const ctx = await apiContext();
    try {
      for (const [kind, data] of Object.entries(bodies)) {
        const res = await ctx.post('/api/v1/auth/register', { data });
        assert(res.status() === 422, `${kind}: HTTP ${res.status()}`);
        const p = await res.json();
        assert(JSON.stringify(Object.keys(p.errors)) === JSON.stringify(Object.keys(p.reasons ?? {})), `${kind}: reasons ${JSON.stringify(p.reasons)}`);
        english[kind] = [p.detail, ...Object.values(p.errors).flat()];
      }
    } finally {
      await ctx.dispose();
    }
  });

  for (const lang of LANGS) {
    await check(`register page in ${lang}: empty and wrong fields are refused in ${lang}`, async () => {
      await goto(page, '/register');
      await chooseLanguage(page, lang);
      for (const [kind, data] of Object.entries(bodies)) {
        await page.fill('#register-email', data.email);
        await page.fill('#register-password', data.password);
        await page.fill('#register-display-name', data.display_name);
        await page.fill('#register-organization', data.organization ?? '');
        await page.click('main form button[type="submit"]');
        const alert = page.locator('#register-error');
        // the wrong body alone refuses the organisation: its message shows this answer has come
        if (data.organization) await page.locator('#register-organization-error').waitFor();
        await until(async () => ((await alert.textContent()) ?? '').trim() === msg(lang, 'errors.codes.validation_failed'), `${kind}: the alert in ${lang}`);
        await until(async () => ((await page.locator('#register-email-error').textContent()) ?? '').trim().length > 0, `${kind}: the e-mail field's message`);
        const text = await mainText(page);
        assert(text.includes(msg(lang, 'reason.not_email')), `${kind}: no translated e-mail message in "${text}"`);
        if (lang !== 'en') assertNoServerEnglish(text, english[kind], lang);
      }
    });
  }

  await check('nomination form in six languages: what submit would refuse is said in each, never in the server\'s English', async () => {
    // A nominator of its own with two drafts in the demo's open edition: one left empty, one with wrong values.
    const editions = await (await page.request.get(`${BASE_URL}/api/v1/editions`)).json();
    const open = editions.find((e) => e.phase === 'open');
    assert(open, 'no edition open for nominations (seed-demo loads one)');
    const email = uniqueEmail('e2e-messages');
    const password = `amber orchard ${token()} rivers`;
    const ctx = await apiContext();
    const drafts = [];
    try {
      await registerNominator(ctx, { email, password, displayName: 'E2E Messages', organization: 'E2E Messages Org' });
      for (const data of [
        {},
        { title: 'abc', summary: 'Far too short.', website: 'ftp://example.org', project_start: '2999-01-01', contact_email: 'nobody', sdgs: [4, 4] },
      ]) {
        const n = await ok(await ctx.post(`/api/v1/editions/${open.year}/nominations`, { data }), 'create draft');
        assert(Object.keys(n.issue_reasons ?? {}).length === Object.keys(n.issues).length, `issue_reasons ${JSON.stringify(n.issue_reasons)}`);
        drafts.push({ id: n.id, english: Object.values(n.issues).flat() });
      }
    } finally {
      await ctx.dispose();
    }
    await signIn(page, email, password);
    await waitSignedIn(page);
    for (const lang of LANGS) {
      for (const d of drafts) {
        await goto(page, `/nominations/${d.id}`);
        await chooseLanguage(page, lang);
        await page.locator('#nomination-form').waitFor();
        await page.click('#submit-nomination');
        await page.locator('#nomination-errors li').first().waitFor();
        const text = await mainText(page);
        assert(text.includes(msg(lang, 'reason.required')) || text.includes(msg(lang, 'reason.not_email')), `${lang}: no translated field message`);
        if (lang !== 'en') assertNoServerEnglish(text, d.english, lang);
      }
    }
    await chooseLanguage(page, 'en');
  });
}
