import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { expect } from 'vitest';
import { workflowAppTest as test } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { errorLines, runDuban } from '../support/cli';
import { launchDraftPlan, signIn, withSession, type TSession, type TTestApp } from './support';

// The app's own task queue (config default): the launch and its measures run where a worker of `duban up` would poll.
const TASK_QUEUE = 'duban-measures';

// The dev server and the worker start here, under the hook timeout.
test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

const cli = (t: TTestApp, env: TestWorkflowEnvironment, args: string[]) => runDuban(args, { DATABASE_URL: t.database.url, TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: TASK_QUEUE });

test('审核 through the API, the dashboard and the command line: the queue, a return with its reason, acceptance one by one and several at once', async ({ t, w, coordinator, env, memberA: member }) => {
  const { plan, assignments } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点', ['1', '2', '3'].map((ref) => ({ title: `加强抽检${ref}`, units: ['A'] })));

  const report = (s: TSession, assignmentId: string, key: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/assignments/${assignmentId}/progress`,
      payload: { status: 'done', percent: 100, narrative: '抽检任务全部完成。', idempotencyKey: `review-test-${key}` },
      headers: withSession(s),
    });
  const reportIds: string[] = [];
  for (const [i, a] of assignments.entries()) {
    const res = await report(member, a.id, `done-${i}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ awaitingReview: true, measureStatus: 'active' });
    reportIds.push(res.json().reportId);
  }

  // The office's queue, oldest first, by plan and by unit; nobody else's.
  const queue = (s: TSession, query = '') => t.app.inject({ method: 'GET', url: `/api/reviews${query}`, headers: withSession(s) });
  const listed = await queue(coordinator, `?planId=${plan.id}`);
  expect(listed.statusCode, listed.body).toBe(200);
  expect(listed.json().items.map((i: { reportId: string; unit: { name: string } }) => [i.reportId, i.unit.name])).toEqual(reportIds.map((id) => [id, '区财政局']));
  expect((await queue(coordinator, `?planId=${plan.id}&unitId=${w.unitB.id}`)).json().items).toEqual([]);
  expect((await queue(member)).statusCode).toBe(403);
  const dashboard = await t.app.inject({ method: 'GET', url: `/plans/${plan.id}`, headers: { cookie: coordinator.cookie } });
  expect(dashboard.body).toContain('待审核报告（3）');
  expect(reportIds.every((id) => dashboard.body.includes(`data-report="${id}"`))).toBe(true);

  // Refused with one line, nothing recorded: a return without a reason, less than a day, a unit reviewing itself.
  const review = (s: TSession, reportId: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/reports/${reportId}/review`, payload, headers: withSession(s) });
  const noReason = await review(coordinator, reportIds[0]!, { decision: 'return', requestId: 'return-no-reason' });
  expect(noReason.statusCode).toBe(400);
  expect(noReason.json().error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
  expect((await review(coordinator, reportIds[0]!, { decision: 'return', reason: '不全', reworkDays: 0, requestId: 'return-zero' })).statusCode).toBe(400);
  expect((await review(member, reportIds[0]!, { decision: 'accept', requestId: 'accept-own' })).statusCode).toBe(403);
  expect(await t.db.progressReport.count({ where: { id: { in: reportIds }, review: 'pending' } })).toBe(3);
  expect(await t.db.auditEvent.count({ where: { planId: plan.id, action: 'measure.review-report' } })).toBe(0);

  // 退回 with a reason: the report is back with its unit, by the rework date; a second review is a conflict.
  const returned = await review(coordinator, reportIds[0]!, { decision: 'return', reason: '缺少抽检报告', reworkDays: 3, requestId: 'return-1' });
  expect(returned.statusCode, returned.body).toBe(200);
  expect(returned.json()).toMatchObject({ reportId: reportIds[0], review: 'returned', reworkDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  const again = await review(coordinator, reportIds[0]!, { decision: 'accept', requestId: 'accept-returned' });
  expect(again.statusCode).toBe(409);
  expect(again.json().error.message).toBe('该报告不在待审核状态（已退回）');
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: assignments[0]!.id } })).toMatchObject({ status: 'in_progress' });
  // The unit sees on its item page why and by when; its other reports wait.
  const item = await t.app.inject({ method: 'GET', url: `/items/${assignments[0]!.id}`, headers: { cookie: member.cookie } });
  expect(item.body).toContain(`已退回：缺少抽检报告。请于 ${returned.json().reworkDue} 前重新报送`);
  const waitingItem = await t.app.inject({ method: 'GET', url: `/items/${assignments[1]!.id}`, headers: { cookie: member.cookie } });
  expect(waitingItem.body).toContain('待督查室审核：审核通过后计入');

  // The command line lists what still waits and accepts one; the reviewer is the plan's one coordinator.
  const list = await cli(t, env, ['review', 'list', plan.id, '--json']);
  expect(list.code, list.stderr).toBe(0);
  expect(JSON.parse(list.stdout).items.map((i: { reportId: string }) => i.reportId)).toEqual(reportIds.slice(1));
  const bad = await cli(t, env, ['review', 'return', reportIds[1]!]);
  expect(bad.code).toBe(1);
  expect(errorLines(bad.stderr)).toEqual(['duban review: 审核无效 / invalid review: reason: 退回须说明理由 / a return needs a reason']);
  const accepted = await cli(t, env, ['review', 'accept', reportIds[1]!]);
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(accepted.stdout).toBe(`已通过 / accepted: report ${reportIds[1]}\n`);

  // Several at once: each audited on its own, one that does not wait answered with why.
  const batch = await t.app.inject({
    method: 'POST',
    url: '/api/reviews',
    payload: { reportIds: [reportIds[2], reportIds[0]], decision: 'accept', requestId: 'batch-accept-1' },
    headers: withSession(coordinator),
  });
  expect(batch.statusCode, batch.body).toBe(200);
  expect(batch.json().results).toEqual([
    { reportId: reportIds[2], ok: true },
    { reportId: reportIds[0], ok: false, error: '该报告不在待审核状态（已退回）' },
  ]);
  const done = { id: { in: [plan.measures[1]!.id, plan.measures[2]!.id] }, status: 'done' as const };
  await waitFor('the accepted measures done', async () => (await t.db.measure.count({ where: done })) === 2, { timeoutMs: 60_000 });
  expect(await t.db.measure.findUniqueOrThrow({ where: { id: plan.measures[0]!.id } })).toMatchObject({ status: 'active' });
  const audited = await t.db.auditEvent.findMany({ where: { planId: plan.id, action: 'measure.review-report' }, orderBy: { id: 'asc' } });
  expect(audited.map((e) => [e.actorId, (e.data as { decision: string }).decision])).toEqual([
    [w.coordinator.id, 'return'],
    [w.coordinator.id, 'accept'],
    [w.coordinator.id, 'accept'],
  ]);
  expect((await queue(coordinator, `?planId=${plan.id}`)).json().items).toEqual([]);
}, 240_000);

test('签收 through the API: the unit names its 责任领导 and 经办人 once, and its item page shows them', async ({ t, w, coordinator, memberA: member }) => {
  const { of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（签收）', [{ title: '加强监管执法', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];

  const acknowledge = (s: TSession, assignmentId: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/acknowledge`, payload, headers: withSession(s) });
  const body = { responsible: { name: '钱局长', phone: '0571-87000001' }, handler: { name: '孙科长', email: 'sun@test.local' }, note: '已安排专人负责' };
  const noLeader = await acknowledge(member, lead!.id, { handler: body.handler });
  expect(noLeader.statusCode).toBe(400);
  expect(noLeader.json().error.details).toEqual([expect.objectContaining({ path: 'body.responsible' })]);
  // Another unit's people do not see the assignment at all.
  expect((await acknowledge(await signIn(t.app, 'member.b@test.local'), lead!.id, body)).statusCode).toBe(404);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: lead!.id } })).toMatchObject({ acknowledgedAt: null });

  const first = await acknowledge(member, lead!.id, body);
  expect(first.statusCode, first.body).toBe(200);
  expect(first.json()).toEqual({ assignmentId: lead!.id, acknowledgedAt: expect.any(String) });
  // A repeat is answered alike and records nothing new.
  expect((await acknowledge(member, lead!.id, { responsible: { name: '别人' } })).json()).toEqual(first.json());
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: lead!.id } })).toMatchObject({
    acknowledgedById: w.memberA.id,
    ackResponsible: { name: '钱局长', phone: '0571-87000001' },
    ackHandler: { name: '孙科长', email: 'sun@test.local' },
    ackNote: '已安排专人负责',
  });
  const item = await t.app.inject({ method: 'GET', url: `/items/${lead!.id}`, headers: { cookie: member.cookie } });
  expect(item.body).toContain('钱局长 · 0571-87000001');
  expect(item.body).toContain('孙科长 · sun@test.local');
  const other = await t.app.inject({ method: 'GET', url: `/items/${coop!.id}`, headers: { cookie: coordinator.cookie } });
  expect(other.body).toContain('尚未签收');
}, 240_000);

test('拒签 and 催办 through the API: one-line refusals, the office confirms the refused unit, and chases in its own words', async ({ t, w, coordinator, memberA: member }) => {
  const { plan, of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（拒签）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];
  const memberB = await signIn(t.app, 'member.b@test.local');
  const post = (s: TSession, url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: withSession(s) });

  // 拒签: a reason is required; another unit's assignment is not found; an acknowledged one is refused with one line.
  const noReason = await post(memberB, `/api/assignments/${coop!.id}/refuse`, {});
  expect(noReason.statusCode).toBe(400);
  expect(noReason.json().error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
  expect((await post(memberB, `/api/assignments/${lead!.id}/refuse`, { reason: '不是我们的' })).statusCode).toBe(404);
  expect((await post(member, `/api/assignments/${lead!.id}/acknowledge`, { responsible: { name: '钱局长' } })).statusCode).toBe(200);
  const acked = await post(member, `/api/assignments/${lead!.id}/refuse`, { reason: '改变主意' });
  expect(acked.statusCode).toBe(409);
  expect(acked.json().error.message).toBe(`该任务已签收（${lead!.id}）`);
  expect(await t.db.auditEvent.count({ where: { planId: plan.id, action: 'measure.refuse-assignment' } })).toBe(0);

  const refused = await post(memberB, `/api/assignments/${coop!.id}/refuse`, { reason: '抽检不属于教育部门职责' });
  expect(refused.statusCode, refused.body).toBe(200);
  expect(refused.json()).toMatchObject({ action: 'refuse-assignment', assignmentId: coop!.id });
  await waitFor('the office told', async () => (await t.db.outboxMessage.count({ where: { assignmentId: coop!.id, step: 'refused' } })) === 1, { timeoutMs: 30_000 });
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: coop!.id } })).toMatchObject({ refusalReason: '抽检不属于教育部门职责' });
  const refusedItem = await t.app.inject({ method: 'GET', url: `/items/${coop!.id}`, headers: { cookie: memberB.cookie } });
  expect(refusedItem.body).toContain('已拒签（理由：抽检不属于教育部门职责），等待督查室改派或确认');

  // The office decides: a unit may not; the coordinator confirms, audited; a second confirmation is a conflict.
  const confirm = (s: TSession, requestId: string) => post(s, `/api/measures/${plan.measures[0]!.id}/refusal/confirm`, { unitId: w.unitB.id, reason: '配合抽检场地协调', requestId });
  expect((await confirm(memberB, 'confirm-by-unit')).statusCode).toBe(403);
  const confirmed = await confirm(coordinator, 'confirm-1');
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  expect(confirmed.json()).toMatchObject({ action: 'confirm-assignment', assignmentId: coop!.id });
  expect((await confirm(coordinator, 'confirm-2')).statusCode).toBe(409);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: coop!.id } })).toMatchObject({ refusedAt: null });

  // 催办 by hand: coordinators only, units on the measure only, the office's words in the message.
  const chase = (s: TSession, payload: object) => post(s, `/api/measures/${plan.measures[0]!.id}/chase`, payload);
  expect((await chase(member, { unitIds: [w.unitB.id], text: '请尽快报送' })).statusCode).toBe(403);
  expect((await chase(coordinator, { unitIds: [w.unitB.id], text: '  ' })).statusCode).toBe(400);
  const otherUnit = await t.db.unit.create({ data: { name: '区卫健委' } });
  expect((await chase(coordinator, { unitIds: [otherUnit.id], text: '请尽快报送' })).statusCode).toBe(404);
  const chased = await chase(coordinator, { unitIds: [w.unitA.id, w.unitB.id], text: '请于本周内报送抽检进展。' });
  expect(chased.statusCode, chased.body).toBe(200);
  await waitFor('two 催办 messages', async () => (await t.db.outboxMessage.count({ where: { planId: plan.id, step: 'chase' } })) === 2, { timeoutMs: 30_000 });
  const messages = await t.db.outboxMessage.findMany({ where: { planId: plan.id, step: 'chase' } });
  expect(messages.every((m) => m.text!.includes('请于本周内报送抽检进展。'))).toBe(true);
  expect(await t.db.auditEvent.count({ where: { planId: plan.id, action: { in: ['measure.chase', 'measure.confirm-assignment', 'measure.refuse-assignment'] } } })).toBe(3);
}, 240_000);

test('签收 and 拒签 on the item page: by form, problems beside their fields with the text kept, then recorded and shown', async ({ t, w, coordinator, memberA: member }) => {
  const { assignments } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（签收表单）', [
    { title: '表单签收', units: ['A'] },
    { title: '表单拒签', units: ['A'] },
  ]);
  const [toSign, toRefuse] = assignments;
  const form = (s: TSession, url: string, fields: Record<string, string>, csrf = s.csrfToken) =>
    t.app.inject({
      method: 'POST',
      url,
      payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
  const besideField = (body: string, id: string) => new RegExp(`id="${id}-problem">([^<]*)<`).exec(body)?.[1] ?? null;

  const page = await t.app.inject({ method: 'GET', url: `/items/${toSign!.id}`, headers: { cookie: member.cookie } });
  expect(page.body).toContain(`action="/items/${toSign!.id}/acknowledge#acknowledge"`);
  expect(page.body).toContain('<label for="ack-responsible-name">姓名</label>');
  expect(page.body).toContain(`action="/items/${toSign!.id}/refuse#refuse"`);
  // The office reads the item but signs for nobody.
  expect((await t.app.inject({ method: 'GET', url: `/items/${toSign!.id}`, headers: { cookie: coordinator.cookie } })).body).not.toContain('/acknowledge#acknowledge');

  // No 责任领导 named, a bad email: the page again, each problem beside its field, what was typed kept.
  const typed = { responsible_name: ' ', responsible_phone: '0571-87000002', handler_name: '周科长', handler_email: 'zhou-at-test', note: '专人负责' };
  const refused = await form(member, `/items/${toSign!.id}/acknowledge`, typed);
  expect(refused.statusCode).toBe(422);
  expect(besideField(refused.body, 'ack-responsible-name')).toBe('请填写姓名');
  expect(besideField(refused.body, 'ack-handler-email')).toBe('请填写正确的邮箱地址');
  expect(refused.body).toMatch(/<input id="ack-responsible-name"[^>]*aria-invalid="true"/);
  expect(refused.body).toMatch(/<input id="ack-responsible-phone"[^>]*value="0571-87000002"/);
  expect(refused.body).toMatch(/<input id="ack-handler-email"[^>]*value="zhou-at-test"[^>]*aria-invalid="true"/);
  expect(refused.body).toContain('>专人负责</textarea>');
  expect(refused.body).toMatch(/id="acknowledge-problems">.*<a href="#ack-responsible-name">责任领导姓名<\/a>：请填写姓名/s);
  // Without the form's CSRF token, nothing.
  expect((await form(member, `/items/${toSign!.id}/acknowledge`, { ...typed, responsible_name: '钱局长' }, 'forged')).statusCode).toBe(403);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: toSign!.id } })).toMatchObject({ acknowledgedAt: null });

  const signed = await form(member, `/items/${toSign!.id}/acknowledge`, { ...typed, responsible_name: '钱局长', handler_email: 'zhou@test.local' });
  expect(signed.statusCode, signed.body).toBe(303);
  expect(signed.headers.location).toBe(`/items/${toSign!.id}?done=acknowledged#acknowledgement`);
  expect(await t.db.assignment.findUniqueOrThrow({ where: { id: toSign!.id } })).toMatchObject({
    acknowledgedById: w.memberA.id,
    ackResponsible: { name: '钱局长', phone: '0571-87000002' },
    ackHandler: { name: '周科长', email: 'zhou@test.local' },
  });
  const after = await t.app.inject({ method: 'GET', url: `/items/${toSign!.id}?done=acknowledged`, headers: { cookie: member.cookie } });
  expect(after.body).toContain('钱局长 · 0571-87000002');
  expect(after.body).not.toContain('/acknowledge#acknowledge');

  // 拒签 needs its reason; given one, the office decides and the page says so.
  const noReason = await form(member, `/items/${toRefuse!.id}/refuse`, { reason: '  ' });
  expect(noReason.statusCode).toBe(422);
  expect(besideField(noReason.body, 'refuse-reason')).toBe('请填写理由');
  const refusedTask = await form(member, `/items/${toRefuse!.id}/refuse`, { reason: '本项属市场监管职责，非我局' });
  expect(refusedTask.statusCode, refusedTask.body).toBe(303);
  const shown = await t.app.inject({ method: 'GET', url: `/items/${toRefuse!.id}`, headers: { cookie: member.cookie } });
  expect(shown.body).toContain('已拒签（理由：本项属市场监管职责，非我局）');
  expect(shown.body).not.toContain('/refuse#refuse');
}, 240_000);
