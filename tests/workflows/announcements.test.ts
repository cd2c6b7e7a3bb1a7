import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CN_2026 } from '../../calendar/data/cn';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { changeCalendarYear } from '../../services/calendar/change-calendar-year';
import { launchPlan } from '../../services/plans/launch-plan';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { waitFor } from '../support/wait-for';
import { seedPlan } from '../support/measure-fixtures';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay';
import { startMeasureWorld, type TMeasureWorld } from '../support/workflow-world';

// Issue 20, item 10: a change saved to the database must reach the running measures even when Temporal cannot be
// reached at the moment it is saved.

const TASK_QUEUE = 'announcements';
let world: TMeasureWorld;
let relay: TcpRelay;
let connection: Connection;

beforeAll(async () => {
  world = await startMeasureWorld({
    taskQueue: TASK_QUEUE,
    virtualStart: shanghaiMidnight('2026-01-05'),
    // The worker's outbox reaches Temporal through a relay the test can cut.
    outboxTemporal: async (env) => {
      const [host, port] = env.address.split(':');
      relay = await startTcpRelay({ host: host!, port: Number(port) });
      connection = await Connection.connect({ address: `127.0.0.1:${relay.port}` });
      return new Client({ connection });
    },
  });
});
afterAll(async () => {
  await world?.stop();
  await connection?.close();
  await relay?.close();
});

/** How many times the measure's workflow has been sent the signal, by its history. */
async function told(workflowId: string, signalName: string): Promise<number> {
  const history = await world.env.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === signalName).length;
}

it('a calendar saved while Temporal is unreachable is saved, and every running measure is told once Temporal is back', async () => {
  const { t, reg, capture } = world;
  const { plan, measureIds } = await seedPlan(t.db, reg, [
    { ref: '一', title: '建设检验检测平台', due: '2026-06-30', parties: [{ role: 'lead', name: '市财政局', unitId: reg.units.czj.id }] },
    { ref: '二', title: '推进标准化建设', due: '2026-06-30', parties: [{ role: 'lead', name: '市发展改革委', unitId: reg.units.fgw.id }] },
  ]);
  const clock = await world.startClock();
  await launchPlan(t.db, world.client, plan.id, { taskQueue: TASK_QUEUE, startDate: '2026-01-05', clock: { dayMs: DAY_MS, ...clock } });
  await capture.waitFor(() => capture.messages().length >= 2, 20_000, 'the notices');
  const workflowIds = measureIds.map((id) => measureWorkflowId(plan.id, id));

  relay.cut();
  const extra = { date: '2026-07-16', kind: 'holiday' as const, name: '防汛应急调休' };
  const change = await changeCalendarYear({ db: t.db }, { year: 2026, days: [...CN_2026, extra], source: '手工编辑', provisional: false }, { id: null, name: '市督查室', label: 'test' });
  expect(change.view.days).toContainEqual(extra);
  expect(await t.db.calendarDay.count({ where: { date: new Date('2026-07-16T00:00:00Z') } })).toBe(1);
  // Recorded with the change: the measures are to be told, and telling them fails while Temporal is away.
  await waitFor('a failed attempt', async () => (await t.db.outboxDelivery.findFirst({ where: { channel: 'signal', lastError: { not: null } } })) !== null, { timeoutMs: 30_000 });
  expect(await t.db.outboxDelivery.findMany({ where: { channel: 'signal' }, select: { status: true, payload: true } })).toEqual([
    { status: 'pending', payload: { changeId: change.changeId, kind: 'calendar' } },
  ]);
  for (const id of workflowIds) expect(await told(id, 'calendarChanged')).toBe(0);

  // Nobody saves again: once Temporal can be reached, the saved change is told to every running measure.
  relay.restore();
  await waitFor('every measure told', async () => (await Promise.all(workflowIds.map((id) => told(id, 'calendarChanged')))).every((n) => n > 0), { timeoutMs: 60_000 });
  expect(await t.db.outboxDelivery.findFirstOrThrow({ where: { channel: 'signal' } })).toMatchObject({ status: 'sent', messageId: change.announcedBy });
  // Once each, however many attempts it took.
  expect(await Promise.all(workflowIds.map((id) => told(id, 'calendarChanged')))).toEqual([1, 1]);
}, 120_000);
