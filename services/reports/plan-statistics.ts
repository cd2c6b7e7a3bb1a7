import type { TCalendar } from '../../calendar/working-days';
import type { Db } from '../../prisma/client';
import { indicatorValuesOf, type TIndicatorRow } from '../../report/indicator-table';
import { planStatistics, type TPlanStatistics } from '../../report/statistics';
import type { TScoreSet, TScoringInput } from '../../scoring/types';

/**
 * A plan's statistics from what scoring judged (each report's due date in force and whether it came on time), the
 * office's reviews (审核) and the indicator table, as of the input's instant.
 */
export async function loadPlanStatistics(
  db: Db,
  at: { input: TScoringInput; scores: TScoreSet; calendar: TCalendar; indicators: readonly TIndicatorRow[] },
): Promise<TPlanStatistics> {
  const { input, scores } = at;
  const ids = scores.assignments.map((a) => a.subjectId);
  const [assigned, reviews] = await Promise.all([
    db.assignment.findMany({ where: { id: { in: ids } }, select: { id: true, assignedAt: true } }),
    db.progressReport.findMany({
      // The office's reviews, not a lead unit's return of a part.
      where: { assignmentId: { in: ids }, review: { in: ['accepted', 'returned'] }, toLead: false, reviewedAt: { lte: input.asOf } },
      select: { assignmentId: true, period: true, review: true },
    }),
  ]);
  const assignedAt = new Map(assigned.map((a) => [a.id, a.assignedAt]));
  // 办结: the first counting report that says 完成 (scoring's input holds only reports accepted or needing no review).
  const doneBy = new Map<string, { at: Date; period: string }>();
  for (const r of [...input.reports].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime()))
    if (r.status === 'done' && !doneBy.has(r.assignmentId)) doneBy.set(r.assignmentId, { at: r.submittedAt, period: r.period });
  return planStatistics(
    {
      asOf: input.asOf,
      units: input.units,
      assignments: scores.assignments.map((a) => ({
        id: a.subjectId,
        unitId: a.unitId,
        measureId: a.measureId,
        assignedAt: assignedAt.get(a.subjectId) ?? input.asOf,
        periods: a.periods.map((p) => ({ period: p.period, dueAt: p.dueAt, state: p.state })),
        done: doneBy.get(a.subjectId) ?? null,
      })),
      reviews: reviews.map((r) => ({ assignmentId: r.assignmentId, period: r.period, outcome: r.review as 'accepted' | 'returned' })),
      escalations: input.escalations.filter((e) => assignedAt.has(e.assignmentId)),
      indicatorValues: indicatorValuesOf(at.indicators),
    },
    at.calendar,
  );
}
