import type { Db } from '../../prisma/client';
import type { TReport } from '../../report/report-model';
import { computeScores } from '../../scoring/compute-scores';
import { loadScoringInput } from '../scoring/load-scoring-input';

/**
 * A plan's assessment report as of `asOf`: scores computed afresh from the recorded facts — the same function the
 * score keeper stores — so the report never shows scores staler than its own 台账.
 * Without `asOf`, it is now, or the latest recorded report or escalation if that is later: under the demo's
 * compressed clock the workflows record virtual times ahead of the wall clock, and a report must not hide them.
 * Throws PlanNotFoundError for an unknown plan.
 */
export async function buildReport(db: Db, planId: string, asOf?: Date): Promise<TReport> {
  const at = asOf ?? (await latestRecorded(db, planId, new Date()));
  const { plan, rubric, calendar, input } = await loadScoringInput(db, planId, at);
  const [measures, narratives] = await Promise.all([
    db.measure.findMany({
      where: { planId },
      orderBy: { seq: 'asc' },
      select: { id: true, ref: true, title: true, due: true, seq: true, colour: true, status: true },
    }),
    db.progressReport.findMany({
      where: { assignment: { measure: { planId } }, submittedAt: { lte: at } },
      select: { id: true, narrative: true },
    }),
  ]);
  return {
    plan,
    asOf: at,
    rubric,
    scores: computeScores(input, rubric, calendar),
    input,
    measureState: new Map(measures.map((m) => [m.id, { colour: m.colour, status: m.status, seq: m.seq }])),
    cancelled: measures.filter((m) => m.status === 'cancelled').map(({ id, ref, title, due, seq }) => ({ id, ref, title, due, seq })),
    narratives: new Map(narratives.map((r) => [r.id, r.narrative])),
  };
}

async function latestRecorded(db: Db, planId: string, now: Date): Promise<Date> {
  const ofPlan = { assignment: { measure: { planId } } };
  const [reports, escalations] = await Promise.all([
    db.progressReport.aggregate({ where: ofPlan, _max: { submittedAt: true } }),
    db.escalation.aggregate({ where: ofPlan, _max: { sentAt: true } }),
  ]);
  const times = [now, reports._max.submittedAt, escalations._max.sentAt].filter((d): d is Date => d instanceof Date);
  return new Date(Math.max(...times.map((d) => d.getTime())));
}
