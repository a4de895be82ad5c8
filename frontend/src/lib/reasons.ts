// Why the server refused a field, said in the UI language. Every field message of a 422
// (`errors`, English) comes with a reason in `reasons` (a stable code and its limits); a
// nomination's `issues` come with `issue_reasons`. The page says the reason under `reason.<code>`;
// only a code it does not know yet falls back to the server's English text.
import { allOf, type Schemas } from './api';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A reason as the server sends it, e.g. `{ code: 'word_count', min: 150, max: 200, actual: 149 }`. */
export type Reason = Schemas['Reason'];
export type ReasonCode = Reason['code'];

/**
 * Every reason code, each translated under `reason.<code>` (the locale test checks it). The
 * compiler refuses this list when the server adds or drops a code (schema.d.ts is generated).
 */
export const REASON_CODES = allOf<ReasonCode>({
  required: true,
  too_long: true,
  char_count: true,
  word_count: true,
  too_many_words: true,
  too_many_goals: true,
  too_many_categories: true,
  not_a_category: true,
  related_not_a_category: true,
  related_is_category: true,
  related_twice: true,
  not_country: true,
  no_goal: true,
  goal_out_of_range: true,
  goal_twice: true,
  not_web_address: true,
  in_future: true,
  in_past: true,
  too_early: true,
  not_email: true,
  password_too_short: true,
  password_too_long: true,
  password_common: true,
  password_personal: true,
  password_incorrect: true,
  not_time_zone: true,
  number_between: true,
  count_between: true,
  at_least: true,
  not_after_opening: true,
  not_after_original_deadline: true,
  not_after_edition_deadline: true,
  correction_needs_reason: true,
  criteria_count: true,
  invalid_key: true,
  key_twice: true,
  weight_out_of_range: true,
  invalid_scale: true,
  not_finite: true,
  not_a_criterion: true,
  not_in_round: true,
  not_a_judge: true,
  no_such_account: true,
  named_twice: true,
  unknown_category: true,
  no_role: true,
  not_a_role: true,
  not_for_judged_round: true,
  not_for_vote: true,
  not_after_vote_opening: true,
  not_a_nominee: true,
  account_or_network: true,
  not_a_network: true,
  not_after_from: true,
  altcha_invalid: true,
  altcha_expired: true,
  altcha_reused: true,
});

/** Members that are years: written as they are, without digit grouping ("2021", not "2,021"). */
const YEARS = new Set(['year']);

/** One field message as the server sends it: the English text and, when it came with one, its reason. */
export interface Issue {
  message: string;
  reason?: Reason;
}

/** Field → issues, pairing each English message of `errors` with the reason at the same place. */
export function issuesOf(
  errors: Record<string, string[]> | null | undefined,
  reasons: Record<string, Reason[]> | null | undefined,
): Record<string, Issue[]> {
  const out: Record<string, Issue[]> = {};
  for (const [field, messages] of Object.entries(errors ?? {})) {
    out[field] = messages.map((message, i) => ({ message, reason: reasons?.[field]?.[i] }));
  }
  // A field with reasons but no English message (not sent by this server) still shows.
  for (const [field, list] of Object.entries(reasons ?? {})) {
    if (!out[field]) out[field] = list.map((reason) => ({ message: '', reason }));
  }
  return out;
}

/** Whether the page can say this reason in its own words. */
export function knownReason(reason: { code?: unknown } | null | undefined): reason is Reason {
  return !!reason && typeof reason.code === 'string' && (REASON_CODES as readonly string[]).includes(reason.code);
}

/** The translation key and values of a reason (numbers formatted with `formatNumber`). */
export function reasonKey(reason: Reason, formatNumber: (n: number) => string = String): { key: string; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const [name, v] of Object.entries(reason)) {
    if (name === 'code') continue;
    values[name] = typeof v === 'number' && !YEARS.has(name) ? formatNumber(v) : String(v);
  }
  return { key: `reason.${reason.code}`, values };
}

/** One issue in the UI language: its reason translated, or the server's text for a reason this page does not know. */
export function issueText(issue: Issue, t: Translate, formatNumber: (n: number) => string = String): string {
  if (knownReason(issue.reason)) {
    const { key, values } = reasonKey(issue.reason, formatNumber);
    return t(key, values);
  }
  return issue.message;
}

/** Field → messages in the UI language. */
export function issueTexts(
  issues: Record<string, Issue[]>,
  t: Translate,
  formatNumber: (n: number) => string = String,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [field, list] of Object.entries(issues)) out[field] = list.map((i) => issueText(i, t, formatNumber)).filter(Boolean);
  return out;
}
