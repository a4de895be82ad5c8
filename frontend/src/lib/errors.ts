import { ApiError } from './api';

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
] as const;

/** Translation key (and values) for an error: known codes are translated, others fall back by status. */
export function errorKey(error: unknown): { key: string; values?: Record<string, unknown> } {
  if (error instanceof ApiError) {
    const code = error.code;
    if (code === 'rate_limited' && error.retryAfter) {
      return { key: 'errors.codes.rate_limited_after', values: { seconds: error.retryAfter } };
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

export function errorMessage(error: unknown, t: Translate): string {
  const { key, values } = errorKey(error);
  return t(key, values);
}

/** Per-field server messages, or {} for anything that is not a problem with `errors`. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}
