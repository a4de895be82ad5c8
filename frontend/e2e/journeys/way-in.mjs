// A first-time nominator's way in: a visitor on the home page clicks "Nominate a project", signs
// up and lands in a new draft of the open call (in English and in Arabic, right to left); the
// demo nominator gets there from the home page in one click; a submitted nomination says it is
// submitted and how long it can still be changed; a signed-out visitor's pages never ask /me
// (no 401 in the console); judges' and organisers' next steps; the organiser's new-edition year
// and the deadline extension offered only while it can still matter.
import {
  apiContext, assert, axe, BASE_URL, check, DEMO_NOMINATOR, DEMO_YEAR, en, getJson, goto, h1, msg, openPage, ORG_EMAIL,
  ORG_PASSWORD, registerNominator, settled, signIn, summary160, token, uniqueEmail, until, waitSignedIn,
} from '../lib.mjs';

export const name = 'way-in';
export const about = 'visitor: Nominate → sign up → new draft (en, ar); nominator: one click; submitted wording; no /me 401; next steps';

/** Watches a page for requests to /api/v1/me, console errors of any kind and failed requests. */
function watchPage(page) {
  const seen = { me: [], console: [] };
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/me') seen.me.push(`${r.method()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') seen.console.push(m.text());
  });
  // a request the browser gave up because the page moved on (the icon of a page left while it
  // loaded) is not a failure of the page: a clean-clone run met one for the favicon
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText ?? '';
    if (error !== 'net::ERR_ABORTED') seen.console.push(`request failed: ${r.url()} (${error})`);
  });
  return seen;
}

/** The form's title field is there and can be typed in. */
async function editableForm(page) {
  await page.locator('#nomination-form').waitFor();
  assert(!(await page.locator('#nom-title').evaluate((el) => el.readOnly)), 'the new draft is read-only');
}

/** A visitor in `lang` clicks "Nominate" on the home page, signs up and lands in a new draft of `open`. */
async function visitorSignsUp(page, lang, open, oneOpen) {
  const t = (key) => msg(lang, key);
  const seen = watchPage(page);
  await goto(page, '/');
  if (lang !== 'en') {
    await page.selectOption('#language-select', lang);
    await until(async () => (await h1(page)) === t('home.title'), `the ${lang} home page`);
  }
  await settled(page);
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  assert((await page.getAttribute('html', 'dir')) === dir, `html dir ${await page.getAttribute('html', 'dir')}`);
  const nominate = page.locator(`.next-step a.nominate[data-year="${open.year}"]`);
  const label = ((await nominate.textContent()) ?? '').trim();
  const wanted = oneOpen ? t('next_step.nominate') : t('next_step.nominate_in').replace('{{name}}', open.name);
  assert(label === wanted, `the Nominate button says "${label}", expected "${wanted}"`);
  await axe(page, `home-visitor-${lang}`);
  await nominate.click();

  await until(async () => (await h1(page)) === t('auth.register_title'), 'the sign-up page');
  const url = new URL(page.url());
  assert(url.pathname === '/register' && url.searchParams.get('next') === `/nominations/new?edition=${open.year}`, `address ${page.url()}`);
  await page.getByText(t('next_step.after_auth')).waitFor();
  await axe(page, `register-next-${lang}`);
  const email = uniqueEmail(`e2e-way-in-${lang}`);
  await page.fill('#register-email', email);
  await page.fill('#register-password', `first light ${token()} harbour`);
  await page.fill('#register-display-name', lang === 'ar' ? 'أمينة حداد' : 'Amina Haddad');
  await page.fill('#register-organization', 'E2E Way In Cooperative');
  await page.click('main form button[type="submit"]');

  await until(async () => (await h1(page)) === t('nomination.title_new'), 'the new nomination page');
  const landed = new URL(page.url());
  assert(landed.pathname === '/nominations/new' && landed.searchParams.get('edition') === String(open.year), `landed on ${page.url()}`);
  await editableForm(page);
  const line = (await page.locator('.nomination-meta').textContent()) ?? '';
  assert(line.includes(open.name), `the page names "${line.trim()}", not ${open.name}`);
  assert((await page.inputValue('#nom-contact_email')) === email, 'contact e-mail not prefilled');
  await axe(page, `nomination-new-after-sign-up-${lang}`);
  // Typing makes it a draft of that edition on the server.
  await page.fill('#nom-title', `Way in ${lang} ${token()}`);
  await page.locator('#nom-title').blur();
  await until(async () => /^\/nominations\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname), 'the draft to get its address');
  const n = await getJson(page, new URL(page.url()).pathname);
  assert(n.status === 'draft' && n.edition_year === open.year, `server copy: ${n.status} in ${n.edition_year}`);
  assert(seen.me.length === 0, `the visitor's pages asked /me: ${seen.me.join(', ')}`);
}

export async function run({ page }) {
  let open = null;
  let oneOpen = false;

  await check('a signed-out visitor: the home and edition pages never ask /me (no 401, nothing in the console)', async () => {
    const editions = await (await page.request.get(`${BASE_URL}/api/v1/editions`)).json();
    const calls = editions.filter((e) => e.phase === 'open');
    // the demo's open call when there is one (other journeys open calls of their own)
    open = calls.find((e) => /^WSIS Prizes \d{4}$/.test(e.name)) ?? calls[0];
    oneOpen = calls.length === 1;
    assert(open, 'no call is open (was seed-demo run?)');
    const seen = watchPage(page);
    await goto(page, '/');
    await settled(page);
    await page.locator(`.next-step a.nominate[data-year="${open.year}"]`).waitFor();
    await goto(page, `/editions/${open.year}`);
    await page.locator('.next-step a.nominate').waitFor();
    const href = await page.getAttribute('.next-step a.nominate', 'href');
    assert(href === `/register?next=${encodeURIComponent(`/nominations/new?edition=${open.year}`)}`, `edition page's Nominate goes to ${href}`);
    await axe(page, 'edition-open-visitor');
    await goto(page, '/');
    await settled(page);
    await page.waitForTimeout(300);
    assert(seen.me.length === 0, `asked /me: ${seen.me.join(', ')}`);
    assert(seen.console.length === 0, `console: ${seen.console.join(' | ')}`);
  });

  await check('a visitor clicks "Nominate", signs up and lands in a new draft of the open call (English)', async () => {
    assert(open, 'no open call');
    await visitorSignsUp(page, 'en', open, oneOpen);
  });

  await check('the same in Arabic, right to left', async () => {
    assert(open, 'no open call');
    const { context, page: arPage } = await openPage(page.context().browser());
    try {
      await visitorSignsUp(arPage, 'ar', open, oneOpen);
    } finally {
      await context.close();
    }
  });

  await check('the demo nominator signs in to My nominations, then reaches a new draft from the home page in one click', async () => {
    assert(open, 'no open call');
    const { context, page: p } = await openPage(page.context().browser());
    try {
      await signIn(p, DEMO_NOMINATOR.email, DEMO_NOMINATOR.password);
      await waitSignedIn(p);
      await until(async () => (await h1(p)) === en('nominations.title'), 'My nominations after signing in');
      await settled(p);
      await p.locator('#new-nomination').waitFor();
      await goto(p, '/');
      await settled(p);
      const nominate = p.locator(`.next-step a.nominate[data-year="${open.year}"]`);
      assert((await nominate.getAttribute('href')) === `/nominations/new?edition=${open.year}`, 'the button does not open the new draft');
      await axe(p, 'home-nominator');
      await nominate.click();
      await until(async () => (await h1(p)) === en('nomination.title_new'), 'the new nomination page');
      assert(new URL(p.url()).searchParams.get('edition') === String(open.year), `address ${p.url()}`);
      await editableForm(p);
      assert((await p.inputValue('#nom-contact_email')) === DEMO_NOMINATOR.email, 'contact e-mail not prefilled');
      await axe(p, 'nomination-new-nominator');
    } finally {
      await context.close();
    }
  });

  await check('/nominations/new goes straight to the draft (one call open) or offers each open call', async () => {
    assert(open, 'no open call');
    const { context, page: p } = await openPage(page.context().browser());
    try {
      await signIn(p, DEMO_NOMINATOR.email, DEMO_NOMINATOR.password);
      await waitSignedIn(p);
      await goto(p, '/nominations/new');
      if (oneOpen) {
        await until(async () => (await h1(p)) === en('nomination.title_new'), 'the new nomination page');
        // the page takes the call's address (replacing /nominations/new) once it knows the open call
        await until(async () => new URL(p.url()).searchParams.get('edition') === String(open.year), `the address of the call (${p.url()})`);
      } else {
        await until(async () => (await h1(p)) === en('next_step.nominate'), 'the choice of calls');
        await p.locator(`a.nominate[data-year="${open.year}"]`).click();
        await until(async () => (await h1(p)) === en('nomination.title_new'), 'the new nomination page');
      }
      await editableForm(p);
      await axe(p, 'nominations-new');
    } finally {
      await context.close();
    }
  });

  await check('a submitted nomination says it is submitted, that changes apply at once, and the time left to change it', async () => {
    assert(open, 'no open call');
    const email = uniqueEmail('e2e-way-in-submitted');
    const password = `gentle river ${token()} stones`;
    // an organisation and a title of its own (the server refuses a second submission of either in a category)
    const organization = `E2E Way In University ${token()}`;
    const api = await apiContext();
    let id;
    try {
      await registerNominator(api, { email, password, displayName: 'E2E Submitter', organization });
      const created = await api.post(`/api/v1/editions/${open.year}/nominations`, {
        data: {
          category: 'C4',
          title: `Digital skills for rural teachers ${token()}`,
          summary: summary160,
          description: 'Teacher training in digital skills across forty rural schools.',
          impact: 'Over 1,200 teachers trained; 30,000 pupils reached.',
          organization,
          stakeholder_type: 'academia',
          country: 'KE',
          sdgs: [4],
          project_start: '2020-01-01',
          project_status: 'running',
          contact_name: 'Wanjiru Kamau',
          contact_email: email,
        },
      });
      assert(created.ok(), `create: HTTP ${created.status()} ${await created.text()}`);
      id = (await created.json()).id;
      const submitted = await api.post(`/api/v1/nominations/${id}/submit`);
      assert(submitted.ok(), `submit: HTTP ${submitted.status()} ${await submitted.text()}`);
    } finally {
      await api.dispose();
    }
    const { context, page: p } = await openPage(page.context().browser());
    try {
      await signIn(p, email, password);
      await waitSignedIn(p);
      await goto(p, `/nominations/${id}`);
      await p.locator('#nomination-form').waitFor();
      const main = (await p.locator('main').innerText()) ?? '';
      assert(!/draft/i.test(main), `the submitted nomination's page speaks of a draft: ${main.split('\n').filter((l) => /draft/i.test(l)).join(' | ')}`);
      assert(main.includes(en('nomination.submitted_note').split('{{')[0]), 'no "Submitted on …" notice');
      assert(main.includes(en('nomination.autosave_note_submitted')), 'the form does not say that changes apply at once');
      const label = ((await p.locator('.deadline-box .countdown-label').textContent()) ?? '').trim();
      assert(label === en('nomination.countdown_submitted'), `countdown label "${label}"`);
      await p.locator('.deadline-box [role="timer"]').waitFor();
      await axe(p, 'nomination-submitted');
    } finally {
      await context.close();
    }
  });

  await check('judges and organisers see their own next step; the organiser lands on their page', async () => {
    if (!ORG_EMAIL || !ORG_PASSWORD) throw new Error('E2E_ORGANIZER_EMAIL / E2E_ORGANIZER_PASSWORD are not set');
    const { context, page: p } = await openPage(page.context().browser());
    try {
      await signIn(p, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(p);
      await until(async () => (await h1(p)) === en('organizer.title'), 'the organiser page after signing in');
      await goto(p, '/');
      await settled(p);
      await p.locator('.next-step a[href="/organizer"]').waitFor();
      assert((await p.locator('a.nominate').count()) === 0, 'the organiser is offered to nominate');
      await axe(p, 'home-organizer');
      await goto(p, '/nominations/new');
      await p.getByText(en('next_step.not_nominator')).waitFor();
      await axe(p, 'nominations-new-organizer');
    } finally {
      await context.close();
    }
  });

  await check('the new edition form proposes a free year; a deadline is offered for extension only before judging', async () => {
    if (!ORG_EMAIL || !ORG_PASSWORD) throw new Error('E2E_ORGANIZER_EMAIL / E2E_ORGANIZER_PASSWORD are not set');
    const { context, page: p } = await openPage(page.context().browser());
    try {
      await signIn(p, ORG_EMAIL, ORG_PASSWORD);
      await waitSignedIn(p);
      await until(async () => (await h1(p)) === en('organizer.title'), 'the organiser page');
      // the organiser page is the overview; its first link leads to the editions and the new edition form
      await p.focus('#create-edition-link');
      await p.keyboard.press('Enter');
      await until(async () => (await h1(p)) === en('organizer.editions_page_title'), 'the editions page');
      await until(async () => (await p.locator('#editions-title ~ ul, #editions-title ~ p.empty').count()) > 0, 'editions list');
      const editions = await getJson(p, '/editions');
      const years = new Set(editions.map((e) => e.year));
      const next = new Date().getFullYear() + 1;
      let free = next;
      while (years.has(free)) free += 1;
      await until(async () => (await p.inputValue('#edition-year')) === String(free), `the year ${free} proposed`);
      for (const e of editions) {
        const offered = (await p.locator(`#extend-${e.year}-deadline`).count()) === 1;
        const late = e.phase === 'judging' || e.phase === 'published';
        assert(offered === !late, `edition ${e.year} (${e.phase}): extension ${offered ? 'offered' : 'not offered'}`);
      }
      const published = editions.find((e) => e.year === DEMO_YEAR);
      if (published) await p.getByText(en('organizer.extend_published')).first().waitFor();
      await axe(p, 'organizer-extensions');
    } finally {
      await context.close();
    }
  });
}
