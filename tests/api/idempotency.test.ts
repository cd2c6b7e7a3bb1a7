import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createActivities } from '../../activities';
import { startTestOutbox } from '../support/outbox';
import { until } from '../support/chaos-stack';
import { measureWorkflowBundle } from '../support/temporal';
import { signIn, startWorkflowApp, withSession, type TSession, type TTestApp, type TWorkflowApp, type TWorld } from './support';

// The app's own task queue (config default): the launch and its measures run where a worker of `duban up` would poll.
const TASK_QUEUE = 'duban-measures';

let app: TWorkflowApp;
let t: TTestApp;
let w: TWorld;
let env: TestWorkflowEnvironment;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  app = await startWorkflowApp();
  ({ t, w, env } = app);
  const outbox = startTestOutbox({ db: t.db, smtpUrl: t.capture.smtpUrl, temporal: env.client, taskQueue: TASK_QUEUE });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await measureWorkflowBundle(),
    activities: createActivities({ db: t.db, config: { publicUrl: 'http://duban.test' }, temporal: env.client, outbox: outbox.writer }),
  });
  const running = worker.run();
  stopWorker = async () => {
    worker.shutdown();
    await running;
    await outbox.stop();
  };
}, 120_000);
afterAll(async () => {
  await stopWorker?.();
  await app?.close();
});

test('two units that send the same idempotency key through the API each get their own report', async () => {
  const plan = await t.db.plan.create({
    data: {
      title: '2026年质量监管工作要点',
      year: 2026,
      sourceText: '……',
      schedule: {},
      ladder: {},
      rubric: {},
      coordinatorUnitId: w.office.id,
      measures: {
        create: [
          {
            ref: '1',
            seq: 0,
            title: '加强抽检',
            text: '加强抽检。',
            responsibility: 'lead',
            due: new Date('2026-12-31T00:00:00+08:00'),
            parties: {
              create: [
                { role: 'lead', name: '区财政局', unitId: w.unitA.id, position: 0 },
                { role: 'cooperating', name: '区教育局', unitId: w.unitB.id, position: 1 },
              ],
            },
          },
        ],
      },
    },
  });
  const launched = await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(app.coordinator) });
  expect(launched.statusCode, launched.body).toBe(202);
  const mine = { measure: { planId: plan.id } };
  await until(async () => (await t.db.assignment.count({ where: mine })) === 2, 60_000, 'both assignments');
  const assignments = await t.db.assignment.findMany({ where: mine });
  const of = (unitId: string) => assignments.find((a) => a.unitId === unitId)!.id;

  const send = (s: TSession, assignmentId: string, percent: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/progress`,
      payload: { status: 'in_progress', percent, narrative: '按计划推进。', idempotencyKey: '2026-H2-report' },
      headers: withSession(s),
    });
  const a = await send(app.member, of(w.unitA.id), 30);
  const b = await send(await signIn(t.app, 'member.b@test.local'), of(w.unitB.id), 40);
  expect([a.statusCode, b.statusCode], `${a.body}\n${b.body}`).toEqual([200, 200]);
  expect(b.json().reportId).not.toBe(a.json().reportId);
  const stored = await t.db.progressReport.findMany({ where: { idempotencyKey: '2026-H2-report' }, orderBy: { percent: 'asc' } });
  expect(stored.map((r) => [r.id, r.assignmentId, r.percent])).toEqual([
    [a.json().reportId, of(w.unitA.id), 30],
    [b.json().reportId, of(w.unitB.id), 40],
  ]);
  // A unit's repeat is still its own first report.
  expect((await send(app.member, of(w.unitA.id), 90)).json()).toEqual(a.json());
}, 120_000);
