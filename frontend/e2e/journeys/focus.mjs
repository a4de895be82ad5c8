// Focus visible and not obscured (WCAG 2.2 SC 2.4.7, 2.4.11): the keyboard goes through every
// field of every form — register, sign-in, a nomination draft in the open demo edition, and the
// organiser's forms (new edition, deadline extension, personal extension, round creation and a
// draft round's panel, the publish page) — at 1280×800 and at 390×844. At each stop the focused
// element is inside the window, nothing covers it (document.elementFromPoint at its centre and
// near its edges hits it or something inside it: the nomination form's sticky bar must not), and
// it has a focus ring that stands out from the page's background and from an unfocused element
// of the same kind next to it (3:1 contrast: an error outline on every box is not a focus ring).
import {
  apiContext, asOrganizer, assert, check, closedEditionWithNomination, DESKTOP, getJson, goto, isDemoEdition, ok, ORG_EMAIL,
  ORG_PASSWORD, PHONE, registerNominator, settled, signInAs, token, uniqueEmail, until,
} from '../lib.mjs';

export const name = 'focus';
export const about = 'tabbing through every form at 1280×800 and 390×844: the focused field is visible, not covered, with a distinct focus ring';

const SIZES = [DESKTOP, PHONE];

/** What the focused element looks like, if it is inside `rootSel` (runs in the page). */
function inspectFocus(rootSel) {
  const root = document.querySelector(rootSel);
  const el = document.activeElement;
  if (!root || !el || el === document.body || !root.contains(el)) return { inside: false };
  const describe = (e) =>
    e ? `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.classList?.length ? `.${[...e.classList].join('.')}` : ''}` : 'nothing';
  const parse = (c) => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(c) ?? [];
    return { rgb: [m[1], m[2], m[3]].map(Number), alpha: m[4] === undefined ? 1 : Number(m[4]) };
  };
  const luminance = ({ rgb }) =>
    rgb.map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => {
    const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const background = (e) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const c = getComputedStyle(a).backgroundColor;
      if (parse(c).alpha > 0.5) return c;
    }
    return 'rgb(255, 255, 255)';
  };
  /** The outline or box-shadow ring of an element, null without one. */
  const ring = (e) => {
    const s = getComputedStyle(e);
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) return { width: parseFloat(s.outlineWidth), color: s.outlineColor };
    const shadow = /(rgba?\([^)]*\))[^,]*?(\d+(?:\.\d+)?)px\s*$/.exec(s.boxShadow === 'none' ? '' : s.boxShadow);
    return shadow ? { width: Number(shadow[2]), color: shadow[1] } : null;
  };

  const problems = [];
  const r = el.getBoundingClientRect();
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  if (r.top < -1 || r.left < -1 || r.bottom > vh + 1 || r.right > vw + 1) {
    problems.push(`outside the window (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} in ${vw}×${vh})`);
  }
  const inset = (size) => Math.min(3, size / 2);
  const cx = r.left + r.width / 2;
  const cy = r.top + r.height / 2;
  const points = [
    ['centre', cx, cy],
    ['top', cx, r.top + inset(r.height)],
    ['bottom', cx, r.bottom - inset(r.height)],
    ['start', r.left + inset(r.width), cy],
    ['end', r.right - inset(r.width), cy],
  ];
  for (const [where, x, y] of points) {
    const hit = document.elementFromPoint(x, y);
    if (!(hit && (hit === el || el.contains(hit)))) problems.push(`its ${where} is covered by ${describe(hit?.closest('[class]') ?? hit)}`);
  }

  const mine = ring(el);
  if (!mine || mine.width < 2) problems.push(`no focus ring (outline ${getComputedStyle(el).outline}, box-shadow ${getComputedStyle(el).boxShadow})`);
  else {
    const bg = background(el);
    if (contrast(mine.color, bg) < 3) problems.push(`focus ring ${mine.color} has contrast ${contrast(mine.color, bg).toFixed(2)} with the background ${bg}`);
    // An unfocused element of the same kind nearby (the nearest in document order).
    const kind = (e) => `${e.tagName}:${e.getAttribute('type') ?? ''}`;
    const all = [...root.querySelectorAll(el.tagName)].filter((e) => kind(e) === kind(el) && e.getClientRects().length > 0);
    const i = all.indexOf(el);
    const sibling = all[i + 1] ?? all[i - 1];
    if (sibling) {
      const theirs = ring(sibling);
      if (theirs && theirs.width > 0 && contrast(mine.color, theirs.color) < 3) {
        problems.push(`its ring ${mine.width}px ${mine.color} is not distinct from the unfocused ${describe(sibling)}'s ${theirs.width}px ${theirs.color}`);
      }
    }
  }
  const group = el.closest('fieldset');
  return { inside: true, id: el.id || describe(el), groupId: group?.id ?? '', groupInvalid: !!group?.classList.contains('field-invalid'), problems };
}

/**
 * Tabs through the form (or region) `rootSel` from its first focusable element to past its last,
 * checking each stop; returns the stops. The first element is focused by the keyboard too (Shift+Tab
 * then Tab), so that :focus-visible applies as it does for a person.
 */
async function tabThrough(page, rootSel, label) {
  await page.locator(rootSel).first().waitFor();
  const first = await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const focusable = [...root.querySelectorAll('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter(
      (e) => !e.disabled && e.getClientRects().length > 0 && e.tabIndex >= 0,
    );
    if (!focusable.length) return null;
    focusable[0].focus();
    return focusable[0].id || focusable[0].tagName;
  }, rootSel);
  assert(first, `${label}: nothing to focus in ${rootSel}`);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const stops = [];
  const problems = [];
  let repeats = 0;
  for (let step = 0; step < 400; step++) {
    const info = await page.evaluate(inspectFocus, rootSel);
    if (!info.inside) break;
    if (stops.length && stops[stops.length - 1].id === info.id) {
      // The parts of a date or time input are stops of one element.
      if (++repeats > 8) throw new Error(`${label}: the focus is stuck on ${info.id}`);
    } else repeats = 0;
    stops.push(info);
    for (const p of info.problems) problems.push(`${info.id}: ${p}`);
    await page.keyboard.press('Tab');
  }
  assert(stops.length > 0, `${label}: the keyboard never reached ${rootSel}`);
  assert(problems.length === 0, `${label}: ${[...new Set(problems)].slice(0, 12).join('\n')}`);
  return stops;
}

/** Tabs through each form of the page at both sizes (`prepare` runs after each load). */
async function checkForms(page, path, forms, prepare = async () => {}) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await goto(page, path);
    await settled(page);
    await prepare();
    for (const [rootSel, label] of forms) {
      await tabThrough(page, rootSel, `${label} at ${size.width}×${size.height}`);
    }
  }
}

export async function run({ page }) {
  // An edition whose call closes in 15 s, for the round forms (started now, used at the end).
  const closing = closedEditionWithNomination({ closesInMs: 15_000, judgeName: 'E2E Focus Judge' }).catch((e) => e);
  let open = null;

  await check('focus: register and sign-in forms', async () => {
    await signInAs(page, null);
    await checkForms(page, '/register', [['main form', 'register']]);
    await checkForms(page, '/login', [['main form', 'sign-in']]);
  });

  await check('focus: the nomination form (a draft in the open demo edition), its sticky bar covers nothing', async () => {
    const editions = await getJson(page, '/editions');
    open = editions.find((e) => isDemoEdition(e) && e.phase === 'open');
    assert(open, 'no open demo edition (was seed-demo run?)');
    const who = { email: uniqueEmail('e2e-focus'), password: `steady compass ${token()} harbour` };
    const nominator = await apiContext();
    let id;
    try {
      await registerNominator(nominator, { ...who, displayName: 'E2E Focus Nominator', organization: 'E2E Focus' });
      id = (await ok(await nominator.post(`/api/v1/editions/${open.year}/nominations`, { data: { title: 'Focus check' } }), 'draft')).id;
    } finally {
      await nominator.dispose();
    }
    await signInAs(page, who);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await goto(page, `/nominations/${id}`);
      await page.locator('#nomination-form').waitFor();
      const where = `${size.width}×${size.height}`;
      const stops = await tabThrough(page, '#nomination-form', `nomination form at ${where}`);
      for (const field of ['nom-related_action_lines-C1', 'nom-sdgs-7', 'nom-sdgs-10', 'nom-website', 'submit-nomination']) {
        assert(stops.some((s) => s.id === field), `${where}: the keyboard never reached #${field}`);
      }
      // No error styling while the person is still inside the goals: only once they leave the group.
      const inGoals = stops.filter((s) => s.groupId === 'nom-sdgs');
      assert(inGoals.length === 17, `${where}: ${inGoals.length} stops among the 17 goals`);
      assert(inGoals.every((s) => !s.groupInvalid), `${where}: the goals show errors before the person left the group`);
      // Back into the group, now showing its error: the focused box still stands out.
      await page.focus('#nom-website');
      await page.keyboard.press('Shift+Tab');
      const back = await page.evaluate(inspectFocus, '#nomination-form');
      assert(back.id === 'nom-sdgs-17', `${where}: Shift+Tab from the website went to ${back.id}`);
      assert(back.groupInvalid, `${where}: leaving the goals empty showed no error`);
      assert(back.problems.length === 0, `${where}: goal 17 with the group's error: ${back.problems.join('; ')}`);
      // Typing in a field that sits under the bar brings it above the bar.
      await page.evaluate(() => {
        const title = document.getElementById('nom-title');
        const bar = document.querySelector('.form-footer');
        window.scrollBy(0, title.getBoundingClientRect().top - (bar.getBoundingClientRect().top + 4));
      });
      await page.locator('#nom-title').focus();
      await page.keyboard.press('End');
      await page.keyboard.type(' ok');
      const typed = await page.evaluate(inspectFocus, '#nomination-form');
      assert(typed.id === 'nom-title' && typed.problems.length === 0, `${where}: typing in the title: ${typed.problems.join('; ')}`);
    }
    await signInAs(page, null);
  });

  if (!ORG_EMAIL) return;

  await check('focus: the editions page (new edition, extension of the open demo edition, personal extension)', async () => {
    assert(open, 'no open demo edition');
    await signInAs(page, { email: ORG_EMAIL, password: ORG_PASSWORD });
    await checkForms(page, '/organizer/editions', [
      ['#create-edition', 'new edition'],
      [`form:has(#extend-${open.year}-deadline)`, 'extend deadline'],
      ['#grant-extension', 'personal extension'],
    ]);
  });

  await check('focus: the publish page of the demo edition 2021 (options and the publish form, scheduled)', async () => {
    const published = (await getJson(page, '/editions')).find((e) => isDemoEdition(e) && e.results_published_at);
    assert(published, 'no published demo edition');
    await checkForms(
      page,
      `/organizer/publish?edition=${published.year}`,
      [
        ['form.publish-options', 'publish options'],
        ['#publish-form', 'publish'],
      ],
      async () => {
        await page.locator('#publish-mode-schedule').check();
        await page.locator('#publish-at').waitFor();
      },
    );
  });

  await check('focus: round creation (with a criterion), the public vote\'s setup and a draft round\'s panel', async () => {
    const judged = await closing;
    if (judged instanceof Error) throw judged;
    const round = await asOrganizer(async (org) =>
      ok(await org.post(`/api/v1/editions/${judged.year}/rounds`, { data: { name: 'E2E focus round', judges_per_nomination: 1, advance_per_category: 1 } }), 'round'),
    );
    await checkForms(
      page,
      `/organizer/rounds?edition=${judged.year}`,
      [
        ['#create-round', 'round creation'],
        ['#create-vote', 'public vote setup'],
        [`article[data-round="${round.id}"]`, 'round panel'],
      ],
      async () => {
        await page.click('#add-criterion');
        await until(async () => (await page.locator(`#round-${round.id}-panel-${judged.judge.id}`).count()) === 1, 'the panel');
      },
    );
    await signInAs(page, null);
  });
}
