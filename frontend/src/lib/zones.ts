/** A few IANA zones offered in the organiser's form; any other valid zone can be typed in. */
export const COMMON_ZONES = [
  'Europe/Zurich',
  'UTC',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo',
  'Africa/Nairobi',
  'Asia/Dubai',
  'Asia/Kolkata',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

export const OTHER_ZONE = '__other__';
