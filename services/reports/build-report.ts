import type { Db } from '../../prisma/client';
import type { TReport } from '../../report/report-model';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { computeScores, inYear } from '../../scoring/compute-scores';
import { WHOLE_PERIOD } from '../../scoring/types';
import { loadScoringInput } from '../scoring/load-scoring-input';
import { colourHistory } from '../../report/colour-history';
import { loadIndicatorTable } from './plan-indicators';
import { loadPlanStatistics } from './plan-statistics';

/**
 * A plan's assessment report as of `asOf`: scores computed afresh from the recorded facts — the same function the
 * score keeper stores — so the report never shows scores staler than its own 台账.
 * Without `asOf`, it is now, or the latest recorded report or escalation if that is later: under the demo's
 * compressed clock the workflows record virtual times ahead of the wall clock, and a report must not hide them.
 * `year`: one year of the plan's period, or 'all' (the whole period, the default); a year outside the period is refused
 * naming `year`. Throws PlanNotFoundError for an unknown plan.
 */
export async function buildReport(db: Db, planId: string, asOf?: Date, year: number | 'all' = 'all'): Promise<TReport> {
  const at = asOf ?? (await latestRecorded(db, planId, new Date()));
  const { plan, rubric, calendar, input } = await loadScoringInput(db, planId, at);
  const { period } = planSettingsOf(await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { period: true, year: true } }), ['period']);
  const years = periodYears(period);
  if (year !== 'all' && !years.includes(year)) {
    const refusal = say('yearNotInPeriod', { year, from: period.from, to: period.to });
    throw new AppError('VALIDATION_FAILED', refusal, [{ path: 'year', say: refusal }]);
  }
  const assessedYear = year === 'all' ? WHOLE_PERIOD : year;
  const [measures, narratives, changes, launched] = await Promise.all([
    db.measure.findMany({
      where: { planId },
      orderBy: { seq: 'asc' },
      select: { id: true, ref: true, title: true, due: true, seq: true, colour: true, status: true },
    }),
    db.progressReport.findMany({
      where: { assignment: { measure: { planId } }, submittedAt: { lte: at } },
      select: { id: true, narrative: true },
    }),
    db.colourChange.findMany({ where: { measure: { planId }, assignmentId: null, at: { lte: at } }, select: { measureId: true, from: true, to: true, at: true } }),
    db.plan.findUniqueOrThrow({ where: { id: planId }, select: { launchedAt: true } }),
  ]);
  const scoredInput = year === 'all' ? input : inYear(input, year);
  const scores = computeScores(input, rubric, calendar, assessedYear);
  const indicators = await loadIndicatorTable(db, scoredInput);
  const statistics = await loadPlanStatistics(db, { input: scoredInput, scores, calendar, indicators });
  const live = measures.filter((m) => m.status !== 'cancelled' && m.status !== 'draft');
  return {
    plan,
    assessed: { year: year === 'all' ? null : year, from: period.from, to: period.to, original: period.original },
    asOf: at,
    rubric,
    scores,
    input: scoredInput,
    indicators,
    statistics,
    colours: colourHistory(live, changes, { from: launched.launchedAt ?? at, to: at }),
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
