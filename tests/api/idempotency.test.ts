import { expect } from 'vitest';
import { workflowAppTest as test } from '../support/fixtures';
import { launchDraftPlan, signIn, withSession, type TSession } from './support';

// The launch and its measures run where a worker of `duban up` would poll: the app's own task queue. The dev server
// and the worker start here, under the hook timeout.
test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

test('two units that send the same idempotency key through the API each get their own report', async ({ t, w, coordinator, memberA: member }) => {
  const { of: assignmentOf } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点', [{ title: '加强抽检', units: ['A', 'B'] }]);
  const of = (unitId: string) => assignmentOf(unitId).id;

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
