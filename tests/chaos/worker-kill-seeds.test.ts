import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { launchPlan } from '../../services/plans/launch-plan';
import { measureWorkflowId, submitProgressUpdate } from '../../workflows/measure/definitions';
import { isSettled } from '../support/settled';
import { waitFor } from '../support/wait-for';
import type { TestDatabase } from '../support/db';
import { stepOfKey } from '../support/mail-items';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { startChildWorkerStack, type ChildWorkerStack } from './child-worker-stack';

// Complements measure-crash.test.ts (one kill at fixed points, one unit per measure): here the kills fall at moments
// drawn from a seeded generator, measures have a lead and a cooperating unit, and reports are being submitted while
// the worker dies. The database's outbox says what should have been sent; the SMTP receiver must hold exactly that.

const SEEDS = [11, 23, 47];
const MEASURES = 30;
const REPORTING = 10;
const TASK_QUEUE = 'measure-chaos-seeds';
/** A virtual day in real ms: 催办 at 4.1 s after launch, 督办 at 16.1 s, the coordinator at 28.1 s. */
const DAY_MS = 3_000;
const ESCALATION_WINDOW_MS = [4_000, 28_000] as const;
const IN_FLIGHT = 10;

let s: ChildWorkerStack;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let smtp: ChildWorkerStack['smtp'];

beforeAll(async () => {
  s = await startChildWorkerStack({ taskQueue: TASK_QUEUE, activitySlots: IN_FLIGHT });
  ({ t, env, smtp } = s);
}, 300_000);
afterAll(async () => s?.close());

/** mulberry32: a small seeded generator, so a failing seed replays the same kill moments. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

async function killAndRestart(): Promise<void> {
  await s.killWorker();
  await s.startWorker();
}

/** Chaos timing only (when a kill lands, a reporter's back-off between retries): nothing waited for is a condition. */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.sequential('the worker SIGKILLed at random moments', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: no assignment, report or email lost or duplicated, no owed rescoring lost`, async () => {
      const rand = random(seed);
      const reg = await seedSmallRegistry(t.db, `-${seed}`);
      const { plan, measureIds } = await seedPlan(
        t.db,
        reg,
        Array.from({ length: MEASURES }, (_, i) => ({
          ref: `${i + 1}`,
          title: `措施${i + 1}`,
          due: '2026-07-15',
          parties: [
            { role: 'lead' as const, name: '市发展改革委', unitId: reg.units.fgw.id },
            { role: 'cooperating' as const, name: '市财政局', unitId: reg.units.czj.id },
          ],
        })),
        { schedule: { cadence: 'final' }, ladder: { reminderWorkingDaysBefore: 0, dueNotice: false } },
      );
      await s.startWorker(); // for the first seed; a later seed finds the one its predecessor restarted
      const launchedAt = Date.now();
      const launching = launchPlan(t.db, env.client, plan.id, {
        taskQueue: TASK_QUEUE,
        startDate: '2026-07-15',
        clock: { dayMs: DAY_MS, virtualStartMs: shanghaiMidnight('2026-07-15') },
      });
      await sleep(rand() * 3_000);
      await killAndRestart();
      expect((await launching).started).toBe(MEASURES);

      // Cooperating units of the first measures report while the next kill may land; each retries until answered.
      const mine = { measure: { planId: plan.id } };
      await waitFor('every assignment', async () => (await t.db.assignment.count({ where: mine })) === 2 * MEASURES, { timeoutMs: 120_000 });
      const reporting = await t.db.assignment.findMany({ where: { ...mine, role: 'cooperating', measureId: { in: measureIds.slice(0, REPORTING) } } });
      const acknowledged = new Map<string, string>();
      const reports = Promise.all(
        reporting.map(async (a, i) => {
          const key = `seed-${seed}-report-${i}`;
          const handle = env.client.workflow.getHandle(measureWorkflowId(plan.id, a.measureId));
          for (let attempt = 0; ; attempt++) {
            try {
              const answer = await handle.executeUpdate(submitProgressUpdate, {
                args: [{ assignmentId: a.id, status: 'in_progress', percent: 50, narrative: '配合单位报送进展。', targetValues: [], attachments: [], submittedBy: reg.contacts.czj.id, idempotencyKey: key }],
              });
              acknowledged.set(key, answer.reportId);
              return;
            } catch (err) {
              if (attempt >= 20) throw err;
              await sleep(500);
            }
          }
        }),
      );
      const killAt = launchedAt + ESCALATION_WINDOW_MS[0] + rand() * (ESCALATION_WINDOW_MS[1] - ESCALATION_WINDOW_MS[0]);
      await sleep(Math.max(0, killAt - Date.now()));
      await killAndRestart();
      await reports;

      const leads = await t.db.assignment.findMany({ where: { ...mine, role: 'lead' }, select: { id: true } });
      const leadIds = new Set(leads.map((a) => a.id));
      const received = () => smtp.received.filter((m) => stepOfKey(m.key) === 'coordinator').flatMap((m) => m.items.filter((id) => leadIds.has(id)));
      await waitFor('every lead unit’s coordinator escalation', () => new Set(received()).size >= MEASURES, { timeoutMs: 240_000 });
      // A delivery the kill interrupted is sent again once its lease (a minute) runs out; an activity it interrupted is
      // retried when its start-to-close timeout runs out.
      await waitFor('no task or activity in flight and an empty outbox', () => isSettled(env.client, t.db), { timeoutMs: 180_000 });

      // Assignments: one per measure and unit. Reports: each acknowledged one recorded once, nothing else.
      expect(await t.db.assignment.count({ where: mine })).toBe(2 * MEASURES);
      const stored = await t.db.progressReport.findMany({ where: { assignment: mine }, select: { id: true, idempotencyKey: true } });
      expect(Object.fromEntries(stored.map((r) => [r.idempotencyKey, r.id]))).toEqual(Object.fromEntries(acknowledged));
      // Scores: no kill lost the rescoring a report owed. The plan ends owing nothing, its scores counting the last report.
      await waitFor('the plan’s owed scores paid', async () => (await t.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).scoresOwed === 0, { timeoutMs: 30_000 });
      const lastReport = (await t.db.progressReport.aggregate({ where: { assignment: mine }, _max: { submittedAt: true } }))._max.submittedAt!;
      const planScore = await t.db.score.findUniqueOrThrow({ where: { planId_year_scope_subjectId: { planId: plan.id, year: 0, scope: 'plan', subjectId: plan.id } } });
      expect(planScore.computedAt.getTime()).toBeGreaterThanOrEqual(lastReport.getTime());

      // Emails: the outbox's deliveries and the receiver hold the same keys; a repeat is only ever the same delivery
      // again. Every message went in exactly one delivery: a unit's notices of the launch and its 催办 about reports
      // due the same day as digests, the rest alone.
      const outbox = await t.db.outboxMessage.findMany({ where: { assignment: mine }, select: { assignmentId: true, step: true, delivery: { select: { key: true } } } });
      const assignmentIds = new Set((await t.db.assignment.findMany({ where: mine, select: { id: true } })).map((a) => a.id));
      const keys = new Set(outbox.map((o) => o.delivery!.key));
      const deliveries = smtp.received.filter((m) => keys.has(m.key));
      const byKey = new Map<string, Set<string>>();
      for (const m of deliveries) byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(m.messageId));
      expect([...byKey.keys()].sort()).toEqual([...keys].sort());
      expect([...byKey].filter(([, ids]) => ids.size !== 1)).toEqual([]);
      expect(deliveries.length - byKey.size).toBeLessThanOrEqual(2 * IN_FLIGHT);
      const listed = (step: string) => [...new Map(deliveries.filter((m) => stepOfKey(m.key) === step).map((m) => [m.key, m.items])).values()].flat();
      // Nothing missing or told twice: a notice for every assignment, and the whole ladder for every lead unit (they never report).
      expect(listed('notice').sort()).toEqual([...assignmentIds].sort());
      for (const step of ['urge', 'supervise', 'coordinator']) expect([step, listed(step).filter((id) => leadIds.has(id)).sort()]).toEqual([step, [...leadIds].sort()]);
      expect(await t.db.escalation.count({ where: { assignment: mine } })).toBe(outbox.filter((o) => o.step !== 'notice').length);
    }, 420_000);
  }
});
