import { expect } from 'vitest';
import { workflowAppTest as test } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { signIn, withSession, type TSession } from './support';

// The launch and its measures run where a worker of `duban up` would poll: the app's own task queue. The dev server
// and the worker start here, under the hook timeout.
test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

test('two units that send the same idempotency key through the API each get their own report', async ({ t, w, coordinator, memberA: member }) => {
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
  const launched = await t.app.inject({ method: 'POST', url: `/api/plans/${plan.id}/launch`, headers: withSession(coordinator) });
  expect(launched.statusCode, launched.body).toBe(202);
  const mine = { measure: { planId: plan.id } };
  await waitFor('both assignments', async () => (await t.db.assignment.count({ where: mine })) === 2, { timeoutMs: 60_000 });
  const assignments = await t.db.assignment.findMany({ where: mine });
  const of = (unitId: string) => assignments.find((a) => a.unitId === unitId)!.id;

  const send = (s: TSession, assignmentId: string, percent: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/progress`,
      payload: { status: 'in_progress', percent, narrative: '按计划推进。', idempotencyKey: '2026-H2-report' },
      headers: withSession(s),
    });
  const a = await send(member, of(w.unitA.id), 30);
  const b = await send(await signIn(t.app, 'member.b@test.local'), of(w.unitB.id), 40);
  expect([a.statusCode, b.statusCode], `${a.body}\n${b.body}`).toEqual([200, 200]);
  expect(b.json().reportId).not.toBe(a.json().reportId);
  const stored = await t.db.progressReport.findMany({ where: { idempotencyKey: '2026-H2-report' }, orderBy: { percent: 'asc' } });
  expect(stored.map((r) => [r.id, r.assignmentId, r.percent])).toEqual([
    [a.json().reportId, of(w.unitA.id), 30],
    [b.json().reportId, of(w.unitB.id), 40],
  ]);
  // A unit's repeat is still its own first report.
  expect((await send(member, of(w.unitA.id), 90)).json()).toEqual(a.json());
}, 120_000);
