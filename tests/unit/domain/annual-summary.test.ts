import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarFromDays } from '../../../calendar/working-days';
import { CN_DAYS } from '../../../calendar/data/cn';
import { annualSummaryDue, annualSummaryStanding, annualSummaryStep, namedAnnualSummary, ZAnnualSummarySettingSchema } from '../../../domain/annual-summary';
import { defaultPlanSettings } from '../../../domain/plan-settings';
import { parsePlan } from '../../../parser/parse-plan';
import { sharedPlansDir } from '../parser/fixtures';

const cal = calendarFromDays(CN_DAYS);

describe('年度总结: the plan setting, read from the plan’s own words', () => {
  it('finds 天津 2013’s 全年質量工作總結及下一年度目標任務、工作措施 due by 1-15, not its half-year report of 7-15', () => {
    const plan = parsePlan(readFileSync(`${sharedPlansDir}001_6c27a65b96c45f16.txt`, 'utf8'));
    expect(namedAnnualSummary(plan.reporting)).toEqual({ due: '01-15' });
    expect(annualSummaryDue('01-15', 2013)).toBe('2014-01-15');
  });

  it('asks for none where the plan asks for reports but no year’s summary, and none by default', () => {
    const named = [{ cadence: 'dates' as const, dates: [{ month: 7, day: 15 }, { month: 1, day: 15 }], day: null, text: '各单位于7月15日和1月15日前报送进展情况', ref: null }];
    expect(namedAnnualSummary(named)).toBeNull();
    expect(defaultPlanSettings({ from: '2026-01-01', to: '2026-12-31' }).annualSummary).toEqual({ due: null });
  });

  it('a sentence naming only a date late in the year is due that year', () => {
    const named = [{ cadence: 'yearly' as const, dates: [{ month: 12, day: 20 }], day: null, text: '每年12月20日前报送年度工作总结', ref: null }];
    expect(namedAnnualSummary(named)).toEqual({ due: '12-20' });
    expect(annualSummaryDue('12-20', 2026)).toBe('2026-12-20');
  });

  it('refuses a month-day no year has', () => {
    for (const due of ['13-01', '02-30', '04-31', '1-15', '02-29']) expect(ZAnnualSummarySettingSchema.safeParse({ due }).success, due).toBe(false);
    expect(ZAnnualSummarySettingSchema.parse({ due: '01-15' })).toEqual({ due: '01-15' });
  });
});

describe('年度总结: what each day owes, on the working-day calendar', () => {
  // 2027-01-15 is a Friday: reminder three working days before (Tuesday 01-12), due that day, the office told Monday 01-18.
  it.each([
    ['2027-01-11', null],
    ['2027-01-12', 'reminder'],
    ['2027-01-13', null],
    ['2027-01-15', 'due'],
    ['2027-01-16', null],
    ['2027-01-18', 'missing'],
    ['2027-01-19', null],
  ])('a summary due Friday 2027-01-15: %s owes %s', (day, step) => {
    expect(annualSummaryStep(day, '2027-01-15', 3, cal)).toBe(step);
  });

  it('due on a Sunday: 今日到期 on the Friday before, the office told on Monday; no reminder when the ladder has none', () => {
    expect(annualSummaryStep('2027-01-15', '2027-01-17', 0, cal)).toBe('due');
    expect(annualSummaryStep('2027-01-17', '2027-01-17', 0, cal)).toBeNull();
    expect(annualSummaryStep('2027-01-18', '2027-01-17', 0, cal)).toBe('missing');
    expect(annualSummaryStep('2027-01-14', '2027-01-17', 0, cal)).toBeNull();
  });

  it('stands on time to the due day, late after it, missing once past it unsent', () => {
    expect(annualSummaryStanding('2027-01-15', '2027-01-15', '2027-03-01')).toBe('on-time');
    expect(annualSummaryStanding('2027-01-16', '2027-01-15', '2027-03-01')).toBe('late');
    expect(annualSummaryStanding(null, '2027-01-15', '2027-01-15')).toBe('not-due');
    expect(annualSummaryStanding(null, '2027-01-15', '2027-01-16')).toBe('missing');
  });
});
