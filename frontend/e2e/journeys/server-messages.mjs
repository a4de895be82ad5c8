// Server messages in the reader's language: on the register page and on the nomination form,
// empty and wrong fields are refused by the server, and in every language but English none of
// the server's English sentences (its field messages, its `detail`) reaches the page.
import {
  apiContext, assert, BASE_URL, check, goto, LANGS, msg, ok, ORG_EMAIL, ORG_PASSWORD, registerNominator, settled, signIn, signInAs, token, uniqueEmail,
  until, useLanguage, waitSignedIn,
} from '../lib.mjs';

export const name = 'server-messages';
export const about =
  'register, sign-in, nomination and the organiser\'s forms refused empty and with wrong values, in six languages: no English server text';

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

  // Sign-in and the organiser's forms, each sent empty and with values the server refuses: the
  // page says what is wrong, and none of the English the server answered with (its title, detail
  // and field messages, read off the responses) reaches a page in another language.
  let open = null;
  await check('the demo has an edition open for nominations (for the organiser\'s forms)', async () => {
    const editions = await (await page.request.get(`${BASE_URL}/api/v1/editions`)).json();
    open = editions.find((e) => e.phase === 'open');
    assert(open, 'no open edition');
  });
  if (!open) return;
  const forms = [
    {
      label: 'sign-in',
      who: null,
      path: '/login',
      bodies: [{}, { '#login-email': 'nobody-at-all@example.org', '#login-password': 'not the password 42' }],
    },
    {
      label: 'new edition',
      who: 'organizer',
      path: '/organizer/editions',
      // empty, then the year of the open edition, which is taken
      bodies: [{ '#edition-year': '', '#edition-name': '' }, { '#edition-year': String(open.year), '#edition-name': 'E2E taken year' }],
    },
    {
      label: 'personal extension',
      who: 'organizer',
      path: '/organizer/editions',
      bodies: [{ '#ext-email': '', '#ext-reason': '' }, { '#ext-email': 'nobody-at-all@example.org', '#ext-until': '2000-01-01T10:00', '#ext-reason': 'x' }],
      form: '#grant-extension',
    },
    {
      label: 'new round',
      who: 'organizer',
      path: `/organizer/rounds?edition=${open.year}`,
      bodies: [{ '#round-name': '' }, { '#round-name': 'E2E round', '#round-judges': '0', '#round-advance': '0' }],
      form: '#create-round',
    },
    {
      label: 'new public vote',
      who: 'organizer',
      path: `/organizer/rounds?edition=${open.year}`,
      // nothing given, then a vote closing before it opens with no nominee going on
      bodies: [
        { '#vote-name': '', '#vote-opens': '', '#vote-closes': '' },
        { '#vote-opens': '2031-03-31T23:00', '#vote-closes': '2031-03-01T00:00', '#vote-advance': '0' },
      ],
      form: '#create-vote',
    },
  ];
  const serverEnglish = [];
  const pending = [];
  page.on('response', (res) => {
    if (!res.url().includes('/api/v1/') || res.status() < 400) return;
    if (!(res.headers()['content-type'] ?? '').includes('problem+json')) return;
    pending.push(
      res
        .json()
        .then((p) => serverEnglish.push(p.title, p.detail, ...Object.values(p.errors ?? {}).flat()))
        .catch(() => {}),
    );
  });
  for (const f of forms) {
    await signInAs(page, f.who === 'organizer' ? { email: ORG_EMAIL, password: ORG_PASSWORD } : null);
    for (const lang of LANGS) {
      await check(`${f.label} form in ${lang}: refused empty and with wrong values, said in ${lang}`, async () => {
        await useLanguage(page, lang);
        for (const body of f.bodies) {
          await goto(page, f.path);
          await settled(page);
          await until(async () => (await page.getAttribute('html', 'lang')) === lang, `the page in ${lang}`);
          const form = page.locator(f.form ?? 'main form').first();
          for (const [sel, value] of Object.entries(body)) await page.fill(sel, value);
          serverEnglish.length = 0;
          await form.locator('button[type="submit"]').first().click();
          // something is said: an alert or a field's message
          await until(
            async () => (await page.locator('main [role="alert"]:visible, main .field-errors li:visible').count()) > 0,
            `a message on the ${f.label} form (${JSON.stringify(body)})`,
          );
          await Promise.all(pending.splice(0));
          if (lang !== 'en') {
            const text = (await page.locator('main#main').innerText()) ?? '';
            const found = serverEnglish.filter((s) => typeof s === 'string' && s.length > 3 && text.includes(s));
            assert(found.length === 0, `${lang}: the ${f.label} form shows the server's English ${JSON.stringify(found)}`);
          }
        }
      });
    }
  }
  await useLanguage(page, 'en');
  await signInAs(page, null);
}
