import { calendarFromDays } from '../../../calendar/working-days';
import { CN_DAYS } from '../../../calendar/data/cn';
import type {
  TScoringAssignment,
  TScoringEscalation,
  TScoringExtension,
  TScoringInput,
  TScoringMeasure,
  TScoringReport,
  TScoringTarget,
} from '../../../scoring/types';

export const calendar = calendarFromDays(CN_DAYS);

/** Ten in the morning, Shanghai time, on an ISO date: when offices submit. */
export const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);

export function measure(
  id: string,
  m: Partial<Omit<TScoringMeasure, 'due' | 'periods'>> & { due: string; periods?: [string, string][] },
): TScoringMeasure {
  return {
    id,
    ref: m.ref ?? id,
    title: m.title ?? `措施${id}`,
    weight: m.weight ?? 1,
    due: at(m.due, '00:00'),
    periods: (m.periods ?? [['final', m.due]]).map(([period, due]) => ({ period, dueAt: at(due, '00:00') })),
    targets: m.targets ?? [],
  };
}

export const target = (id: string, indicator: string, comparator: TScoringTarget['comparator'], value: number, unit: string): TScoringTarget => ({
  id,
  indicator,
  comparator,
  value,
  unit,
});

export const assignment = (id: string, measureId: string, unitId: string, role: TScoringAssignment['role']): TScoringAssignment => ({
  id,
  measureId,
  unitId,
  role,
});

export function report(
  id: string,
  assignmentId: string,
  period: string,
  submitted: string,
  r: { status?: TScoringReport['status']; percent?: number; values?: Record<string, number> } = {},
): TScoringReport {
  return {
    id,
    assignmentId,
    period,
    status: r.status ?? 'in_progress',
    percent: r.percent ?? (r.status === 'done' ? 100 : 50),
    targetValues: Object.entries(r.values ?? {}).map(([targetId, value]) => ({ targetId, value })),
    submittedAt: at(submitted),
  };
}

export const extension = (
  id: string,
  assignmentId: string,
  period: string,
  originalDue: string,
  requestedDue: string,
  status: TScoringExtension['status'],
): TScoringExtension => ({ id, assignmentId, period, originalDue: at(originalDue, '00:00'), requestedDue: at(requestedDue, '00:00'), status });

export const escalation = (
  id: string,
  assignmentId: string,
  level: TScoringEscalation['level'],
  period: string,
  workingDaysLate: number,
  sent: string,
): TScoringEscalation => ({ id, assignmentId, level, period, workingDaysLate, sentAt: at(sent, '09:00') });

export function plan(p: Partial<Omit<TScoringInput, 'asOf'>> & { asOf: string }): TScoringInput {
  return {
    planId: p.planId ?? 'plan-1',
    asOf: at(p.asOf, '18:00'),
    units: p.units ?? [],
    measures: p.measures ?? [],
    assignments: p.assignments ?? [],
    reports: p.reports ?? [],
    extensions: p.extensions ?? [],
    escalations: p.escalations ?? [],
  };
}

/**
 * The small plan most tests score by hand (dates on China's 2026–27 calendar):
 * - 一/(一) 大气治理, due 2026-12-31, half-yearly reports (H1 due 07-15, H2 due 12-31), two targets:
 *   PM2.5 ≤ 35 and 优良天数比例 ≥ 80%. 发改委 leads, 环保局 cooperates.
 * - 一/(二) 工业整治, weight 2, no targets, one final report due 2026-06-30. 环保局 leads (with an approved extension to
 *   07-31), 发改委 cooperates (its extension was refused).
 * So 发改委 leads one measure and cooperates on the other, and 环保局 the reverse.
 */
export function smallPlan(asOf = '2027-01-20'): TScoringInput {
  return plan({
    asOf,
    units: [
      { id: 'u-ndrc', name: '市发改委' },
      { id: 'u-env', name: '市环保局' },
    ],
    measures: [
      measure('m-air', {
        ref: '一/(一)',
        title: '大气污染防治',
        due: '2026-12-31',
        periods: [
          ['2026-H1', '2026-07-15'],
          ['2026-H2', '2026-12-31'],
        ],
        targets: [target('t-pm', 'PM2.5年均浓度', 'lte', 35, '微克/立方米'), target('t-days', '空气优良天数比例', 'gte', 80, '%')],
      }),
      measure('m-ind', { ref: '一/(二)', title: '工业企业整治', weight: 2, due: '2026-06-30' }),
    ],
    assignments: [
      assignment('a-air-ndrc', 'm-air', 'u-ndrc', 'lead'),
      assignment('a-air-env', 'm-air', 'u-env', 'cooperating'),
      assignment('a-ind-env', 'm-ind', 'u-env', 'lead'),
      assignment('a-ind-ndrc', 'm-ind', 'u-ndrc', 'cooperating'),
    ],
    reports: [
      report('r1', 'a-air-ndrc', '2026-H1', '2026-07-10', { percent: 50, values: { 't-pm': 40, 't-days': 78 } }),
      report('r2', 'a-air-ndrc', '2026-H2', '2026-12-30', { status: 'done', values: { 't-pm': 33, 't-days': 78 } }),
      report('r3', 'a-air-env', '2026-H1', '2026-07-20', { percent: 60 }),
      report('r4', 'a-ind-env', 'final', '2026-07-20', { status: 'done' }),
      report('r5', 'a-ind-ndrc', 'final', '2026-07-02', { percent: 80 }),
    ],
    extensions: [
      extension('x1', 'a-ind-env', 'final', '2026-06-30', '2026-07-31', 'approved'),
      extension('x2', 'a-ind-ndrc', 'final', '2026-06-30', '2026-07-15', 'refused'),
    ],
    escalations: [
      escalation('e1', 'a-air-env', 'urge', '2026-H1', 1, '2026-07-16'),
      escalation('e2', 'a-air-env', 'urge', '2026-H2', 1, '2027-01-04'),
      escalation('e3', 'a-air-env', 'supervise', '2026-H2', 3, '2027-01-06'),
      escalation('e4', 'a-air-env', 'coordinator', '2026-H2', 7, '2027-01-12'),
    ],
  });
}
