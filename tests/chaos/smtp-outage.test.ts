import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from '../support/chaos-stack';
import { waitFor } from '../support/wait-for';
import { DUE_AFTER_DAYS, expectEachEmailOnce, launchEscalatingPlan, received } from './escalation-steps';

const MEASURES = 10;
const DAY_MS = 8_000;

let s: ChaosStack;
beforeAll(async () => {
  s = await startChaosStack({ worker: true });
}, 300_000);
afterAll(async () => s?.close());

it('emails that fall due while the SMTP server is down are retried with backoff and each delivered once after it returns', async () => {
  const { launchedAt } = await launchEscalatingPlan(s, MEASURES, DAY_MS);
  const smtp = await s.stopSmtp();
  const urgeDue = launchedAt + DUE_AFTER_DAYS.urge * DAY_MS;
  expect(Date.now()).toBeLessThan(urgeDue);

  // Down until every 催办 has failed at least twice: retried, not dropped, not marked sent.
  await waitFor('every 催办 to fail twice', async () => (await s.t.db.outboxMessage.count({ where: { step: 'urge', status: 'pending', attempts: { gte: 2 } } })) === MEASURES, { timeoutMs: 60_000 });
  const failing = await s.t.db.outboxMessage.findMany({ where: { step: 'urge' }, select: { lastError: true, status: true } });
  expect(failing.every((o) => o.status === 'pending' && o.lastError)).toBe(true);
  await smtp.restore();

  await expectEachEmailOnce(s, MEASURES);
  const retried = await s.t.db.outboxMessage.findMany({ where: { step: 'urge' }, select: { attempts: true, sentAt: true } });
  expect(retried.every((o) => o.attempts >= 3 && o.sentAt)).toBe(true);
}, 300_000);
