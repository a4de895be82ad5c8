import { formatInstant } from './format';
import { isValidTimeZone, zonedLocalToUtc } from './time';

/**
 * The instant a datetime-local value names in `zone`, formatted in UTC for a hint,
 * or '' when the value or the zone is not (yet) valid.
 */
export function utcPreview(local: string, zone: string, locale: string): string {
  if (!local || !isValidTimeZone(zone)) return '';
  try {
    return formatInstant(zonedLocalToUtc(local, zone).toISOString(), locale, 'UTC');
  } catch {
    return '';
  }
}
