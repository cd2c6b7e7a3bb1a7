import { describe, expect, it } from 'vitest';
import { nextSummaryAt, summaryPeriodKey, ZSummaryCadenceSchema } from '../../../workflows/leader-summary/schedule';

const shanghai = (local: string) => Date.parse(`${local}:00+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();
const weekly = ZSummaryCadenceSchema.parse({});

describe('when the leaders’ summary goes out', () => {
  it.each([
    ['a Thursday', '2027-01-14T10:00', '2027-01-18T08:00'],
    ['a Monday before 08:00', '2027-01-18T07:59', '2027-01-18T08:00'],
    ['a Monday at 08:00 sharp', '2027-01-18T08:00', '2027-01-25T08:00'],
    // 23:30 on Sunday in Shanghai is still Sunday there, though 15:30 UTC: the week turns in Shanghai.
    ['late on a Sunday in Shanghai', '2027-01-17T23:30', '2027-01-18T08:00'],
    ['early on a Monday in Shanghai (Sunday in UTC)', '2027-01-18T01:00', '2027-01-18T08:00'],
  ])('first, from %s: the next Monday 08:00 in Shanghai', (_, now, next) => {
    expect(iso(nextSummaryAt(shanghai(now), weekly))).toBe(iso(shanghai(next)));
  });

  it('then one week after the previous one', () => {
    expect(iso(nextSummaryAt(shanghai('2027-01-18T08:00'), weekly, shanghai('2027-01-18T08:00')))).toBe(iso(shanghai('2027-01-25T08:00')));
  });

  it('after an outage, only the latest missed summary, at once', () => {
    const last = shanghai('2027-01-04T08:00');
    // Back on Wednesday 01-20: 01-11 and 01-18 were missed; 01-18 goes now, 01-11 never.
    expect(iso(nextSummaryAt(shanghai('2027-01-20T09:00'), weekly, last))).toBe(iso(shanghai('2027-01-18T08:00')));
  });

  it('follows its cadence: another weekday, hour, or every two weeks', () => {
    const friday = ZSummaryCadenceSchema.parse({ weekday: 5, hour: 17, everyWeeks: 2 });
    const first = nextSummaryAt(shanghai('2027-01-14T10:00'), friday);
    expect(iso(first)).toBe(iso(shanghai('2027-01-15T17:00')));
    expect(iso(nextSummaryAt(first, friday, first))).toBe(iso(shanghai('2027-01-29T17:00')));
  });

  it('keys each summary by its Shanghai date', () => {
    expect(summaryPeriodKey(shanghai('2027-01-18T08:00'))).toBe('2027-01-18');
    expect(summaryPeriodKey(shanghai('2027-01-18T01:00'))).toBe('2027-01-18');
  });
});
