import { describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../../calendar/working-days';
import { elapsedPercent, firstDayBehind, periodClosedAt, resolvePeriods, ZReportingScheduleSchema } from '../../../domain/schedule';

const periods = (schedule: object, startDate: string, finalDue: string) =>
  resolvePeriods(ZReportingScheduleSchema.parse(schedule), { startDate, finalDue }).map((p) => `${p.key}@${p.due}${p.final ? '!' : ''}`);

describe('reporting periods', () => {
  it.each([
    ['half-yearly, whole year: 07-15 and 01-15 of the next year', {}, '2026-01-05', '2026-12-31', ['2026-H1@2026-07-15', '2026-H2@2027-01-15!']],
    ['half-yearly, due mid-year: H1 is final', {}, '2026-01-05', '2026-06-30', ['2026-H1@2026-07-15!']],
    ['half-yearly, launched after 07-15: H1 not asked', {}, '2026-08-01', '2026-12-31', ['2026-H2@2027-01-15!']],
    ['half-yearly across two years', {}, '2026-03-01', '2027-06-30', ['2026-H1@2026-07-15', '2026-H2@2027-01-15', '2027-H1@2027-07-15!']],
    ['quarterly, due day 10', { cadence: 'quarterly', dueDay: 10 }, '2026-01-05', '2026-09-30',
      ['2026-Q1@2026-04-10', '2026-Q2@2026-07-10', '2026-Q3@2026-10-10!']],
    ['monthly, due 2026-03-20', { cadence: 'monthly', dueDay: 5 }, '2026-01-05', '2026-03-20', ['2026-01@2026-02-05', '2026-02@2026-03-05', '2026-03@2026-04-05!']],
    ['final only', { cadence: 'final' }, '2026-01-05', '2026-10-31', ['final@2026-10-31!']],
    ['custom dates past the due date: the first one after is final', { cadence: 'custom', dates: ['2026-09-30', '2026-03-31', '2026-12-20'] },
      '2026-01-05', '2026-06-30', ['2026-03-31@2026-03-31', '2026-09-30@2026-09-30!']],
    ['custom dates all before the due date: a final report on it', { cadence: 'custom', dates: ['2026-03-31'] }, '2026-01-05', '2026-06-30',
      ['2026-03-31@2026-03-31', 'final@2026-06-30!']],
    ['due before launch: one final report', {}, '2026-11-01', '2026-03-31', ['final@2026-03-31!']],
  ])('%s', (_what, schedule, start, due, expected) => {
    expect(periods(schedule, start, due)).toEqual(expected);
  });

  it('rejects a custom schedule with no dates and an impossible date', () => {
    expect(ZReportingScheduleSchema.safeParse({ cadence: 'custom' }).success).toBe(false);
    expect(ZReportingScheduleSchema.safeParse({ cadence: 'custom', dates: ['2026-02-30'] }).success).toBe(false);
  });
});

describe('序时进度', () => {
  it.each([
    ['2026-01-01', '2026-01-11', '2026-01-01', 0],
    ['2026-01-01', '2026-01-11', '2026-01-06', 50],
    ['2026-01-01', '2026-01-11', '2026-02-01', 100],
  ])('from %s to %s, on %s: %d%%', (start, due, today, pct) => {
    expect(elapsedPercent(start, due, today)).toBe(pct);
  });
  it('the first day a report of 50% falls behind is the day after the midpoint', () => {
    expect(firstDayBehind('2026-01-01', '2026-01-11', 50)).toBe('2026-01-07');
    expect(elapsedPercent('2026-01-01', '2026-01-11', '2026-01-07')).toBeGreaterThan(50);
    expect(firstDayBehind('2026-01-01', '2026-01-11', 100)).toBeNull();
  });
});

describe('when a period closes', () => {
  it('is the first moment after the due day in Shanghai', () => {
    expect(periodClosedAt('2026-07-15')).toBe(shanghaiMidnight('2026-07-16'));
    expect(new Date(periodClosedAt('2026-12-31')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });
});
