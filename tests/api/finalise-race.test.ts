import { describe, expect } from 'vitest';
import pg from 'pg';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { scorePlan } from '../../services/scoring/score-plan';
import { appTest as test } from '../support/fixtures';
import { waitFor } from '../support/wait-for';

const YEAR = 2026;

describe('定稿 and a report arriving while it runs', () => {
  test('a report whose transaction commits while 定稿 waits for it is in the locked scores, never left between a rescore and the lock', async ({ t, w }) => {
    await scorePlan(t.db, w.plan.id, new Date());
    const yearScore = () => t.db.score.findFirstOrThrow({ where: { planId: w.plan.id, year: YEAR, scope: 'unit', subjectId: w.unitB.id } });
    const before = await yearScore();
    // 区教育局's half-year report as the worker's projection writes it, from a connection of its own: the row and the
    // score it owes, in one transaction that 定稿 starts during.
    const worker = new pg.Client({ connectionString: t.database.url });
    await worker.connect();
    let finalising: Promise<{ year: number; version: number }>;
    try {
      await worker.query('BEGIN');
      await worker.query(
        `INSERT INTO "ProgressReport" ("id", "assignmentId", "period", "dueAt", "status", "percent", "narrative", "submittedAt", "submittedById", "idempotencyKey")
         VALUES ('during-finalise', $1, '2026-H1', '2026-07-15T00:00:00Z', 'done', 100, '已全部完成', '2026-07-14T02:00:00Z', $2, 'during-finalise')`,
        [w.assignmentB.id, w.memberB.id],
      );
      await worker.query(`UPDATE "Plan" SET "scoresOwed" = "scoresOwed" + 1 WHERE "id" = $1`, [w.plan.id]);
      finalising = finaliseResults({ db: t.db, now: () => new Date() }, w.plan.id, { year: YEAR }, { id: null, label: 'web' });
      // On PostgreSQL 定稿 has begun and waits for the plan's row the report's transaction holds; PGlite serves one
      // transaction at a time, so there it starts once that one ends.
      if (process.env.DUBAN_TEST_DB === 'postgres') {
        await waitFor('定稿 waiting for the plan’s row', async () => {
          const { rows } = await worker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
          return rows[0].n > 0;
        }, { timeoutMs: 30_000, progress: async () => JSON.stringify((await worker.query(`SELECT state, wait_event_type, left(query, 60) AS q FROM pg_stat_activity WHERE datname = current_database()`)).rows) });
      }
      await worker.query('COMMIT');
    } finally {
      await worker.end();
    }
    expect(await finalising).toEqual({ year: YEAR, version: 1, planClosed: false });
    const locked = await yearScore();
    expect(locked.points).toBeGreaterThan(before.points);
    // The locked year holds what a rescore of the same instant computes from everything committed.
    await t.db.assessmentYear.update({ where: { planId_year: { planId: w.plan.id, year: YEAR } }, data: { stage: 'open' } });
    await scorePlan(t.db, w.plan.id, locked.computedAt);
    expect((await yearScore()).points).toBe(locked.points);
  }, 240_000);
});
