import { describe, expect, it } from 'vitest';
import { clockOffsetMs, isValidTimeZone, utcToZonedLocal, zonedLocalToRfc3339, zonedLocalToUtc, zoneOffsetMs } from './time';

const iso = (local: string, zone: string) => zonedLocalToUtc(local, zone).toISOString();

describe('zonedLocalToUtc', () => {
  it('converts the 2021 WSIS deadline (23:00 Geneva time, winter) to 22:00 UTC', () => {
    expect(zonedLocalToRfc3339('2021-02-01T23:00', 'Europe/Zurich')).toBe('2021-02-01T22:00:00Z');
  });

  it('uses summer time (UTC+2) in July in Zurich', () => {
    expect(iso('2021-07-01T12:00', 'Europe/Zurich')).toBe('2021-07-01T10:00:00.000Z');
  });

  it('handles the day clocks go forward: before and after the jump', () => {
    // Europe/Zurich, 28 March 2021: 02:00 CET becomes 03:00 CEST.
    expect(iso('2021-03-28T01:59', 'Europe/Zurich')).toBe('2021-03-28T00:59:00.000Z');
    expect(iso('2021-03-28T03:00', 'Europe/Zurich')).toBe('2021-03-28T01:00:00.000Z');
  });

  it('moves a wall time inside the spring-forward gap forward by the gap (like Temporal "compatible")', () => {
    // 02:30 does not exist; it is read as 03:30 CEST.
    expect(iso('2021-03-28T02:30', 'Europe/Zurich')).toBe('2021-03-28T01:30:00.000Z');
  });

  it('takes the earlier instant for a wall time repeated when clocks go back', () => {
    // Europe/Zurich, 31 October 2021: 02:30 happens twice (CEST then CET).
    expect(iso('2021-10-31T02:30', 'Europe/Zurich')).toBe('2021-10-31T00:30:00.000Z');
    expect(iso('2021-10-31T03:30', 'Europe/Zurich')).toBe('2021-10-31T02:30:00.000Z');
  });

  it('handles US daylight saving and zones west of UTC', () => {
    expect(iso('2024-03-10T12:00', 'America/New_York')).toBe('2024-03-10T16:00:00.000Z');
    expect(iso('2024-03-09T12:00', 'America/New_York')).toBe('2024-03-09T17:00:00.000Z');
  });

  it('handles half-hour offsets, UTC, the date line and seconds', () => {
    expect(iso('2025-01-15T09:00', 'Asia/Kolkata')).toBe('2025-01-15T03:30:00.000Z');
    expect(iso('2025-01-15T09:00', 'UTC')).toBe('2025-01-15T09:00:00.000Z');
    expect(iso('2025-01-01T00:00', 'Pacific/Kiritimati')).toBe('2024-12-31T10:00:00.000Z');
    expect(iso('2025-06-30T23:59:30', 'Europe/Zurich')).toBe('2025-06-30T21:59:30.000Z');
  });

  it('rejects malformed values and unknown zones', () => {
    expect(() => zonedLocalToUtc('', 'Europe/Zurich')).toThrow(RangeError);
    expect(() => zonedLocalToUtc('2021-02-30T10:00', 'Europe/Zurich')).toThrow(RangeError);
    expect(() => zonedLocalToUtc('2021-02-01 23:00', 'Europe/Zurich')).toThrow(RangeError);
    expect(() => zonedLocalToUtc('2021-02-01T23:00', 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it('round-trips with utcToZonedLocal', () => {
    for (const zone of ['Europe/Zurich', 'America/New_York', 'Asia/Tokyo', 'Australia/Sydney', 'UTC']) {
      for (const local of ['2021-02-01T23:00', '2021-07-15T08:45', '2030-12-31T23:59']) {
        expect(utcToZonedLocal(zonedLocalToUtc(local, zone), zone)).toBe(local);
      }
    }
    expect(utcToZonedLocal('2021-02-01T22:00:00Z', 'Europe/Zurich')).toBe('2021-02-01T23:00');
  });
});

describe('zone helpers', () => {
  it('knows valid zones', () => {
    expect(isValidTimeZone('Europe/Zurich')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Nowhere/Land')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  it('computes zone offsets', () => {
    expect(zoneOffsetMs(Date.parse('2021-02-01T22:00:00Z'), 'Europe/Zurich')).toBe(3_600_000);
    expect(zoneOffsetMs(Date.parse('2021-07-01T10:00:00Z'), 'Europe/Zurich')).toBe(7_200_000);
    expect(zoneOffsetMs(Date.parse('2021-07-01T10:00:00Z'), 'America/New_York')).toBe(-4 * 3_600_000);
  });

  it('computes the server clock offset from a Date header', () => {
    const sent = Date.parse('2025-05-01T10:00:00Z');
    expect(clockOffsetMs('Thu, 01 May 2025 10:05:00 GMT', sent, sent + 200)).toBe(300_000 - 100);
    expect(clockOffsetMs(null, sent, sent)).toBe(0);
    expect(clockOffsetMs('garbage', sent, sent)).toBe(0);
  });
});
