import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_2026, CN_2027, CN_DAYS, SHIPPED_YEARS } from '../../../calendar/data/cn';
import {
  addDays,
  addWorkingDays,
  calendarFromDays,
  dayOfWeek,
  isWorkingDay,
  mergeCalendarDays,
  shanghaiDate,
  shanghaiTime,
  shanghaiMidnight,
  workingDaysBetween,
} from '../../../calendar/working-days';

const cn = calendarFromDays(CN_DAYS);
const plain = calendarFromDays([]);

describe('isWorkingDay on China’s 2026 schedule', () => {
  it.each([
    ['2026-01-01', false, '元旦'],
    ['2026-01-04', true, '元旦调休 Sunday'],
    ['2026-01-05', true, 'ordinary Monday'],
    ['2026-01-10', false, 'ordinary Saturday'],
    ['2026-02-14', true, '春节调休 Saturday'],
    ['2026-02-16', false, '春节 Monday'],
    ['2026-02-23', false, '春节 last day, Monday'],
    ['2026-02-24', true, 'back to work'],
    ['2026-02-28', true, '春节调休 Saturday'],
    ['2026-04-06', false, '清明 Monday'],
    ['2026-05-05', false, '劳动节 Tuesday'],
    ['2026-05-09', true, '劳动节调休 Saturday'],
    ['2026-06-19', false, '端午 Friday'],
    ['2026-09-20', true, '国庆调休 Sunday'],
    ['2026-09-25', false, '中秋 Friday'],
    ['2026-10-07', false, '国庆 Wednesday'],
    ['2026-10-10', true, '国庆调休 Saturday'],
    ['2027-02-08', false, '2027 春节 初三 (provisional)'],
    ['2027-10-04', false, '2027 国庆 Monday (provisional)'],
  ])('%s working=%s (%s)', (date, working) => {
    expect(isWorkingDay(date, cn)).toBe(working);
  });
});

describe('addWorkingDays', () => {
  it.each([
    ['2026-07-15', 1, '2026-07-16'],
    ['2026-07-17', 1, '2026-07-20'],
    ['2026-07-15', 3, '2026-07-20'],
    ['2026-07-15', -3, '2026-07-10'],
    ['2026-09-30', 1, '2026-10-08'],
    ['2026-09-29', 3, '2026-10-09'],
    ['2026-10-09', 1, '2026-10-10'],
    ['2026-10-08', -1, '2026-09-30'],
    ['2026-02-13', 1, '2026-02-14'],
    ['2026-02-14', 1, '2026-02-24'],
    ['2026-02-24', -2, '2026-02-13'],
    ['2026-10-03', 0, '2026-10-03'],
    ['2026-12-31', 7, '2027-01-12'],
  ])('%s %+d → %s', (date, n, expected) => {
    expect(addWorkingDays(date, n, cn)).toBe(expected);
  });
});

describe('workingDaysBetween', () => {
  it.each([
    ['2026-07-15', '2026-07-15', 0],
    ['2026-07-15', '2026-07-14', 0],
    ['2026-07-15', '2026-07-16', 1],
    ['2026-07-17', '2026-07-20', 1],
    ['2026-09-30', '2026-10-08', 1],
    ['2026-09-30', '2026-10-10', 3],
    ['2026-01-01', '2026-12-31', 248], // 261 weekdays − 19 weekday holidays + 6 make-up days
  ])('after %s up to %s: %d', (from, to, expected) => {
    expect(workingDaysBetween(from, to, cn)).toBe(expected);
  });
});

describe('shanghaiDate', () => {
  it.each([
    ['2026-07-14T15:59:59.999Z', '2026-07-14'],
    ['2026-07-14T16:00:00.000Z', '2026-07-15'],
    ['2026-12-31T16:00:00.000Z', '2027-01-01'],
  ])('%s is %s in Shanghai', (iso, date) => {
    expect(shanghaiDate(new Date(iso))).toBe(date);
    expect(shanghaiDate(Date.parse(iso))).toBe(date);
  });

  it.each([
    ['2026-07-14T15:59:59.999Z', '2026-07-14 23:59', '2026-07-14 23:59:59'],
    ['2026-12-31T16:00:05.000Z', '2027-01-01 00:00', '2027-01-01 00:00:05'],
  ])('%s reads %s in Shanghai, to the minute or second', (iso, minute, second) => {
    expect(shanghaiTime(new Date(iso))).toBe(minute);
    expect(shanghaiTime(Date.parse(iso), 'second')).toBe(second);
  });

  it('midnight in Shanghai is 16:00 UTC the day before', () => {
    expect(new Date(shanghaiMidnight('2026-07-15')).toISOString()).toBe('2026-07-14T16:00:00.000Z');
  });
});

describe('shipped data', () => {
  it('2026 make-up days all fall on weekends and holidays on distinct dates', () => {
    for (const d of CN_2026.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(dayOfWeek(d.date));
    expect(new Set(CN_DAYS.map((d) => d.date)).size).toBe(CN_DAYS.length);
  });
  it('2027 ships as provisional, 2026 as the State Council published it, each year holding only its own days', () => {
    expect(CN_2027.length).toBeGreaterThan(0);
    expect(SHIPPED_YEARS.map((y) => [y.year, y.provisional])).toEqual([
      [2026, false],
      [2027, true],
    ]);
    for (const y of SHIPPED_YEARS) for (const d of y.days) expect(d.date.startsWith(String(y.year))).toBe(true);
  });
  it('an edited day overrides the shipped one', () => {
    const edited = calendarFromDays(mergeCalendarDays(CN_DAYS, [{ date: '2026-10-07', kind: 'workday', name: '改' }]));
    expect(isWorkingDay('2026-10-07', edited)).toBe(true);
    expect(isWorkingDay('2026-10-07', cn)).toBe(false);
  });
  it('rejects dates that do not exist', () => {
    expect(() => isWorkingDay('2026-02-30', cn)).toThrow(RangeError);
    expect(() => isWorkingDay('2100-02-29', cn)).toThrow(RangeError);
    expect(isWorkingDay('2000-02-29', plain)).toBe(true);
    expect(() => calendarFromDays([{ date: '2026-13-01', kind: 'holiday', name: 'x' }])).toThrow(RangeError);
  });
});

const isoDate = fc
  .integer({ min: Date.UTC(2025, 0, 1) / 86_400_000, max: Date.UTC(2028, 11, 31) / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

describe('properties', () => {
  it('date arithmetic agrees with the JavaScript Date over four centuries', () => {
    const day = fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2299, 11, 31) / 86_400_000 });
    fc.assert(
      fc.property(day, fc.integer({ min: -800, max: 800 }), (d, n) => {
        const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
        expect(addDays(date, n)).toBe(new Date((d + n) * 86_400_000).toISOString().slice(0, 10));
        expect(dayOfWeek(date)).toBe(new Date(d * 86_400_000).getUTCDay());
        expect(shanghaiDate(d * 86_400_000 - 8 * 3_600_000)).toBe(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('adding n working days lands on a working day exactly n working days later', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (date, n) => {
        const later = addWorkingDays(date, n, cn);
        expect(isWorkingDay(later, cn)).toBe(true);
        expect(workingDaysBetween(date, later, cn)).toBe(n);
      }),
    );
  });
  it('going back n working days from a working day and forward again returns to it', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (date, n) => {
        fc.pre(isWorkingDay(date, cn));
        expect(addWorkingDays(addWorkingDays(date, -n, cn), n, cn)).toBe(date);
      }),
    );
  });
  it('working days between are additive and never exceed calendar days', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 }), (a, x, y) => {
        const b = addDays(a, x);
        const c = addDays(b, y);
        expect(workingDaysBetween(a, c, cn)).toBe(workingDaysBetween(a, b, cn) + workingDaysBetween(b, c, cn));
        expect(workingDaysBetween(a, b, cn)).toBeLessThanOrEqual(x);
      }),
    );
  });
  it('with no exceptions, every full week has five working days', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 20 }), (date, weeks) => {
        expect(workingDaysBetween(date, addDays(date, weeks * 7), plain)).toBe(weeks * 5);
      }),
    );
  });
});
