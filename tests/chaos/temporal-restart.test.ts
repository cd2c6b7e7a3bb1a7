import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChaosStack, type ChaosStack } from '../support/chaos-stack';
import { waitFor } from '../support/wait-for';
import { DUE_AFTER_DAYS, expectEachEmailOnce, itemsReceived, launchEscalatingPlan, received } from './escalation-steps';

const MEASURES = 10;
const DAY_MS = 8_000;

let s: ChaosStack;
beforeAll(async () => {
  s = await startChaosStack({ worker: true });
}, 300_000);
afterAll(async () => s?.close());

it('after the Temporal server restarts on its file, measures resume and the 催办 that fell due while it was down go out once', async () => {
  const { launchedAt } = await launchEscalatingPlan(s, MEASURES, DAY_MS);
  const urgeDue = launchedAt + DUE_AFTER_DAYS.urge * DAY_MS;
  expect(Date.now()).toBeLessThan(urgeDue);

  // Down from before the 催办 fall due until well after.
  await s.restartTemporal(Math.max(0, urgeDue - Date.now()) + 8_000);
  expect(received(s, 'urge')).toHaveLength(0);
  const restartedAt = Date.now();

  // The unit's 催办 of one due day come as one digest: counted by the items they list.
  await waitFor('the 催办 after the restart', () => itemsReceived(s, 'urge').length >= MEASURES, { timeoutMs: 90_000 });
  expect(received(s, 'urge').every((m) => Date.parse(m.receivedAt) >= restartedAt)).toBe(true);
  await expectEachEmailOnce(s, MEASURES);
}, 300_000);
