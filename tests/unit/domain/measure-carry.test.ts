import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../domain/clock';
import { ANSWERS_KEPT, answersToCarry, reportsToCarry, type TKeptAnswer } from '../../../domain/measure-carry';
import { assignmentsDue, assignmentColour, decideNext, isComplete, periodForReport, requiredPeriods } from '../../../domain/measure-rules';
import type { TReportState } from '../../../domain/measure-state';
import { ALL_CHASED, at, cal, ladder, measure } from './rules-fixture';

const NOW = at('2026-07-16');
const kept = (daysAgo: number, answer: unknown = daysAgo): TKeptAnswer => ({ at: NOW - daysAgo * DAY_MS, answer });
const r = (assignmentId: string, period: string, status: TReportState['status'] = 'in_progress', percent = 50, n = 0): TReportState => ({
  reportId: `${assignmentId}-${period}-${n}`,
  assignmentId,
  period,
  status,
  percent,
  at: n,
});

describe('the answers a measure carries into its next run', () => {
  it('keeps those a retry can still ask for: given within a week', () => {
    const answers: [string, TKeptAnswer][] = [
      ['old', kept(8)],
      ['constructor', kept(1)],
      ['__proto__', kept(0.5)],
      ['edge', kept(7)],
    ];
    expect(answersToCarry(answers, NOW)).toEqual([
      ['constructor', kept(1)],
      ['__proto__', kept(0.5)],
      ['edge', kept(7)],
    ]);
  });

  it('keeps at most the latest few hundred, however busy the week', () => {
    const many = Array.from({ length: ANSWERS_KEPT.atMost + 50 }, (_, i): [string, TKeptAnswer] => [`k${i}`, { at: NOW - DAY_MS + i, answer: i }]);
    const carried = answersToCarry(many, NOW);
    expect(carried).toHaveLength(ANSWERS_KEPT.atMost);
    expect(carried[0]![0]).toBe('k50');
    expect(carried.at(-1)![0]).toBe(`k${ANSWERS_KEPT.atMost + 49}`);
  });
});

describe('the reports a measure carries into its next run', () => {
  it.each<[string, TReportState[], string[]]>([
    ['one report per unit and period: all', [r('a-lead', '2026-H1'), r('a-coop', '2026-H1')], ['a-lead-2026-H1-0', 'a-coop-2026-H1-0']],
    ['several for a period: the latest', [r('a-lead', '2026-H1', 'in_progress', 20, 1), r('a-coop', '2026-H1'), r('a-lead', '2026-H1', 'in_progress', 40, 2)],
      ['a-coop-2026-H1-0', 'a-lead-2026-H1-2']],
    ['a done followed by more: the first done and the latest', [r('a-lead', '2026-H1', 'done', 100, 1), r('a-lead', '2026-H1', 'done', 100, 2), r('a-lead', '2026-H1', 'blocked', 90, 3)],
      ['a-lead-2026-H1-1', 'a-lead-2026-H1-3']],
    ['each period on its own', [r('a-lead', '2026-H1', 'in_progress', 20, 1), r('a-lead', '2026-H1', 'in_progress', 30, 2), r('a-lead', '2026-H2', 'in_progress', 60, 3)],
      ['a-lead-2026-H1-2', 'a-lead-2026-H2-3']],
  ])('%s', (_w, reports, ids) => {
    expect(reportsToCarry(reports).map((x) => x.reportId)).toEqual(ids);
  });

  it('leaves every rule’s answer as it was', () => {
    const reports = fc.array(
      fc.record({
        assignmentId: fc.constantFrom('a-lead', 'a-coop'),
        period: fc.constantFrom('2026-H1', '2026-H2'),
        status: fc.constantFrom('not_started', 'in_progress', 'done', 'blocked') as fc.Arbitrary<TReportState['status']>,
        percent: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 12 },
    );
    const instants = fc.integer({ min: at('2026-01-06'), max: at('2027-03-01') });
    fc.assert(
      fc.property(reports, instants, (rs, now) => {
        const full = measure({ reports: rs.map((x, i) => ({ ...x, reportId: `r${i}`, at: i })) });
        const carried = { ...full, reports: reportsToCarry(full.reports) };
        const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
        for (const rule of ['leads-done-and-cooperating-reported', 'leads-done', 'all-done'] as const) {
          expect(isComplete(carried, rule)).toBe(isComplete(full, rule));
          expect(decideNext(carried, now, cal, ladder, rule, ALL_CHASED)).toEqual(decideNext(full, now, cal, ladder, rule, ALL_CHASED));
        }
        expect(requiredPeriods(carried)).toEqual(requiredPeriods(full));
        expect(assignmentsDue(carried)).toEqual(assignmentsDue(full));
        for (const a of full.assignments) {
          expect(periodForReport(carried, a.id, today)).toEqual(periodForReport(full, a.id, today));
          expect(assignmentColour(carried, a, today, cal, ladder)).toEqual(assignmentColour(full, a, today, cal, ladder));
        }
      }),
    );
  });
});
