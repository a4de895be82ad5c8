// Hostile input stays text. Script and HTML typed into every text field (names, nomination
// fields, edition, round, criterion, extension and publication reasons, a judge's comment) must
// be shown as text on every page that shows it, for the nominator, the organiser, the judge and
// the public: no dialog, no `window.__xss`, no element made from the payload.
import {
  apiContext, assert, axe, BASE_URL, check, en, freshSignIn, goto, h1, localIn, ok, ORG_EMAIL, ORG_PASSWORD, settled, signOut,
  summary160, until, waitSaved, watch,
} from '../lib.mjs';

export const name = 'hostile';
export const about = 'script and HTML in every text field stay inert text on every page, for every role';

export async function run({ page }) {
  const XSS = {
    img: `<img src=x onerror="window.__xss=1;alert(1)">`,
    script: `<script>window.__xss=2;alert(2)</script>`,
    svg: `<svg onload=alert(3)>`,
    iframe: `"><iframe srcdoc="<script>parent.__xss=3</script>">`,
    template: `{{constructor.constructor('alert(4)')()}}`,
    js: `javascript:alert(5)`,
    textarea: `</textarea><img src=x onerror=alert(6)>`,
    nesting: `$t(nav.home) {@html '<b onclick=alert(7)>b</b>'}`,
  };
  const XSS_ALL = Object.values(XSS).join(' ');
  // What payload markup would have created (the app makes none of these itself: CSP forbids
  // inline script, and it has no inline handlers).
  const INJECTED = [
    'img[src="x"]', 'svg[onload]', 'iframe[srcdoc]', 'script:not([src])', '[onerror]', '[onload]', '[onclick]',
    'a[href^="javascript:" i]', 'iframe[src^="javascript:" i]', 'b[onclick]',
  ].join(', ');
  const xssToken = Math.random().toString(36).slice(2, 8);
  const hostile = {
    displayName: `${XSS.img}${XSS.svg}`, // ≤ 100 characters
    accountOrg: `${XSS.iframe}${XSS.template} ${xssToken}`,
    title: `${XSS.script}${XSS.img}${XSS.svg}${XSS.iframe} ${xssToken}`, // 5–200 characters
    summary: `${XSS_ALL} ${summary160}`,
    description: `${XSS_ALL} description`,
    impact: `${XSS_ALL} impact`,
    partnerships: `${XSS_ALL} partnerships`,
    challenges: `${XSS_ALL} challenges`,
    organization: `${XSS.iframe}${XSS.svg}${XSS.template} ${xssToken}`,
    website: `https://x.example/"><script>alert(1)</script>`,
    contactName: `${XSS.img}${XSS.script}${XSS.js}`,
    draftTitle: `${XSS.textarea}${XSS.template}${XSS.js} draft ${xssToken}`,
    editionName: `E2E ${XSS.script}${XSS.img} ${xssToken}`,
    judgeName: `${XSS.svg}${XSS.template}`,
    roundName: `${XSS.iframe}${XSS.script} round`,
    criterion: `${XSS.img}${XSS.nesting} criterion`,
    reason: XSS_ALL,
  };
  const xssNominator = {
    email: `e2e-xss-${Date.now()}-${xssToken}@example.org`,
    password: `velvet canyon ${Math.random().toString(36).slice(2, 10)} echoes`,
  };
  const xssJudge = {
    email: `e2e-xss-judge-${Date.now()}-${xssToken}@judges.example.net`,
    password: `copper willow ${Math.random().toString(36).slice(2, 10)} tides`,
  };
  const xss = { openYear: null, nomination: '', draft: '', reference: '', year: null, nomination2: '', judgeId: '', roundId: '' };
  let injectedBaseline = null;
  const inertPages = []; // labels of the pages checked

  const injectedNodes = () => page.evaluate((sel) => [...document.querySelectorAll(sel)].map((el) => el.outerHTML.slice(0, 120)), INJECTED);

  /**
   * On the current page: every string of `shown` is there as visible text, then (after a pause
   * for an onerror/onload to fire) no dialog opened, `window.__xss` is unset and no element
   * made from a payload exists. Then axe.
   */
  async function assertInert(label, shown = [], values = {}) {
    for (const text of shown) {
      await until(
        async () => page.evaluate((t) => document.body.innerText.includes(t), text),
        `"${text.slice(0, 50)}" as text on ${label}`,
      );
    }
    for (const [selector, want] of Object.entries(values)) {
      const got = await page.inputValue(selector);
      assert(got === want, `${selector} on ${label} holds ${JSON.stringify(got.slice(0, 80))}, expected ${JSON.stringify(want.slice(0, 80))}`);
    }
    await page.waitForTimeout(300);
    assert(watch.dialogs.length === 0, `dialogs opened: ${watch.dialogs.join(' | ')}`);
    const flag = await page.evaluate(() => window.__xss);
    assert(flag === undefined, `window.__xss is ${flag} on ${label}: a payload ran`);
    const nodes = await injectedNodes();
    assert(injectedBaseline !== null && nodes.length === injectedBaseline.length, `elements made from a payload on ${label}: ${nodes.join(' | ')}`);
    await axe(page, label);
    inertPages.push(label);
  }

  await check('API setup: a nominator with markup in the name fills every nomination field with script and HTML', async () => {
    assert(ORG_EMAIL, 'no organiser');
    await goto(page, '/');
    await settled(page);
    injectedBaseline = await injectedNodes();
    assert(injectedBaseline.length === 0, `the home page already has ${injectedBaseline.join(' | ')}`);
    assert(hostile.title.trim().length >= 5 && hostile.title.trim().length <= 200, `title is ${hostile.title.length} characters`);
    const org = await apiContext();
    const nom = await apiContext();
    try {
      await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
      const editions = await ok(await org.get('/api/v1/editions'), 'editions');
      const open = editions.filter((e) => e.phase === 'open');
      const pick = open.find((e) => !e.name.startsWith('E2E')) ?? open[0];
      assert(pick, `no open edition among ${editions.map((e) => `${e.year} ${e.phase}`).join(', ')}`);
      xss.openYear = pick.year;

      const me = await ok(
        await nom.post('/api/v1/auth/register', {
          data: { email: xssNominator.email, password: xssNominator.password, display_name: hostile.displayName, organization: hostile.accountOrg },
        }),
        'register',
      );
      assert((me.display_name ?? me.account?.display_name) === hostile.displayName, `display name stored as ${JSON.stringify(me)}`);
      const fields = {
        title: hostile.title,
        summary: hostile.summary,
        description: hostile.description,
        impact: hostile.impact,
        partnerships: hostile.partnerships,
        challenges: hostile.challenges,
        organization: hostile.organization,
        website: hostile.website,
        stakeholder_type: 'civil_society',
        country: 'KE',
        sdgs: [4, 9],
        project_start: '2019-03-01',
        project_status: 'running',
        contact_name: hostile.contactName,
        contact_email: xssNominator.email,
      };
      const n = await ok(await nom.post(`/api/v1/editions/${xss.openYear}/nominations`, { data: { category: 'C4', ...fields } }), 'create nomination');
      xss.nomination = n.id;
      const submitted = await ok(await nom.post(`/api/v1/nominations/${n.id}/submit`), 'submit the nomination (website with markup accepted)');
      assert(submitted.status === 'submitted' && submitted.website === hostile.website, `submitted: ${submitted.status} ${submitted.website}`);
      xss.reference = submitted.reference;
      for (const k of ['title', 'summary', 'description', 'impact', 'partnerships', 'challenges', 'organization', 'website', 'contact_name']) {
        assert(submitted[k] === fields[k], `${k} stored as ${JSON.stringify(submitted[k])}`);
      }
      // A javascript: address never becomes the website of a submitted nomination.
      const patch = await nom.patch(`/api/v1/nominations/${n.id}`, { data: { website: XSS.js }, headers: { 'If-Match': `"${submitted.version}"` } });
      assert(patch.status() === 422, `PATCH website=javascript: answered ${patch.status()}, expected 422`);
      // A draft may hold anything, javascript: website included: it is still only shown as text.
      const d = await ok(
        await nom.post(`/api/v1/editions/${xss.openYear}/nominations`, {
          data: { category: 'C5', title: hostile.draftTitle, website: XSS.js, description: XSS_ALL, contact_name: hostile.contactName },
        }),
        'create the draft',
      );
      xss.draft = d.id;

      // A second edition with markup in its name closes in a few seconds, for the judging pages.
      const taken = new Set(editions.map((e) => e.year));
      const start = Date.now();
      for (const candidate of Array.from({ length: 101 }, (_, i) => 2000 + i).filter((y) => !taken.has(y)).sort(() => Math.random() - 0.5).slice(0, 10)) {
        const res = await org.post('/api/v1/editions', {
          data: {
            year: candidate,
            name: hostile.editionName,
            timezone: 'UTC',
            submission_opens_at: new Date(start - 86_400_000).toISOString(),
            submission_deadline: new Date(start + 15_000).toISOString(),
          },
        });
        if (res.ok()) {
          xss.year = candidate;
          break;
        }
      }
      assert(xss.year, 'no free year for the hostile edition');
      const n2 = await ok(await nom.post(`/api/v1/editions/${xss.year}/nominations`, { data: { category: 'C4', ...fields } }), 'create the second nomination');
      xss.nomination2 = n2.id;
      await ok(await nom.post(`/api/v1/nominations/${n2.id}/submit`), 'submit the second nomination');
      const judge = await ok(
        await org.post('/api/v1/accounts', { data: { email: xssJudge.email, display_name: hostile.judgeName, roles: ['judge'], password: xssJudge.password } }),
        'create the judge',
      );
      xss.judgeId = judge.id ?? judge.account?.id;
      assert(xss.judgeId, `judge id in ${JSON.stringify(judge)}`);
    } finally {
      await org.dispose();
      await nom.dispose();
    }
  });

  await check('script and HTML in the name and every nomination field stay inert text for the nominator (header, My nominations, edit forms)', async () => {
    assert(xss.nomination && xss.draft, 'no setup');
    await freshSignIn(page, xssNominator.email, xssNominator.password);
    const who = (await page.locator('header .user-name').textContent()) ?? '';
    assert(who.includes(hostile.displayName), `header shows "${who}"`);
    await page.click('header nav a[href="/nominations"]');
    await until(async () => (await h1(page)) === en('nominations.title'), 'My nominations heading');
    await settled(page);
    await page.locator(`tr[data-reference="${xss.reference}"]`).waitFor();
    await assertInert('xss-my-nominations', [hostile.displayName, hostile.title.trim(), hostile.draftTitle.trim(), hostile.editionName]);

    await page.click(`a[href="/nominations/${xss.nomination}"]`);
    await page.locator('#nomination-form').waitFor();
    await settled(page);
    await assertInert('xss-nomination-edit', [hostile.displayName], {
      '#nom-title': hostile.title,
      '#nom-summary': hostile.summary,
      '#nom-description': hostile.description,
      '#nom-impact': hostile.impact,
      '#nom-partnerships': hostile.partnerships,
      '#nom-challenges': hostile.challenges,
      '#nom-organization': hostile.organization,
      '#nom-website': hostile.website,
      '#nom-contact_name': hostile.contactName,
    });

    await goto(page, `/nominations/${xss.draft}`);
    await page.locator('#nomination-form').waitFor();
    await settled(page);
    await assertInert('xss-draft-edit', [], { '#nom-title': hostile.draftTitle, '#nom-website': XSS.js, '#nom-description': XSS_ALL });
    // Typing markup into the form (the autosave round trip) keeps it text as well.
    await page.fill('#nom-impact', XSS_ALL);
    await waitSaved(page, 'the typed markup to be saved', 20_000);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#nomination-form').waitFor();
    await assertInert('xss-draft-typed', [], { '#nom-impact': XSS_ALL });
    await signOut(page);
  });

  await check('script and HTML stay inert text for the organiser (nominations table and filters, personal extensions, read-only form)', async () => {
    assert(xss.nomination && xss.openYear, 'no setup');
    await freshSignIn(page, ORG_EMAIL, ORG_PASSWORD);
    await goto(page, `/organizer/nominations?edition=${xss.openYear}`);
    await settled(page);
    const row = page.locator(`tr[data-reference="${xss.reference}"]`);
    await row.waitFor();
    await assertInert('xss-organizer-nominations', [hostile.title.trim(), hostile.organization.trim()]);
    for (const q of ['<img src=x onerror', XSS.script, `"><iframe`]) {
      await page.fill('#filter-q', q);
      await page.click('form.filters button[type="submit"]');
      await until(async () => new URL(page.url()).searchParams.get('q') === q, `q=${q} in the address`);
      await settled(page);
      await row.waitFor();
    }
    await page.reload({ waitUntil: 'domcontentloaded' });
    await row.waitFor();
    assert((await page.inputValue('#filter-q')) === `"><iframe`, `filter from the address: ${await page.inputValue('#filter-q')}`);
    await assertInert('xss-organizer-nominations-filtered', [hostile.title.trim()]);

    await goto(page, '/organizer/editions');
    await page.locator('#grant-extension').waitFor();
    await page.selectOption('#ext-edition', String(xss.openYear));
    await page.fill('#ext-email', xssNominator.email);
    const open = await (await page.request.get(`${BASE_URL}/api/v1/editions/${xss.openYear}`)).json();
    await page.fill('#ext-until', localIn(Date.parse(open.effective_deadline) + 7 * 86_400_000, open.timezone).replace(/T.*/, 'T12:00'));
    await page.fill('#ext-reason', hostile.reason);
    await page.click('#grant-extension button[type="submit"]');
    const ext = page.locator(`table.extensions-table tr[data-email="${xssNominator.email}"]`);
    await ext.waitFor();
    assert(((await page.locator('#extensions-status').textContent()) ?? '').includes(hostile.displayName), 'the confirmation does not name the nominator');
    await assertInert('xss-organizer-extensions', [hostile.displayName, hostile.reason, hostile.editionName]);
    await ext.getByRole('button').click();
    await until(async () => (await ext.count()) === 0, 'the extension to go');
    await assertInert('xss-organizer-extension-removed', [hostile.displayName]);

    await goto(page, `/nominations/${xss.nomination}`);
    await page.locator('#nomination-form').waitFor();
    await settled(page);
    await assertInert('xss-organizer-nomination-readonly', [], { '#nom-title': hostile.title, '#nom-summary': hostile.summary, '#nom-contact_name': hostile.contactName });
    await signOut(page);
  });

  await check('API setup: a round with markup in its name and criterion opens on the hostile edition', async () => {
    assert(xss.year && xss.judgeId, 'no setup');
    const org = await apiContext();
    try {
      await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
      await until(async () => (await ok(await org.get(`/api/v1/editions/${xss.year}`), 'edition')).phase !== 'open', 'the hostile edition to close', 45_000);
      const round = await ok(
        await org.post(`/api/v1/editions/${xss.year}/rounds`, {
          data: { name: hostile.roundName, criteria: [{ key: 'impact', label: hostile.criterion, weight: 1, min: 0, max: 10 }], judges_per_nomination: 1, advance_per_category: 1 },
        }),
        'create the round',
      );
      xss.roundId = round.id;
      await ok(await org.put(`/api/v1/rounds/${round.id}/panel`, { data: { judges: [{ account_id: xss.judgeId }] } }), 'panel');
      await ok(await org.post(`/api/v1/rounds/${round.id}/open`), 'open the round');
      const assignments = await ok(await org.get(`/api/v1/rounds/${round.id}/assignments`), 'assignments');
      assert(assignments.some((a) => a.nomination_id === xss.nomination2 && a.judge_id === xss.judgeId), `assignments ${JSON.stringify(assignments)}`);
    } finally {
      await org.dispose();
    }
  });

  await check('script and HTML stay inert text for the judge (header, Judging list, score sheet, saved comment)', async () => {
    assert(xss.roundId, 'no round');
    await freshSignIn(page, xssJudge.email, xssJudge.password);
    assert(((await page.locator('header .user-name').textContent()) ?? '').includes(hostile.judgeName), 'header does not show the judge name');
    await page.click('header nav a[href="/judging"]');
    await until(async () => (await h1(page)) === en('judging.title'), 'the Judging heading');
    await settled(page);
    await page.locator(`tr[data-nomination="${xss.nomination2}"]`).waitFor();
    await assertInert('xss-judging', [hostile.judgeName, hostile.title.trim()]);
    await page.click(`tr[data-nomination="${xss.nomination2}"] a`);
    await page.locator('#score-form').waitFor();
    await assertInert('xss-score-sheet', [
      hostile.title.trim(), hostile.summary.slice(0, 200), hostile.description, hostile.impact, hostile.partnerships,
      hostile.challenges, hostile.organization.trim(), hostile.website, hostile.roundName, hostile.criterion,
    ]);
    const site = page.locator('#main dd a[rel="noopener noreferrer"]');
    if (await site.count()) assert((await site.first().getAttribute('href')) === hostile.website, `website link ${await site.first().getAttribute('href')}`);
    const inputs = page.locator('#score-form input[type="number"]');
    for (let i = 0; i < (await inputs.count()); i++) await inputs.nth(i).fill(String(await inputs.nth(i).getAttribute('max')));
    await page.fill('#score-comment', hostile.reason);
    await page.click('#score-form button[type="submit"]');
    await until(async () => ((await page.locator('#score-status').textContent()) ?? '').trim().length > 0, 'the saved status');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('#score-form').waitFor();
    await until(async () => (await page.inputValue('#score-comment')) === hostile.reason, 'the saved comment');
    await assertInert('xss-score-sheet-saved', [hostile.title.trim()], { '#score-comment': hostile.reason });
    await signOut(page);
  });

  await check('script and HTML stay inert text on the organiser\'s rounds, round results and publication pages', async () => {
    assert(xss.roundId, 'no round');
    const org = await apiContext();
    try {
      await ok(await org.post('/api/v1/auth/login', { data: { email: ORG_EMAIL, password: ORG_PASSWORD } }), 'organiser login');
      await ok(await org.post(`/api/v1/rounds/${xss.roundId}/close`), 'close the round');
      await ok(await org.post(`/api/v1/editions/${xss.year}/publish`, { data: { reason: hostile.reason } }), 'publish');
    } finally {
      await org.dispose();
    }
    await freshSignIn(page, ORG_EMAIL, ORG_PASSWORD);
    await goto(page, '/organizer');
    await settled(page);
    await assertInert('xss-organizer', [hostile.editionName]);
    await goto(page, `/organizer/rounds?edition=${xss.year}`);
    await settled(page);
    await page.locator(`article[data-round="${xss.roundId}"]`).waitFor();
    await assertInert('xss-organizer-rounds', [hostile.editionName, hostile.roundName, hostile.criterion]);
    await goto(page, `/organizer/rounds/${xss.roundId}`);
    await settled(page);
    await page.locator(`table.results-table tr[data-nomination="${xss.nomination2}"]`).waitFor();
    await assertInert('xss-organizer-round', [hostile.roundName, hostile.judgeName, hostile.title.trim(), hostile.organization.trim()]);
    await goto(page, `/organizer/publish?edition=${xss.year}`);
    await settled(page);
    await page.locator(`.preview-table tr[data-nomination="${xss.nomination2}"]`).waitFor();
    await page.locator('.versions-table tr[data-version="1"]').waitFor();
    await assertInert('xss-organizer-publish', [hostile.editionName, hostile.title.trim(), hostile.organization.trim(), hostile.reason]);
    await signOut(page);
  });

  await check('script and HTML stay inert text on the public home, edition, results and project pages', async () => {
    assert(xss.year && xss.nomination2, 'no published hostile edition');
    await goto(page, '/');
    await settled(page);
    await assertInert('xss-home', [hostile.editionName]);
    await goto(page, `/editions/${xss.year}`);
    await settled(page);
    await assertInert('xss-edition', [hostile.editionName]);
    await goto(page, `/editions/${xss.year}/results`);
    await settled(page);
    await page.locator(`li.result[data-nomination="${xss.nomination2}"]`).waitFor();
    await assertInert('xss-results', [hostile.editionName, hostile.title.trim(), hostile.organization.trim()]);
    await goto(page, `/editions/${xss.year}/results/${xss.nomination2}`);
    await until(async () => (await h1(page)) === hostile.title.trim(), 'the project heading');
    await assertInert('xss-project', [hostile.title.trim(), hostile.organization.trim(), hostile.website]);
    const site = page.locator('.project-website a');
    if (await site.count()) assert((await site.getAttribute('href'))?.startsWith('https://x.example/'), `website link ${await site.getAttribute('href')}`);
  });

  await check('script and HTML typed into every nomination field stay inert text on every page', async () => {
    assert(watch.dialogs.length === 0, `dialogs opened: ${watch.dialogs.join(' | ')}`);
    const wanted = ['xss-my-nominations', 'xss-nomination-edit', 'xss-draft-edit', 'xss-organizer-nominations', 'xss-organizer-extensions', 'xss-judging', 'xss-score-sheet', 'xss-organizer-round', 'xss-results', 'xss-project'];
    const missing = wanted.filter((w) => !inertPages.includes(w));
    assert(missing.length === 0, `pages not checked: ${missing.join(', ')}`);
  });
}
