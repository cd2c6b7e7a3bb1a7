import { randomUUID } from 'node:crypto';
import { Prisma, type Db } from '../../prisma/client';
import { assessedYears, computeScores } from '../../scoring/compute-scores';
import { WHOLE_PERIOD, type TScoreSet } from '../../scoring/types';
import { InvalidRubricError, loadScoringInput } from './load-scoring-input';

/**
 * How often the score keeper may rescore: after a computation that took d, the next waits 3 d (at most 30 s), so
 * scoring takes at most a quarter of the database's time however fast reports arrive.
 */
export const SCORING_PACE = { restFactor: 3, maxRestMs: 30_000 };

/**
 * Computes a plan's scores as of `asOf` from the database, for the whole period and for each year of it, and stores
 * them; returns the whole period's set and how many rows it wrote.
 * Throws PlanNotFoundError or InvalidRubricError (load-scoring-input) when there is nothing to score.
 *
 * The scores of a year the office has finalised (定稿, services/assessment/finalise-results) are left as they are.
 *
 * Idempotent and safe against retries and races: all rows are written in one transaction; `computedAt` is `asOf`, not
 * the wall clock, so a repeat writes identical rows; a row is only overwritten by a computation as of the same or a
 * later instant, so a late repeat of an older computation cannot replace newer scores; and rows this computation did
 * not produce (a measure since cancelled) are removed when older than `asOf`.
 */
export async function scorePlan(db: Db, planId: string, asOf: Date): Promise<{ set: TScoreSet; rows: number }> {
  const sets = await computePlanScores(db, planId, asOf);
  let rows = 0;
  await db.$transaction(
    async (tx) => {
      rows = await storeScores(tx, sets);
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
  return { set: sets[0]!, rows };
}

/**
 * The same inside the caller's transaction, read and written through it: 定稿 (services/assessment/finalise-results)
 * scores the year under the locks that keep any change out until the year is final.
 */
export async function scorePlanIn(tx: Prisma.TransactionClient, planId: string, asOf: Date): Promise<{ set: TScoreSet; rows: number }> {
  const sets = await computePlanScores(tx, planId, asOf);
  return { set: sets[0]!, rows: await storeScores(tx, sets) };
}

/** The whole period's set first, then each year's. */
async function computePlanScores(db: Db | Prisma.TransactionClient, planId: string, asOf: Date): Promise<TScoreSet[]> {
  const { input, rubric, calendar } = await loadScoringInput(db, planId, asOf);
  const set = computeScores(input, rubric, calendar, WHOLE_PERIOD);
  return [set, ...assessedYears(input).map((year) => computeScores(input, rubric, calendar, year))];
}

async function storeScores(tx: Prisma.TransactionClient, sets: TScoreSet[]): Promise<number> {
  const set = sets[0]!;
  const rows = sets.flatMap((y) => [...y.assignments, ...y.measures, ...y.units, y.plan].map((s) => ({ ...s, year: y.year }))).map((s) => ({
    id: randomUUID(),
    year: s.year,
    scope: s.scope,
    subjectId: s.subjectId,
    points: s.points,
    maxPoints: s.maxPoints,
    grade: s.grade,
    breakdown: s.breakdown,
  }));
  // A final year's scores (定稿) stay as they were finalised. Sharing the plan's year rows makes a 定稿 or reopen
  // wait for this write, so the stage read here holds until it commits.
  const years = await tx.$queryRaw<{ year: number; stage: string }[]>`
    SELECT "year", "stage"::text AS "stage" FROM "AssessmentYear" WHERE "planId" = ${set.planId} FOR SHARE`;
  const locked = years.filter((y) => y.stage === 'final').map((y) => y.year);
  const open = rows.filter((r) => !locked.includes(r.year));
  // One upsert statement per chunk keeps round trips few on a 10,000-assignment plan while bounding parameter size.
  const chunks: (typeof rows)[] = [];
  for (let i = 0; i < open.length; i += 2_000) chunks.push(open.slice(i, i + 2_000));
  for (const chunk of chunks) {
    await tx.$executeRaw`
      INSERT INTO "Score" ("id", "planId", "year", "scope", "subjectId", "points", "maxPoints", "grade", "rubricVersion", "breakdown", "computedAt")
      SELECT r."id", ${set.planId}, r."year", r."scope"::"ScoreScope", r."subjectId", r."points", r."maxPoints", r."grade",
             ${set.rubricVersion}::int, r."breakdown", ${set.asOf}::timestamp(3)
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS r("id" text, "year" int, "scope" text, "subjectId" text, "points" float8, "maxPoints" float8, "grade" text, "breakdown" jsonb)
      ON CONFLICT ("planId", "year", "scope", "subjectId") DO UPDATE SET
        "points" = EXCLUDED."points", "maxPoints" = EXCLUDED."maxPoints", "grade" = EXCLUDED."grade",
        "rubricVersion" = EXCLUDED."rubricVersion", "breakdown" = EXCLUDED."breakdown", "computedAt" = EXCLUDED."computedAt"
      WHERE "Score"."computedAt" <= EXCLUDED."computedAt"`;
  }
  await tx.$executeRaw`DELETE FROM "Score" WHERE "planId" = ${set.planId} AND "computedAt" < ${set.asOf}::timestamp(3) AND NOT ("year" = ANY(${locked}::int[]))`;
  return open.length;
}

/**
 * The statement that records a change the plan's scores owe (a report, a measure's completion, a coordinator's
 * action), as part of the statement or transaction that makes the change: the worker's score keeper (worker/score-keeper.ts)
 * rescores the plan as of the latest such instant. `planId` is SQL, so a caller can select it from the row it writes.
 */
export function owePlanScores(planId: Prisma.Sql, at: Date, when: Prisma.Sql = Prisma.sql`TRUE`): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Plan" SET "scoresOwed" = "scoresOwed" + 1, "scoresOwedAsOf" = GREATEST("scoresOwedAsOf", ${at}::timestamp(3))
    WHERE "id" = (${planId}) AND ${when}`;
}

type TClaimed = { id: string; owed: number; asOf: Date };
export type TPlanProblem = { planId: string; message: string };

/**
 * How long a score keeper's claim on a plan holds: far longer than scoring the largest plan takes (seconds, see
 * `duban bench --only score`), short enough that a plan whose keeper died is taken over soon by another.
 */
export const SCORING_CLAIM_MS = 120_000;

/**
 * Claims the next owed plan that no other keeper holds, in one statement: with several workers, each plan is scored by
 * one keeper at a time. SKIP LOCKED leaves a plan another keeper is claiming this instant to that keeper rather than
 * waiting for it; a claim that has lapsed (its keeper died) is taken over. Plans in `skip` were tried in this pass.
 */
async function claimNextOwedPlan(db: Db, keeper: string, skip: string[]): Promise<TClaimed | null> {
  const [claimed] = await db.$queryRaw<TClaimed[]>`
    WITH next AS (
      SELECT "id" FROM "Plan"
      WHERE "scoresOwed" > 0
        AND ("scoringUntil" IS NULL OR "scoringUntil" < (clock_timestamp() AT TIME ZONE 'UTC'))
        AND NOT ("id" = ANY(${skip}::text[]))
      ORDER BY "scoresOwedAsOf", "id"
      LIMIT 1
      FOR UPDATE SKIP LOCKED)
    UPDATE "Plan" p
    SET "scoringBy" = ${keeper}, "scoringUntil" = (clock_timestamp() AT TIME ZONE 'UTC') + ${SCORING_CLAIM_MS} * interval '1 millisecond'
    FROM next
    WHERE p."id" = next."id"
    RETURNING p."id", p."scoresOwed" AS "owed",
      GREATEST(p."scoresOwedAsOf", (SELECT s."computedAt" FROM "Score" s WHERE s."planId" = p."id" AND s."year" = 0 AND s."scope" = 'plan' AND s."subjectId" = p."id")) AS "asOf"`;
  return claimed ?? null;
}

/**
 * Gives a claimed plan back; `settle` also clears what it owed, unless more was owed since the claim (the count moved).
 * A keeper whose claim lapsed and was taken over touches nothing: the plan is the other keeper's now.
 */
async function releasePlan(db: Db, keeper: string, plan: TClaimed, settle: boolean): Promise<void> {
  await db.$executeRaw`
    UPDATE "Plan" SET
      "scoresOwed" = CASE WHEN ${settle} AND "scoresOwed" = ${plan.owed} THEN 0 ELSE "scoresOwed" END,
      "scoresOwedAsOf" = CASE WHEN ${settle} AND "scoresOwed" = ${plan.owed} THEN NULL ELSE "scoresOwedAsOf" END,
      "scoringBy" = NULL, "scoringUntil" = NULL
    WHERE "id" = ${plan.id} AND "scoringBy" = ${keeper}`;
}

/**
 * One pass of a score keeper (`keeper`: its own id): claims, rescores and settles every owed plan no other keeper holds,
 * one plan at a time, each as of the later of its owed instant and its current scores' instant. A change recorded while
 * its plan was being scored leaves the plan owing (the count moved), so the next pass scores it. A plan whose rubric
 * cannot be read is settled unscored and named in `invalid`: rescoring it cannot succeed until the rubric changes. A
 * plan whose scoring failed otherwise is given back still owing and named in `failed`, and the pass goes on: one
 * plan's trouble delays no other's scores.
 */
export async function rescoreOwedPlans(
  db: Db,
  keeper: string = randomUUID(),
): Promise<{ scored: string[]; invalid: TPlanProblem[]; failed: TPlanProblem[] }> {
  const scored: string[] = [];
  const invalid: TPlanProblem[] = [];
  const failed: TPlanProblem[] = [];
  const tried: string[] = [];
  for (let plan = await claimNextOwedPlan(db, keeper, tried); plan; plan = await claimNextOwedPlan(db, keeper, tried)) {
    tried.push(plan.id);
    try {
      await scorePlan(db, plan.id, plan.asOf);
      scored.push(plan.id);
    } catch (err) {
      const problem = { planId: plan.id, message: (err as Error).message };
      if (!(err instanceof InvalidRubricError)) {
        failed.push(problem);
        await releasePlan(db, keeper, plan, false);
        continue;
      }
      invalid.push(problem);
    }
    await releasePlan(db, keeper, plan, true);
  }
  return { scored, invalid, failed };
}
