// Issue 20 item 4: a plan belongs to the office of whoever imports it, and an office learns nothing of another's plans
// through the duplicate-import refusal.
import { expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { hashPassword } from '../../services/auth/password';
import { PASSWORD, signIn, withSession, type TSession, type TTestApp, type TWorld } from '../api/support';
import { runDuban } from '../support/cli';

let t: TTestApp;
let w: TWorld;
let first: TSession;
let second: TSession;
let secondOffice: string;

const PLAN = ['关于印发2026年营商环境优化行动方案的通知', '', '一、重点任务', '（一）压缩审批时限。（区财政局牵头，区教育局配合）', '（二）推行一网通办。（区教育局负责）', ''].join('\n');

const test = appTest;
test.beforeAll(async ({ t: app, w: world, coordinator }) => {
  t = app;
  w = world;
  // The world's coordinator (区督查室) is the oldest; a second office's coordinator joins later.
  const office = await t.db.unit.create({ data: { name: '区发改委' } });
  secondOffice = office.id;
  await t.db.person.create({ data: { name: '钱发改', email: 'coordinator2@test.local', role: 'coordinator', unitId: office.id, passwordHash: await hashPassword(PASSWORD) } });
  first = coordinator;
  second = await signIn(t.app, 'coordinator2@test.local');
});

const importAs = (s: TSession, text = PLAN) => t.app.inject({ method: 'POST', url: '/api/plans/import', headers: withSession(s), payload: { text } });

test('a plan imported by a coordinator belongs to their office, and another office cannot open it', async () => {
  const res = await importAs(second);
  expect(res.statusCode).toBe(201);
  const { planId } = res.json();
  expect((await t.db.plan.findUniqueOrThrow({ where: { id: planId } })).coordinatorUnitId).toBe(secondOffice);
  expect((await t.app.inject({ url: `/api/plans/${planId}`, headers: { cookie: second.cookie } })).statusCode).toBe(200);
  expect((await t.app.inject({ url: `/api/plans/${planId}`, headers: { cookie: first.cookie } })).statusCode).toBe(404);
});

test('the same document imported by another office names nothing of the first office’s plan; the first office is told of its own', async () => {
  const other = (await t.db.plan.findFirstOrThrow({ where: { coordinatorUnitId: secondOffice } })).id;
  const mine = await importAs(first);
  expect(mine.body).not.toContain(other);
  expect(mine.body).not.toContain('PLAN_ALREADY_IMPORTED');
  expect(mine.statusCode).toBe(201);
  expect((await t.db.plan.findUniqueOrThrow({ where: { id: mine.json().planId } })).coordinatorUnitId).toBe(w.office.id);

  const again = await importAs(second);
  expect(again.statusCode).toBe(409);
  expect(again.json().error.code).toBe('PLAN_ALREADY_IMPORTED');
  expect(again.json().error.details.planId).toBe(other);
});

test('on the command line the plan goes to the office named by --office', async () => {
  const r = await runDuban(['plan', 'import', 'seeds/sample-plan-2026.txt', '--office', '区发改委', '--json'], { DATABASE_URL: t.database.url });
  expect(r.code, r.stderr).toBe(0);
  const { planId } = JSON.parse(r.stdout) as { planId: string };
  expect((await t.db.plan.findUniqueOrThrow({ where: { id: planId } })).coordinatorUnitId).toBe(secondOffice);
});
