import { expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import type { TCapturedMail } from '../../stack/mail-capture';
import { launchPlan } from '../../services/plans/launch-plan';
import type { ChaosStack } from '../support/chaos-stack';
import { itemsOf, stepOfKey } from '../support/mail-items';
import { isSettled } from '../support/settled';
import { waitFor } from '../support/wait-for';
import { seedPlan, seedSmallRegistry } from '../support/measure-fixtures';

/**
 * A plan whose measures are due on Wednesday 2026-07-15 with only the notice and the three escalations: on a clock
 * where a day lasts `dayMs`, 催办 falls due 1.375 days after launch, 督办 5.375 days and the coordinator 9.375 days.
 */
export const STEPS = ['notice', 'urge', 'supervise', 'coordinator'] as const;
export const DUE_AFTER_DAYS = { notice: 0, urge: 1.375, supervise: 5.375, coordinator: 9.375 } as const;

/** Seeds and launches that plan with `measures` measures, and waits until every assignment's notice has arrived (one 交办通知 lists them all). */
export async function launchEscalatingPlan(s: ChaosStack, measures: number, dayMs: number) {
  const reg = await seedSmallRegistry(s.t.db);
  const { plan } = await seedPlan(
    s.t.db,
    reg,
    Array.from({ length: measures }, (_, i) => ({
      ref: `${i + 1}`,
      title: `措施${i + 1}`,
      due: '2026-07-15',
      parties: [{ role: 'lead' as const, name: '市财政局', unitId: reg.units.czj.id }],
    })),
    { schedule: { cadence: 'final' }, ladder: { reminderWorkingDaysBefore: 0, dueNotice: false } },
  );
  const launchedAt = Date.now();
  await launchPlan(s.t.db, s.client, plan.id, {
    taskQueue: s.config.TEMPORAL_TASK_QUEUE,
    startDate: '2026-07-15',
    clock: { dayMs, virtualStartMs: shanghaiMidnight('2026-07-15') },
  });
  await waitFor('the assignment notices', () => itemsReceived(s, 'notice').length >= measures, { timeoutMs: 60_000 });
  return { plan, reg, launchedAt };
}

const keyOf = (m: TCapturedMail) => m.headers['x-duban-key'] ?? '';
export const stepOf = (m: TCapturedMail) => stepOfKey(keyOf(m));
export const received = (s: ChaosStack, step: string) => s.capture.messages().filter((m) => stepOf(m) === step);
/** The assignments a step's emails have told of, once per email that listed them. */
export const itemsReceived = (s: ChaosStack, step: string) => received(s, step).flatMap((m) => itemsOf(m.text));

/**
 * Once every measure's coordinator escalation has arrived and the measures have settled (support/settled.ts), every
 * step's message for every measure arrived exactly once — alone or in one digest, never in two emails — every email
 * once under its Message-ID, and the outbox marks each message and delivery sent.
 */
export async function expectEachEmailOnce(s: ChaosStack, measures: number) {
  await waitFor('the coordinator escalations', () => itemsReceived(s, 'coordinator').length >= measures, { timeoutMs: 180_000 });
  await waitFor('the measures to settle', () => isSettled(s.client, s.t.db), { timeoutMs: 120_000 });
  const keys = s.capture.messages().map(keyOf);
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  const assignments = (await s.t.db.assignment.findMany({ select: { id: true } })).map((a) => a.id).sort();
  expect(assignments).toHaveLength(measures);
  for (const step of STEPS) expect([step, itemsReceived(s, step).sort()]).toEqual([step, assignments]);
  expect(await s.t.db.outboxMessage.count({ where: { status: 'sent' } })).toBe(STEPS.length * measures);
  expect(await s.t.db.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
  expect(await s.t.db.outboxDelivery.count({ where: { status: { not: 'sent' } } })).toBe(0);
  expect(await s.t.db.outboxDelivery.count()).toBe(s.capture.messages().length);
  expect(await s.t.db.escalation.count()).toBe(3 * measures);
}
