import { describe, expect, it } from 'vitest';
import { hourSeries, peakHour } from './voteAdmin';

describe('hourSeries', () => {
  const byHour = [
    { hour: '2027-03-10T09:00:00Z', cast: 4 },
    { hour: '2027-03-10T12:00:00Z', cast: 9 },
  ];

  it('fills the hours without votes between the first and the last with 0', () => {
    expect(hourSeries(byHour)).toEqual([
      { hour: '2027-03-10T09:00:00.000Z', cast: 4 },
      { hour: '2027-03-10T10:00:00.000Z', cast: 0 },
      { hour: '2027-03-10T11:00:00.000Z', cast: 0 },
      { hour: '2027-03-10T12:00:00.000Z', cast: 9 },
    ]);
  });

  it('runs on to the current hour while the vote is open, and keeps only the last hours when there are too many', () => {
    const series = hourSeries(byHour, Date.parse('2027-03-10T14:30:00Z'));
    expect(series.map((h) => h.cast)).toEqual([4, 0, 0, 9, 0, 0]);
    expect(hourSeries(byHour, null, 2).map((h) => h.hour)).toEqual(['2027-03-10T11:00:00.000Z', '2027-03-10T12:00:00.000Z']);
    expect(hourSeries([])).toEqual([]);
  });

  it('finds the busiest hour', () => {
    expect(peakHour(hourSeries(byHour))?.cast).toBe(9);
    expect(peakHour([{ hour: 'x', cast: 0 }])).toBeNull();
  });
});
