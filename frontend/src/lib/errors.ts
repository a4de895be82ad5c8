import { ApiError } from './api';
import { issuesOf, issueTexts, type Issue } from './reasons';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Problem `code`s that have a translated message under errors.codes.* */
export const KNOWN_CODES = [
  'invalid_credentials',
  'email_taken',
  'validation_failed',
  'rate_limited',
  'forbidden',
  'unauthenticated',
  'not_found',
  'conflict',
  'bad_request',
  'deadline_passed',
  'version_mismatch',
  'precondition_required',
  'payload_too_large',
  'unavailable',
  'network',
  'duplicate_nomination',
  'call_not_open',
  'nomination_limit_reached',
  'nomination_withdrawn',
  'round_not_open',
  'round_not_draft',
  'deadline_not_passed',
  'previous_round_not_closed',
  'panel_empty',
  'not_publishable',
  'edition_exists',
  'call_already_open',
  'own_account',
  'judge_conflicted',
  'assignment_scored',
  'round_closed',
  'cross_origin_request',
  'vote_not_open',
  'vote_still_open',
  'already_voted',
  'email_not_confirmed',
] as const;

/** The causes of `not_publishable`, each translated under errors.not_publishable.* */
export const UNPUBLISHABLE_CAUSES = ['deadline_not_passed', 'no_round', 'last_round_not_closed'] as const;

/** How a message writes the values a problem carries (dates, numbers); identity by default. */
export interface ValueFormat {
  instant?: (iso: string) => string;
  number?: (n: number) => string;
}

/**
 * Translation key (and values) for an error: one sentence chosen by the problem's `code` (with the
 * values some problems carry: the deadline that passed, the nomination limit, why the list cannot
 * be published); unknown codes fall back by status. Never the server's English `detail`.
 */
export function errorKey(error: unknown, format: ValueFormat = {}): { key: string; values?: Record<string, unknown> } {
  if (error instanceof ApiError) {
    const code = error.code;
    const p = error.problem;
    const instant = format.instant ?? ((iso: string) => iso);
    const number = (n: number): unknown => (format.number ? format.number(n) : n);
    if (code === 'rate_limited' && error.retryAfter) {
      return { key: 'errors.codes.rate_limited_after', values: { seconds: number(error.retryAfter) } };
    }
    if (code === 'deadline_passed' && p.deadline) return { key: 'errors.codes.deadline_passed_at', values: { date: instant(p.deadline) } };
    if (code === 'deadline_not_passed' && p.deadline) {
      return { key: 'errors.codes.deadline_not_passed_until', values: { date: instant(p.deadline) } };
    }
    if (code === 'call_not_open' && p.opens_at) return { key: 'errors.codes.call_not_open_until', values: { date: instant(p.opens_at) } };
    if (code === 'nomination_limit_reached' && typeof p.limit === 'number') {
      return { key: 'errors.codes.nomination_limit_reached_n', values: { limit: number(p.limit) } };
    }
    if (code === 'not_publishable' && p.cause && (UNPUBLISHABLE_CAUSES as readonly string[]).includes(p.cause)) {
      return { key: `errors.not_publishable.${p.cause}` };
    }
    if ((KNOWN_CODES as readonly string[]).includes(code)) return { key: `errors.codes.${code}` };
    if (error.status === 401) return { key: 'errors.codes.unauthenticated' };
    if (error.status === 403) return { key: 'errors.codes.forbidden' };
    if (error.status === 404) return { key: 'errors.codes.not_found' };
    if (error.status === 409) return { key: 'errors.codes.conflict' };
    if (error.status === 422) return { key: 'errors.codes.validation_failed' };
    if (error.status === 429) return { key: 'errors.codes.rate_limited' };
    if (error.status === 503) return { key: 'errors.codes.unavailable' };
    return { key: 'errors.unexpected', values: { status: error.status } };
  }
  return { key: 'errors.unexpected_client' };
}

export function errorMessage(error: unknown, t: Translate, format: ValueFormat = {}): string {
  const { key, values } = errorKey(error, format);
  return t(key, values);
}

/** The field issues of a problem (each English message with its reason), or {} for anything else. */
export function fieldIssuesOf(error: unknown): Record<string, Issue[]> {
  return error instanceof ApiError ? issuesOf(error.problem.errors, error.problem.reasons) : {};
}

/** Field → messages in the UI language, from the problem's reasons ({} for a problem without fields). */
export function fieldMessagesOf(error: unknown, t: Translate, formatNumber: (n: number) => string = String): Record<string, string[]> {
  return issueTexts(fieldIssuesOf(error), t, formatNumber);
}

/** Whether the problem names any field. */
export function hasFieldErrors(error: unknown): boolean {
  return Object.keys(fieldIssuesOf(error)).length > 0;
}
