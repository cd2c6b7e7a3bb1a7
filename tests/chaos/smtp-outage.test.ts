import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from '../support/chaos-stack';
import { waitFor } from '../support/wait-for';
import { DUE_AFTER_DAYS, expectEachEmailOnce, launchEscalatingPlan } from './escalation-steps';

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
  await waitFor(
    'every 催办 to fail twice',
    async () => (await s.t.db.outboxMessage.count({ where: { step: 'urge', delivery: { status: 'pending', attempts: { gte: 2 } } } })) === MEASURES,
    { timeoutMs: 60_000 },
  );
  const failing = await urgeDeliveries();
  expect(failing.every((d) => d.status === 'pending' && d.lastError)).toBe(true);
  expect(failing.reduce((n, d) => n + d.items, 0)).toBe(MEASURES);
  await smtp.restore();

  await expectEachEmailOnce(s, MEASURES);
  const retried = await urgeDeliveries();
  expect(retried.every((d) => d.attempts >= 3 && d.sentAt)).toBe(true);
}, 300_000);
