import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { launchPlan, readPlanLaunch } from '../../services/plans/launch-plan';
import type { TestDatabase } from '../support/db';
import { stepOfKey } from '../support/mail-items';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';
import { isSettled } from '../support/settled';
import { waitFor } from '../support/wait-for';
import { startChildWorkerStack, type ChildWorkerStack } from './child-worker-stack';

const MEASURES = 200;
const TASK_QUEUE = 'measure-chaos';
/** One virtual day lasts this long: the 7 working days of escalation pass in under a minute. */
const DAY_MS = 4_000;
/** The child worker's activity slots, more than the deliveries its dispatcher has in flight (one per SMTP connection): at most that many emails can be between SMTP and the outbox mark. */
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

/** A step's items received (an assignment in a repeated delivery counts again). */
const count = (step: string) => smtp.received.filter((m) => stepOfKey(m.key) === step).flatMap((m) => m.items).length;
/** A step's items over the distinct deliveries received: each assignment once when none was lost or sent in two. */
const itemsByDelivery = (step: string) => [...new Map(smtp.received.filter((m) => stepOfKey(m.key) === step).map((m) => [m.key, m.items])).values()].flat();

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

    // Every step's message arrived — alone or in a digest (a unit's notices of the launch, its 催办 about reports due
    // the same day) — and every repeat (a kill between SMTP acceptance and the outbox mark) is the same delivery
    // under the same Message-ID, so the receiving store keeps one.
    const byKey = new Map<string, Set<string>>();
    for (const m of smtp.received) byKey.set(m.key, (byKey.get(m.key) ?? new Set()).add(m.messageId));
    const deliveries = await t.db.outboxDelivery.findMany({ select: { key: true, status: true } });
    expect([...byKey.keys()].sort()).toEqual(deliveries.map((d) => d.key).sort());
    expect(deliveries.filter((d) => d.status !== 'sent')).toEqual([]);
    expect([...byKey.values()].filter((ids) => ids.size !== 1)).toEqual([]);
    const repeats = smtp.received.length - byKey.size;
    process.stderr.write(`crash test: ${smtp.received.length} deliveries for ${byKey.size} emails (${repeats} repeated after a kill)\n`);
    // A repeat needs a kill inside one delivery's window; two kills cannot repeat more than the deliveries in flight.
    expect(repeats).toBeLessThanOrEqual(2 * IN_FLIGHT);
    expect(new Set(smtp.received.map((m) => m.messageId)).size).toBe(byKey.size);
    const assignments = (await t.db.assignment.findMany({ where: { measureId: { in: measureIds } }, select: { id: true } })).map((a) => a.id).sort();
    expect(assignments).toHaveLength(MEASURES);
    for (const step of ['notice', 'urge', 'supervise', 'coordinator']) expect([step, itemsByDelivery(step).sort()]).toEqual([step, assignments]);
    expect(await t.db.escalation.count()).toBe(3 * MEASURES);
    expect(await t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(4 * MEASURES);
  }, 600_000);
});
