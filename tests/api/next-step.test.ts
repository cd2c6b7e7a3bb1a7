import { describe, expect, it } from 'vitest';
import { translator } from '../../api/pages/i18n';
import { nextStepText } from '../../api/pages/items/list';
import { nextStepOf } from '../../api/views/item';

const periods = [
  { key: '2026-H1', due: '2026-07-15' },
  { key: '2026-H2', due: '2027-01-15' },
];
const base = {
  status: 'in_progress',
  role: 'lead' as const,
  completion: 'leads-done-and-cooperating-reported' as const,
  measure: { status: 'active' },
  periods,
  extensions: [],
  // Today is 2027-03-01: both periods are past due.
  daysLeft: (due: string) => (due < '2027-03-01' ? { workingDaysLeft: -30, overdue: true } : { workingDaysLeft: 10, overdue: false }),
};
const zh = translator('zh');

describe('what a unit is asked to do next', () => {
  it('asks for the first period not reported, overdue once its due date has passed', () => {
    const next = nextStepOf({ ...base, reportedPeriods: ['2026-H1'] });
    expect(next).toEqual({ kind: 'report', period: '2026-H2', due: '2027-01-15', workingDaysLeft: -30, overdue: true });
    expect(nextStepText(zh, next, 'red')).toBe('已逾期 30 个工作日：请尽快提交2026年下半年进展报告（期限 2027-01-15）');
  });

  it('does not call a lead that reported every period overdue, and asks for its report of completion', () => {
    const next = nextStepOf({ ...base, reportedPeriods: ['2026-H1', '2026-H2'] });
    expect(next).toEqual({ kind: 'report-done', period: null, due: null, workingDaysLeft: null, overdue: false });
    expect(nextStepText(zh, next, 'green')).toBe('各报送期均已报送；任务完成后请报送“已完成”');
  });

  it('tells a cooperating unit that reported every period that its part is done', () => {
    const next = nextStepOf({ ...base, role: 'cooperating', reportedPeriods: ['2026-H1', '2026-H2'] });
    expect(next.kind).toBe('await-others');
    expect(nextStepText(zh, next, 'green')).toBe('本单位已报送，待牵头单位报送完成');
  });

  it('calls a due date passed on the weekend after it, before a working day has gone by', () => {
    // Due Friday 2027-01-15, today Saturday the 16th: no working day late yet, but no longer due today.
    const next = nextStepOf({ ...base, reportedPeriods: ['2026-H1'], daysLeft: () => ({ workingDaysLeft: 0, overdue: true }) });
    expect(next).toMatchObject({ workingDaysLeft: 0, overdue: true });
    expect(nextStepText(zh, next, 'yellow')).toBe('已逾期：请尽快提交2026年下半年进展报告（期限 2027-01-15）');
  });

  it('still asks a cooperating unit for completion when every unit must report done', () => {
    expect(nextStepOf({ ...base, role: 'cooperating', completion: 'all-done', reportedPeriods: ['2026-H1', '2026-H2'] }).kind).toBe('report-done');
  });
});
