import { describe, expect, it } from 'vitest';
import { asIsDates, describePast, firstReportingDateAfter, pastDates, rebasedDates, type TPlanDates } from '../../../domain/past-dates';
import { ZReportingScheduleSchema } from '../../../domain/schedule';

/** 宝坻's opinion as imported: issued 2018-12-29, targets 到2020年, one measure due in 2019 with a milestone per year. */
const baodi: TPlanDates = {
  year: 2018,
  period: {
    from: '2018-12-29',
    to: '2020-12-31',
    fromReason: { kind: 'plan', text: '2018年12月29日', ref: null },
    toReason: { kind: 'plan', text: '到2020年', ref: '一' },
    original: null,
  },
  schedule: ZReportingScheduleSchema.parse({}),
  measures: [
    { id: 'm1', ref: '二/(一)', due: '2019-06-30', originalDue: null, deadlines: ['2019-06-30'], schedule: null, targets: [] },
    {
      id: 'm2',
      ref: '二/(二)',
      due: '2020-12-31',
      originalDue: null,
      deadlines: [],
      schedule: null,
      targets: [{ id: 't1', by: '2020', milestones: [{ by: '2019', value: 90 }, { by: '2020', value: 95 }], original: null }],
    },
  ],
};

describe('a plan whose dates are past at its launch', () => {
  it('names its past dates: each measure’s final due date and the period’s end', () => {
    const past = pastDates(baodi, '2026-03-02');
    expect(past).toEqual([
      { field: 'measures.二/(一).due', ref: '二/(一)', date: '2019-06-30' },
      { field: 'measures.二/(二).due', ref: '二/(二)', date: '2020-12-31' },
      { field: 'period.to', ref: null, date: '2020-12-31' },
    ]);
    expect(describePast(past, 2)).toBe('二/(一) 2019-06-30、二/(二) 2020-12-31 …');
    expect(pastDates(baodi, '2018-12-30')).toEqual([]);
  });

  it('re-based from 2018 to 2026, every date moves eight years, target years included, the originals kept beside', () => {
    const { dates, years } = rebasedDates(baodi, 2026);
    expect(years).toBe(8);
    expect(dates.year).toBe(2026);
    expect(dates.period).toMatchObject({ from: '2026-12-29', to: '2028-12-31', original: { from: '2018-12-29', to: '2020-12-31' } });
    expect(dates.period.toReason).toEqual({ kind: 'rebase', text: '到2020年', ref: '一' });
    expect(dates.measures[0]).toMatchObject({ due: '2027-06-30', originalDue: '2019-06-30', deadlines: ['2027-06-30'] });
    // 到2020年 becomes 到2028年; the milestones move with it.
    expect(dates.measures[1]!.targets[0]).toEqual({
      id: 't1',
      by: '2028',
      milestones: [{ by: '2027', value: 90 }, { by: '2028', value: 95 }],
      original: { by: '2020', milestones: [{ by: '2019', value: 90 }, { by: '2020', value: 95 }] },
    });
    // Re-basing again keeps the plan's own dates as the originals, and back to 2018 returns every date.
    const back = rebasedDates(dates, 2018).dates;
    expect(back.measures[1]!.targets[0]!.original).toEqual(dates.measures[1]!.targets[0]!.original);
    expect(back.measures.map((m) => m.due)).toEqual(['2019-06-30', '2020-12-31']);
  });

  it('launched as is on 2026-03-02: whatever fell due is due at the next reporting date (07-15), and the period ends no earlier', () => {
    const catchUp = firstReportingDateAfter(baodi.schedule, '2026-03-02');
    expect(catchUp).toBe('2026-07-15');
    const { dates, moved } = asIsDates(baodi, '2026-03-02', catchUp);
    expect(moved).toEqual(['二/(一)', '二/(二)']);
    expect(dates.measures.map((m) => [m.due, m.originalDue])).toEqual([
      ['2026-07-15', '2019-06-30'],
      ['2026-07-15', '2020-12-31'],
    ]);
    expect(dates.period).toMatchObject({ from: '2018-12-29', to: '2026-07-15', toReason: { kind: 'catch-up' }, original: { from: '2018-12-29', to: '2020-12-31' } });
    // Its targets keep their own years.
    expect(dates.measures[1]!.targets[0]!.by).toBe('2020');
  });

  it('the first reporting date after a day follows the plan’s schedule, else the half-yearly dates', () => {
    expect(firstReportingDateAfter(ZReportingScheduleSchema.parse({}), '2026-07-15')).toBe('2027-01-15');
    expect(firstReportingDateAfter(ZReportingScheduleSchema.parse({ cadence: 'custom', dates: ['2026-05-01', '2026-09-01'] }), '2026-03-02')).toBe('2026-05-01');
    expect(firstReportingDateAfter(ZReportingScheduleSchema.parse({ cadence: 'final' }), '2026-03-02')).toBe('2026-07-15');
  });
});
