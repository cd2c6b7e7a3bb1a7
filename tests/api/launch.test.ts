import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { describe, expect } from 'vitest';
import { createActivities } from '../../activities';
import { startTestOutbox } from '../support/outbox';
import { launchWorkflowId } from '../../workflows/launch/definitions';
import { waitFor } from '../support/wait-for';
import { measureWorkflowBundle } from '../support/temporal';
import { workflowAppTest as test } from '../support/fixtures';
import { draftPlan, signIn, startTestApp, withSession, type TSession, type TTestApp, type TWorld } from './support';

// The app's own task queue (config default): the launch and its measures run where a worker of `duban up` would poll.
const TASK_QUEUE = 'duban-measures';

// The dev server starts here, under the hook timeout.
test.beforeAll(async ({ t }) => void t, 120_000);

/** A draft plan with nothing left to review: `n` measures, each led by unit A. */
const readyPlan = (t: TTestApp, w: TWorld, n: number) =>
  draftPlan(t.db, w, '2026年标准化工作要点', Array.from({ length: n }, (_, i) => ({ title: `第${i + 1}项`, units: ['A'] })));

/** A worker as `duban up` runs it, until the returned stop is called. */
async function startWorker(t: TTestApp, env: TestWorkflowEnvironment) {
  const outbox = startTestOutbox({ db: t.db, smtpUrl: t.capture.smtpUrl, temporal: env.client, taskQueue: TASK_QUEUE });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await measureWorkflowBundle(),
    activities: createActivities({ db: t.db, config: { publicUrl: 'http://duban.test' }, temporal: env.client, outbox: outbox.writer }),
  });
  const running = worker.run();
  return async () => {
    worker.shutdown();
    await running;
    await outbox.stop();
  };
}

const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: withSession(s) });
const dashboard = async (t: TTestApp, coordinator: TSession, planId: string) => (await get(t, `/plans/${planId}`, coordinator)).body;
const assigned = (t: TTestApp, planId: string) => t.db.assignment.count({ where: { measure: { planId } } });

describe('launching a plan through the API and the dashboard', () => {
  test('the launch answers at once; the dashboard follows it, with or without a worker, until every measure is assigned', async ({ t, w, coordinator, env }) => {
    const plan = await readyPlan(t, w, 3);
    const res = await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ planId: plan.id, workflowId: launchWorkflowId(plan.id), state: 'running', total: 3 });
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('launched');

    // No worker yet: the launch waits, and says so.
    expect((await get(t, `/api/plans/${plan.id}/launch`, coordinator)).json()).toMatchObject({ state: 'running', done: null });
    const waiting = await dashboard(t, coordinator, plan.id);
    expect(waiting).toMatch(/id="launch-progress"[^>]*data-reload-after="3"/);
    expect(waiting).toContain('已交办 0/3');
    expect(waiting).toContain('data-state="draft"><b>3</b>待交办</a>');

    const stop = await startWorker(t, env);
    try {
      await waitFor('the launch to finish', async () => (await get(t, `/api/plans/${plan.id}/launch`, coordinator)).json().state === 'completed', { timeoutMs: 60_000 });
      expect((await get(t, `/api/plans/${plan.id}/launch`, coordinator)).json()).toMatchObject({ total: 3, done: 3, started: 3, alreadyRunning: 0, failure: null });
      await waitFor('three assignments', async () => (await assigned(t, plan.id)) === 3, { timeoutMs: 60_000 });
      expect(await dashboard(t, coordinator, plan.id)).not.toContain('launch-progress');
    } finally {
      await stop();
    }
  }, 120_000);

  test('a launch stopped midway says why, and launching again finishes it without starting anything twice', async ({ t, w, coordinator, env }) => {
    const plan = await readyPlan(t, w, 2);
    expect((await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(coordinator) })).statusCode).toBe(202);
    await env.client.workflow.getHandle(launchWorkflowId(plan.id)).terminate('运维人员终止');

    expect((await get(t, `/api/plans/${plan.id}/launch`, coordinator)).json()).toMatchObject({ state: 'failed', failure: expect.stringContaining('运维人员终止') });
    const stopped = await dashboard(t, coordinator, plan.id);
    expect(stopped).toContain('启动未完成：运维人员终止');
    expect(stopped).toMatch(new RegExp(`<form method="post" action="/plans/${plan.id}/launch"`));

    const again = await t.app.inject({
      method: 'POST',
      url: `/plans/${plan.id}/launch`,
      payload: new URLSearchParams({ _csrf: coordinator.csrfToken }).toString(),
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/plans/${plan.id}?done=launchStarted`);
    const stop = await startWorker(t, env);
    try {
      await waitFor('the second launch to finish', async () => (await get(t, `/api/plans/${plan.id}/launch`, coordinator)).json().state === 'completed', { timeoutMs: 60_000 });
      await waitFor('two assignments', async () => (await assigned(t, plan.id)) === 2, { timeoutMs: 60_000 });
      const audit = await t.db.auditEvent.findMany({ where: { planId: plan.id, action: 'plan.launch' } });
      expect(audit.map((a) => [a.actorId, a.data])).toEqual([[w.coordinator.id, { started: 2, alreadyRunning: 0 }]]);
    } finally {
      await stop();
    }
  }, 120_000);

  test('with the workflow service unreachable, the dashboard still shows the plan and the launch API says 503', async ({ t, w }) => {
    const plan = await readyPlan(t, w, 2);
    await t.db.plan.update({ where: { id: plan.id }, data: { status: 'launched', launchedAt: new Date() } });
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const cut = await startTestApp({ temporal: nowhere, db: t.db });
    try {
      const session = await signIn(cut.app, 'coordinator@test.local');
      const page = await cut.app.inject({ url: `/plans/${plan.id}`, headers: withSession(session) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('工作流服务暂未答复进度；已交办 0/2 项');
      const res = await cut.app.inject({ url: `/api/plans/${plan.id}/launch`, headers: withSession(session) });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('WORKFLOWS_UNAVAILABLE');
    } finally {
      await cut.close();
      await nowhere.connection.close();
    }
  });

  test('only a coordinator launches or follows a launch; a plan never launched has none', async ({ t, w, coordinator, memberA: member }) => {
    const plan = await readyPlan(t, w, 1);
    expect((await get(t, `/api/plans/${plan.id}/launch`, coordinator)).statusCode).toBe(404);
    expect((await get(t, `/api/plans/${plan.id}/launch`, member)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(member) })).statusCode).toBe(403);
    expect((await t.db.plan.findUniqueOrThrow({ where: { id: plan.id } })).status).toBe('draft');
  });
});
