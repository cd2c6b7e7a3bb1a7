import { expect } from 'vitest';
import { shanghaiMidnight } from '../../calendar/working-days';
import { DAY_MS } from '../../domain/clock';
import { followPlanLaunch, launchPlan, readPlanLaunch, startPlanLaunch } from '../../services/plans/launch-plan';
import { LAUNCH_WORKFLOW_TYPE, launchWorkflowId, type TLaunchInput } from '../../workflows/launch/definitions';
import { recordHistories } from '../support/histories';
import { itemsOf } from '../support/mail-items';
import { seedPlan } from '../support/measure-fixtures';
import { measureWorldTest } from '../support/fixtures';
import type { TMeasureWorld } from '../support/workflow-world';

const TASK_QUEUE = 'plan-launch';
let world: TMeasureWorld;

const it = measureWorldTest({ taskQueue: TASK_QUEUE, virtualStart: shanghaiMidnight('2026-03-02') });
it.beforeAll(async ({ world: started }) => {
  world = started;
});

const notices = () => world.capture.messages().filter((m) => m.subject.startsWith('【督办】任务交办'));

async function twelveMeasures() {
  const { t, reg } = world;
  return seedPlan(
    t.db,
    reg,
    Array.from({ length: 12 }, (_, i) => ({ ref: String(i + 1), title: `第${i + 1}项措施`, due: '2026-06-30', parties: [{ role: 'lead' as const, name: '市财政局', unitId: reg.units.czj.id }] })),
  );
}

/** Starts the launch workflow itself, with batches and a run length small enough to see it continue as new. */
async function startSmallLaunch(planId: string) {
  const clock = await world.startClock();
  const input: TLaunchInput = { planId, startDate: '2026-03-02', clock: { dayMs: DAY_MS, ...clock }, actor: { id: null, label: 'test' }, batch: 1, eventsPerRun: 50 };
  await world.env.client.workflow.start(LAUNCH_WORKFLOW_TYPE, { workflowId: launchWorkflowId(planId), taskQueue: TASK_QUEUE, args: [input] });
}

it('launches a plan batch by batch, says how far it is, and launching again starts and sends nothing', async () => {
  const { t, env, capture } = world;
  const { plan, measureIds } = await twelveMeasures();
  await startSmallLaunch(plan.id);
  const progress: number[] = [];
  const outcome = await followPlanLaunch(world.client, plan.id, { onProgress: (done) => progress.push(done), pollMs: 20 });
  expect(outcome).toEqual({ planId: plan.id, measures: 12, started: 12, alreadyRunning: 0 });
  expect(progress.at(-1)).toBe(12);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(await readPlanLaunch(world.client, plan.id)).toMatchObject({ state: 'completed', total: 12, done: 12, started: 12, alreadyRunning: 0, failure: null });

  // A long launch keeps its history short: the run that finished continued an earlier one.
  const lastRun = await env.client.workflow.getHandle(launchWorkflowId(plan.id)).fetchHistory();
  expect(lastRun.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
  await recordHistories(env.client, launchWorkflowId(plan.id), 'launch/batches');

  // 市财政局 leads all twelve: the launch's notices reach it as one 交办通知 listing each.
  await capture.waitFor(() => notices().length >= 1, 20_000, 'the assignment notice');
  const assignments = await t.db.assignment.findMany({ where: { measureId: { in: measureIds } }, select: { id: true } });
  expect(assignments).toHaveLength(12);
  expect(notices().map((m) => m.subject)).toEqual(['【督办】任务交办：《关于开展质量提升行动的实施方案》12项任务（牵头12项）']);
  expect(itemsOf(notices()[0]!.text).sort()).toEqual(assignments.map((a) => a.id).sort());
  expect(await t.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).toMatchObject({ status: 'launched', launchedAt: expect.any(Date) });
  const audit = () => t.db.auditEvent.findMany({ where: { planId: plan.id, action: 'plan.launch' } });
  expect((await audit()).map((a) => [a.actorLabel, a.data])).toEqual([['test', { started: 12, alreadyRunning: 0 }]]);

  const again = await launchPlan(t.db, world.client, plan.id, { taskQueue: TASK_QUEUE, actor: { id: null, label: 'test' } });
  expect(again).toEqual({ planId: plan.id, measures: 12, started: 0, alreadyRunning: 12 });
  await world.settled([launchWorkflowId(plan.id)]);
  expect(notices()).toHaveLength(1);
  expect(notices()[0]!.deliveries).toBe(1);
  expect(await audit()).toHaveLength(1);
});

it('a launch that cannot go on says why; a plan cancelled before launch is refused at once', async () => {
  const { t, env } = world;
  const { plan } = await twelveMeasures();
  await t.db.plan.update({ where: { id: plan.id }, data: { status: 'cancelled' } });
  await expect(startPlanLaunch(t.db, env.client, plan.id, { taskQueue: TASK_QUEUE })).rejects.toThrow('计划已撤销');

  // Cancelled between the check and the launch's first step: the launch stops there, and its followers hear why.
  await startSmallLaunch(plan.id);
  await expect(followPlanLaunch(world.client, plan.id, { pollMs: 20 })).rejects.toThrow(/启动失败.*计划已撤销/);
  expect(await readPlanLaunch(world.client, plan.id)).toMatchObject({ state: 'failed', failure: expect.stringContaining('计划已撤销') });
  expect(await t.db.assignment.count({ where: { measure: { planId: plan.id } } })).toBe(0);
  await recordHistories(env.client, launchWorkflowId(plan.id), 'launch/plan-cancelled');
});

it('a launch no worker takes up tells its follower so, and a launch stopped by hand fails its follower', async () => {
  const { t, env } = world;
  const { plan } = await twelveMeasures();
  await startPlanLaunch(t.db, env.client, plan.id, { taskQueue: 'no-worker-polls-this', dates: { asIs: true } });
  let stalled!: () => void;
  const told = new Promise<void>((resolve) => (stalled = resolve));
  const following = followPlanLaunch(world.client, plan.id, { stallMs: 500, pollMs: 50, onStall: () => stalled() });
  await told;
  await env.client.workflow.getHandle(launchWorkflowId(plan.id)).terminate('无工作进程');
  await expect(following).rejects.toThrow(/启动失败.*无工作进程/);
});
