import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, until, type ChaosStack } from '../support/chaos-stack';
import { DUE_AFTER_DAYS, expectEachEmailOnce, itemsReceived, launchEscalatingPlan } from './escalation-steps';

const MEASURES = 10;
const DAY_MS = 8_000;

let s: ChaosStack;
beforeAll(async () => {
  s = await startChaosStack({ worker: true, gatherMs: DAY_MS / 8 });
}, 300_000);
afterAll(async () => s?.close());

it('emails that fall due while the SMTP server is down are retried with backoff and each delivered once after it returns', async () => {
  const { launchedAt } = await launchEscalatingPlan(s, MEASURES, DAY_MS);
  const smtp = await s.stopSmtp();
  const urgeDue = launchedAt + DUE_AFTER_DAYS.urge * DAY_MS;
  expect(Date.now()).toBeLessThan(urgeDue);

  // Down until every 催办 has failed at least twice: retried, not dropped, not marked sent. The measures' 催办 fall due
  // together: one unit's, about reports due the same day, go as one digest (or a few, as they were written).
  const urgeDeliveries = () => s.t.db.outboxDelivery.findMany({ where: { messages: { some: { step: 'urge' } } }, select: { status: true, attempts: true, lastError: true, sentAt: true, items: true } });
  await until(
    async () => (await s.t.db.outboxMessage.count({ where: { step: 'urge', delivery: { status: 'pending', attempts: { gte: 2 } } } })) === MEASURES,
    60_000,
    'every 催办 to fail twice',
  );
  const failing = await urgeDeliveries();
  expect(failing.every((d) => d.status === 'pending' && d.lastError)).toBe(true);
  expect(failing.reduce((n, d) => n + d.items, 0)).toBe(MEASURES);
  await smtp.restore();

  await until(async () => itemsReceived(s, 'coordinator').length >= MEASURES && (await s.t.db.outboxMessage.count({ where: { status: 'pending' } })) === 0, 180_000, 'the coordinator escalations');
  await new Promise((r) => setTimeout(r, 2_000));
  await expectEachEmailOnce(s, MEASURES);
  const retried = await urgeDeliveries();
  expect(retried.every((d) => d.attempts >= 3 && d.sentAt)).toBe(true);
}, 300_000);
