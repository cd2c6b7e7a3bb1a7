import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { InvalidRubricError, PlanNotFoundError } from '../../services/scoring/load-scoring-input';
import { SCORING_PACE, scorePlan } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';
import { createCoalescer } from './coalesce';

export const SCORING_FAILURE = { planNotFound: 'PlanNotFound', invalidRubric: 'InvalidRubric' } as const;

export const ZRecomputeScoresInputSchema = z.object({
  planId: z.string().min(1),
  asOf: z.iso.datetime({ offset: true }).describe('score as of this instant: the workflow time of the report or period close'),
  unlessCurrent: z
    .boolean()
    .default(false)
    .describe('compute nothing when the plan already has scores as of `asOf` or later: every measure of a plan asks at the same period close'),
});
export type TRecomputeScoresInput = z.input<typeof ZRecomputeScoresInputSchema>;
/** `scores`: rows written, 0 when `unlessCurrent` found the stored scores current (the figures are then the stored ones). */
export type TRecomputeScoresResult = { planId: string; rubricVersion: number; asOf: string; scores: number; planPoints: number; planGrade: string };

/**
 * Recomputes and stores every score of a plan (services/scoring/score-plan). Workflows call it at each period's close
 * (every measure of the plan, spread and with `unlessCurrent`), and workflows started before the score keeper
 * (worker/score-keeper.ts) also after each report and on cancellation.
 *
 * Calls for one plan are coalesced in this worker (./coalesce): calls arriving together, from any of the plan's
 * measures, share one computation as of the latest of their instants, which starts after every one of them was
 * made. The answer's `asOf` is that computation's, never earlier than the caller's.
 */
export function createScoringActivities({ db }: Pick<TActivityDeps, 'db'>) {
  const recompute = createCoalescer(
    (planId: string, asOf: Date) => scoreOrFail(db, planId, asOf),
    { merge: (a, b) => (a > b ? a : b), ...SCORING_PACE },
  );
  return {
    async recomputePlanScores(raw: TRecomputeScoresInput): Promise<TRecomputeScoresResult> {
      const { planId, asOf, unlessCurrent } = ZRecomputeScoresInputSchema.parse(raw);
      if (unlessCurrent) {
        const current = await db.score.findFirst({ where: { planId, scope: 'plan', subjectId: planId, computedAt: { gte: new Date(asOf) } } });
        if (current) {
          return { planId, rubricVersion: current.rubricVersion, asOf: current.computedAt.toISOString(), scores: 0, planPoints: current.points, planGrade: current.grade };
        }
      }
      const { set, rows: scores } = await heartbeating(recompute(planId, new Date(asOf)));
      return { planId, rubricVersion: set.rubricVersion, asOf: set.asOf.toISOString(), scores, planPoints: set.plan.points, planGrade: set.plan.grade };
    },
  };
}

/** While an activity waits its turn, it tells Temporal it is alive, so a worker that dies is noticed in seconds. */
async function heartbeating<T>(work: Promise<T>): Promise<T> {
  const ctx = asyncLocalStorage.getStore();
  if (!ctx) return work;
  const timer = setInterval(() => ctx.heartbeat(), 2_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** Scores the plan; a missing plan or a bad rubric fails the activity for good, since retrying cannot mend either. */
async function scoreOrFail(db: Db, planId: string, asOf: Date) {
  try {
    return await scorePlan(db, planId, asOf);
  } catch (err) {
    if (err instanceof PlanNotFoundError) {
      throw ApplicationFailure.create({ type: SCORING_FAILURE.planNotFound, nonRetryable: true, message: err.message });
    }
    if (err instanceof InvalidRubricError) {
      throw ApplicationFailure.create({ type: SCORING_FAILURE.invalidRubric, nonRetryable: true, message: err.message });
    }
    throw err;
  }
}
