import { randomUUID } from 'node:crypto';
import { ApplicationFailure, asyncLocalStorage } from '@temporalio/activity';
import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { computeScores } from '../../scoring/compute-scores';
import type { TScoreSet } from '../../scoring/types';
import { InvalidRubricError, loadScoringInput, PlanNotFoundError } from '../../services/scoring/load-scoring-input';
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
 * How often one plan may be rescored: after a computation that took d, the plan rests 3 d (at most 30 s) before the
 * next, so scoring takes at most a quarter of the database's time however fast reports arrive.
 */
const SCORING_PACE = { restFactor: 3, maxRestMs: 30_000 };

/**
 * Recomputes and stores every score of a plan. Workflows call it when a report arrives and at each period's close.
 *
 * Calls for one plan are coalesced in this worker (./coalesce): reports arriving together, from any of the plan's
 * measures, share one computation as of the latest of their instants, which starts after every one of them was
 * recorded. The answer's `asOf` is that computation's, never earlier than the caller's.
 *
 * Idempotent and safe against retries and races: all rows are written in one statement inside one transaction;
 * `computedAt` is `asOf`, not the wall clock, so a retry writes identical rows; a row is only overwritten by a
 * computation as of the same or a later instant, so a delayed retry of an older recompute cannot replace newer
 * scores; and rows this run did not produce (a measure since cancelled) are removed when older than `asOf`.
 */
export function createScoringActivities({ db }: Pick<TActivityDeps, 'db'>) {
  const recompute = createCoalescer(
    async (planId: string, asOf: Date) => {
      const set = await computePlanScores(db, planId, asOf);
      return { set, scores: await storeScores(db, set) };
    },
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
      const { set, scores } = await heartbeating(recompute(planId, new Date(asOf)));
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

async function computePlanScores(db: Db, planId: string, asOf: Date): Promise<TScoreSet> {
  try {
    const { input, rubric, calendar } = await loadScoringInput(db, planId, asOf);
    return computeScores(input, rubric, calendar);
  } catch (err) {
    // Retrying cannot make a missing plan appear or a bad rubric valid: fail the activity for good, and say why.
    if (err instanceof PlanNotFoundError) {
      throw ApplicationFailure.create({ type: SCORING_FAILURE.planNotFound, nonRetryable: true, message: err.message });
    }
    if (err instanceof InvalidRubricError) {
      throw ApplicationFailure.create({ type: SCORING_FAILURE.invalidRubric, nonRetryable: true, message: err.message });
    }
    throw err;
  }
}

/** Writes a score set as Score rows; returns how many rows it produced. */
async function storeScores(db: Db, set: TScoreSet): Promise<number> {
  const rows = [...set.assignments, ...set.measures, ...set.units, set.plan].map((s) => ({
    id: randomUUID(),
    scope: s.scope,
    subjectId: s.subjectId,
    points: s.points,
    maxPoints: s.maxPoints,
    grade: s.grade,
    breakdown: s.breakdown,
  }));
  // One upsert statement per chunk keeps round trips few on a 10,000-assignment plan while bounding parameter size.
  const chunks: (typeof rows)[] = [];
  for (let i = 0; i < rows.length; i += 2_000) chunks.push(rows.slice(i, i + 2_000));
  await db.$transaction(
    async (tx) => {
      for (const chunk of chunks) {
        await tx.$executeRaw`
          INSERT INTO "Score" ("id", "planId", "scope", "subjectId", "points", "maxPoints", "grade", "rubricVersion", "breakdown", "computedAt")
          SELECT r."id", ${set.planId}, r."scope"::"ScoreScope", r."subjectId", r."points", r."maxPoints", r."grade",
                 ${set.rubricVersion}::int, r."breakdown", ${set.asOf}::timestamp(3)
          FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
            AS r("id" text, "scope" text, "subjectId" text, "points" float8, "maxPoints" float8, "grade" text, "breakdown" jsonb)
          ON CONFLICT ("planId", "scope", "subjectId") DO UPDATE SET
            "points" = EXCLUDED."points", "maxPoints" = EXCLUDED."maxPoints", "grade" = EXCLUDED."grade",
            "rubricVersion" = EXCLUDED."rubricVersion", "breakdown" = EXCLUDED."breakdown", "computedAt" = EXCLUDED."computedAt"
          WHERE "Score"."computedAt" <= EXCLUDED."computedAt"`;
      }
      await tx.$executeRaw`DELETE FROM "Score" WHERE "planId" = ${set.planId} AND "computedAt" < ${set.asOf}::timestamp(3)`;
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  return rows.length;
}
