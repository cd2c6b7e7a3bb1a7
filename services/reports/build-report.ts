import type { Db } from '../../prisma/client';
import type { TReport } from '../../report/report-model';
import { computeScores } from '../../scoring/compute-scores';
import { loadScoringInput } from '../scoring/load-scoring-input';

/**
 * A plan's assessment report as of `asOf` (now, by default): scores computed afresh from the recorded facts — the
 * same function the recompute activity stores — so the report never shows scores staler than its own 台账.
 * Throws PlanNotFoundError for an unknown plan.
 */
export async function buildReport(db: Db, planId: string, asOf: Date = new Date()): Promise<TReport> {
  const { plan, rubric, calendar, input } = await loadScoringInput(db, planId, asOf);
  const [measures, narratives] = await Promise.all([
    db.measure.findMany({ where: { planId }, select: { id: true, colour: true, status: true } }),
    db.progressReport.findMany({
      where: { assignment: { measure: { planId } }, submittedAt: { lte: asOf } },
      select: { id: true, narrative: true },
    }),
  ]);
  return {
    plan,
    asOf,
    scores: computeScores(input, rubric, calendar),
    input,
    measureState: new Map(measures.map((m) => [m.id, { colour: m.colour, status: m.status }])),
    narratives: new Map(narratives.map((r) => [r.id, r.narrative])),
  };
}
