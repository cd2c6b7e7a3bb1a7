import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { launchPlan, readPlanLaunch } from '../../services/plans/launch-plan';
import type { TestDatabase } from '../support/db';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { isSettled } from '../support/settled';
import { waitFor } from '../support/wait-for';
import { startChildWorkerStack, type ChildWorkerStack } from './child-worker-stack';

const MEASURES = 200;
const TASK_QUEUE = 'measure-chaos';
/** One virtual day lasts this long: the 7 working days of escalation pass in under a minute. */
const DAY_MS = 4_000;
/** The child worker's activity slots: at most this many emails can be between SMTP and the outbox mark. */
const IN_FLIGHT = 20;

let s: ChildWorkerStack;
let t: TestDatabase;
let env: TestWorkflowEnvironment;
let smtp: ChildWorkerStack['smtp'];

beforeAll(async () => {
  s = await startChildWorkerStack({ taskQueue: TASK_QUEUE, activitySlots: IN_FLIGHT });
  ({ t, env, smtp } = s);
}, 300_000);
afterAll(async () => s?.close());

const count = (step: string) => smtp.received.filter((m) => m.key.includes(`:${step}:`)).length;

const distinct = (step: string) => new Set(smtp.received.filter((m) => m.key.includes(`:${step}:`)).map((m) => m.key)).size;

describe.sequential('a worker killed during launch and during escalation', () => {
  it('assigns every measure once and delivers every email, a repeat only ever under its first Message-ID', async () => {
    const reg = await seedSmallRegistry(t.db);
    const { plan, measureIds } = await seedPlan(
      t.db,
      reg,
      Array.from({ length: MEASURES }, (_, i) => ({
        ref: `${i + 1}`,
        title: `措施${i + 1}`,
        due: '2026-07-15',
        parties: [{ role: 'lead' as const, name: i % 2 ? '市财政局' : '市发展改革委', unitId: i % 2 ? reg.units.czj.id : reg.units.fgw.id }],
      })),
      { schedule: { cadence: 'final' }, ladder: { reminderWorkingDaysBefore: 0, dueNotice: false } },
    );
    await s.startWorker();
    const launching = launchPlan(t.db, env.client, plan.id, {
      taskQueue: TASK_QUEUE,
      startDate: '2026-07-15',
      clock: { dayMs: DAY_MS, virtualStartMs: shanghaiMidnight('2026-07-15') },
    });
    // Killed as soon as the launch has started its first batch of measures, with most still to start.
    const launchedBeforeKill = await waitFor('the launch to start measures', async () => (await readPlanLaunch(env.client, plan.id))?.done || false, { timeoutMs: 120_000, everyMs: 20 });
    await s.killWorker();
    expect(launchedBeforeKill).toBeLessThan(MEASURES);
    // The launch is a workflow too: it carries on with the next worker.
    await s.startWorker();
    expect((await launching).started).toBe(MEASURES);

    await waitFor('60 催办', () => count('urge') >= 60, { timeoutMs: 120_000 });
    await s.killWorker();
    await s.startWorker();

    await waitFor(`${MEASURES} coordinator escalations`, () => count('coordinator') >= MEASURES, { timeoutMs: 240_000 });
    await waitFor('the measures to settle', () => isSettled(env.client, t.db), { timeoutMs: 120_000 });

    // Every step's email arrived, and every repeat (a kill between SMTP acceptance and the outbox mark) is the same
    // message under the same Message-ID, so the receiving store keeps one.
    const byKey = new Map<string, Set<string>>();
    for (const m of smtp.received) byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(m.messageId));
    expect(byKey.size).toBe(4 * MEASURES);
    expect([...byKey.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    const repeats = smtp.received.length - byKey.size;
    process.stderr.write(`crash test: ${smtp.received.length} deliveries for ${byKey.size} emails (${repeats} repeated after a kill)\n`);
    // A repeat needs a kill inside one email's window; two kills cannot repeat more than the emails in flight.
    expect(repeats).toBeLessThanOrEqual(2 * IN_FLIGHT);
    const unique = new Set(smtp.received.map((m) => m.messageId));
    expect([...unique].length).toBe(4 * MEASURES);
    expect({ notice: distinct('notice'), urge: distinct('urge'), supervise: distinct('supervise'), coordinator: distinct('coordinator') }).toEqual({
      notice: MEASURES,
      urge: MEASURES,
      supervise: MEASURES,
      coordinator: MEASURES,
    });
    expect(await t.db.assignment.count({ where: { measureId: { in: measureIds } } })).toBe(MEASURES);
    expect(await t.db.escalation.count()).toBe(3 * MEASURES);
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(4 * MEASURES);
  }, 600_000);
});
