import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import fr from './locales/fr.json';
import es from './locales/es.json';
import zh from './locales/zh.json';
import ar from './locales/ar.json';
import ru from './locales/ru.json';
import { LOCALES } from '../lib/i18n.svelte';
import { KNOWN_CODES, UNPUBLISHABLE_CAUSES } from '../lib/errors';
import { PHASES } from '../lib/format';
import { INPUT_FIELDS, NOMINATION_STATUSES, PROJECT_STATUSES, SDG_NUMBERS, STAKEHOLDER_TYPES } from '../lib/nominations';
import { OUTCOMES } from '../lib/publication';
import { REASON_CODES } from '../lib/reasons';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
}

const all: Record<string, Tree> = { en, fr, es, zh, ar, ru };
const enKeys = flatten(en);

const DEFAULT_CODES = [
  'C1', 'C2', 'C3', 'C4', 'C5', 'C6',
  'C7-EGOV', 'C7-EBUS', 'C7-ELEARN', 'C7-EHEALTH', 'C7-EEMPLOY', 'C7-EENV', 'C7-EAGRI', 'C7-ESCI',
  'C8', 'C9', 'C10', 'C11',
];

describe('locales', () => {
  it('ships a file for each of the six languages', () => {
    expect(Object.keys(all).sort()).toEqual(LOCALES.map((l) => l.code).sort());
  });

  for (const [code, tree] of Object.entries(all)) {
    it(`${code} has exactly the keys of en`, () => {
      const keys = flatten(tree);
      expect([...keys.keys()].sort()).toEqual([...enKeys.keys()].sort());
    });

    it(`${code} has no empty message and keeps the placeholders of en`, () => {
      const keys = flatten(tree);
      for (const [key, enValue] of enKeys) {
        const value = keys.get(key) ?? '';
        expect(value.trim(), `${code}:${key}`).not.toBe('');
        expect(placeholders(value), `${code}:${key}`).toEqual(placeholders(enValue));
      }
    });
  }

  it('translates the 18 default category names, the phases and the common error codes', () => {
    for (const c of DEFAULT_CODES) expect(enKeys.has(`categories.names.${c}`), c).toBe(true);
    for (const p of PHASES) expect(enKeys.has(`phase.${p}`), p).toBe(true);
    for (const e of KNOWN_CODES) expect(enKeys.has(`errors.codes.${e}`), e).toBe(true);
    for (const c of UNPUBLISHABLE_CAUSES) expect(enKeys.has(`errors.not_publishable.${c}`), c).toBe(true);
  });

  it('has a message for every reason the server gives for a refused field, in every language', () => {
    for (const c of REASON_CODES) expect(enKeys.has(`reason.${c}`), c).toBe(true);
    for (const code of ['fr', 'es', 'zh', 'ar', 'ru']) {
      const keys = flatten(all[code]);
      for (const c of REASON_CODES) {
        expect(keys.get(`reason.${c}`), `${code}:reason.${c}`).not.toBe(enKeys.get(`reason.${c}`));
      }
    }
  });

  it('translates every nomination field, status, stakeholder type, project status and SDG', () => {
    for (const f of INPUT_FIELDS) expect(enKeys.has(`nomination.fields.${f}`), f).toBe(true);
    for (const s of NOMINATION_STATUSES) expect(enKeys.has(`nomination_status.${s}`), s).toBe(true);
    for (const s of STAKEHOLDER_TYPES) expect(enKeys.has(`stakeholder.${s}`), s).toBe(true);
    for (const s of PROJECT_STATUSES) expect(enKeys.has(`project_status.${s}`), s).toBe(true);
    for (const g of SDG_NUMBERS) expect(enKeys.has(`sdg.names.${g}`), `SDG ${g}`).toBe(true);
  });

  it('translates every outcome and publication state', () => {
    for (const o of OUTCOMES) expect(enKeys.has(`outcome.${o}`), o).toBe(true);
    for (const s of ['live', 'scheduled', 'superseded']) expect(enKeys.has(`publish.state_${s}`), s).toBe(true);
  });

  it('actually translates the page headings (not copies of English)', () => {
    for (const code of ['fr', 'es', 'zh', 'ar', 'ru']) {
      const keys = flatten(all[code]);
      expect(keys.get('home.title')).not.toBe(enKeys.get('home.title'));
      expect(keys.get('categories.title')).not.toBe(enKeys.get('categories.title'));
      expect(keys.get('nominations.title')).not.toBe(enKeys.get('nominations.title'));
      expect(keys.get('nomination.submit')).not.toBe(enKeys.get('nomination.submit'));
      expect(keys.get('sdg.names.4')).not.toBe(enKeys.get('sdg.names.4'));
      for (const k of ['results.title', 'results.not_published', 'outcome.winner', 'project.not_found_title', 'publish.title', 'publish.confirm']) {
        expect(keys.get(k), `${code}:${k}`).not.toBe(enKeys.get(k));
      }
    }
  });
});
