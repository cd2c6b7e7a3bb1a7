import { expect } from 'vitest';
import { hashPassword } from '../../services/auth/password';
import { workflowAppTest as test } from '../support/fixtures';
import { samplePdf } from '../support/sample-files';
import { waitFor } from '../support/wait-for';
import { launchDraftPlan, multipartFile, PASSWORD, signIn, withSession, type TSession } from './support';

test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

test('领导批示 through the API: one-line refusals with nothing recorded, the reply, and both shown on the item and leader pages', async ({ t, w, coordinator, memberA }) => {
  const { plan, of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（批示）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const measureId = plan.measures[0]!.id;
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];
  await t.db.person.create({ data: { name: '孙主任', email: 'leader.sun@test.local', role: 'leader', unitId: w.office.id, passwordHash: await hashPassword(PASSWORD) } });
  const sun = await signIn(t.app, 'leader.sun@test.local');
  // A unit's supervising leader, not a leader of the plan's office.
  const leaderA = await signIn(t.app, 'leader.a@test.local');
  const memberB = await signIn(t.app, 'member.b@test.local');
  const post = (s: TSession, url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: withSession(s) });
  const instruct = (s: TSession, payload: object) => post(s, `/api/measures/${measureId}/instructions`, payload);
  const recorded = async () => [await t.db.instruction.count(), await t.db.auditEvent.count({ where: { planId: plan.id, action: { startsWith: 'measure.instruction' } } })];

  // Refused with one line, nothing recorded: empty text, two deadlines, a deadline in the past, a unit not on the
  // measure, a leader of another office (not found), a unit's member, a coordinator naming no leader.
  const empty = await instruct(sun, { text: '  ' });
  expect(empty.statusCode).toBe(400);
  expect(empty.json().error.details).toEqual([expect.objectContaining({ path: 'body.text' })]);
  expect((await instruct(sun, { text: '抓紧推进', replyBy: '2026-12-31', replyDays: 3 })).statusCode).toBe(400);
  const past = await instruct(sun, { text: '抓紧推进', replyBy: '2026-01-05' });
  expect(past.statusCode).toBe(400);
  expect(past.json().error.message).toMatch(/^回复期限 2026-01-05 早于今天（\d{4}-\d{2}-\d{2}）$/);
  const other = await t.db.unit.create({ data: { name: '区卫健委' } });
  expect((await instruct(sun, { text: '抓紧推进', unitIds: [other.id] })).statusCode).toBe(404);
  const notOurs = await instruct(leaderA, { text: '抓紧推进' });
  expect(notOurs.statusCode).toBe(404);
  expect(notOurs.json().error.message).toBe('未找到该措施');
  expect((await instruct(memberA, { text: '抓紧推进' })).statusCode).toBe(403);
  const unnamed = await instruct(coordinator, { text: '抓紧推进' });
  expect(unnamed.statusCode).toBe(400);
  expect(unnamed.json().error.message).toBe('代录批示须注明本计划牵头办公室的哪位领导（onBehalfOf）');
  expect(await recorded()).toEqual([0, 0]);

  // To the lead unit only: created, mailed to it once through the outbox.
  const text = '请加大抽检力度，重点关注儿童用品。';
  const given = await instruct(sun, { text, replyDays: 5, unitIds: [w.unitA.id], requestId: 'api-instruct-1' });
  expect(given.statusCode, given.body).toBe(201);
  const { instructionId } = given.json();
  expect(given.json()).toMatchObject({ assignmentIds: [lead.id], replyBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  await waitFor('the unit mailed', async () => (await t.db.outboxMessage.count({ where: { step: 'instruction', assignmentId: lead.id } })) === 1, { timeoutMs: 30_000 });
  expect(await t.db.outboxMessage.count({ where: { step: 'instruction' } })).toBe(1);

  // A reply: empty text refused; the unit it was not sent to refused with one line; nothing recorded.
  const reply = (s: TSession, payload: object) => post(s, `/api/instructions/${instructionId}/reply`, payload);
  expect((await reply(memberA, { text: '' })).statusCode).toBe(400);
  const notSent = await reply(memberB, { text: '已落实' });
  expect(notSent.statusCode).toBe(403);
  expect(notSent.json().error.message).toBe(`该批示未交本单位落实（${instructionId}）`);
  expect((await reply(memberA, { text: '已落实', attachments: [{ title: '报告', url: 'javascript:alert(1)' }] })).statusCode).toBe(400);
  expect(await t.db.instructionReply.count({ where: { instructionId, repliedAt: { not: null } } })).toBe(0);

  // Files with the reply: the unit's own uploads only (another unit's upload is refused, nothing recorded).
  const upload = async (s: TSession, assignmentId: string, name: string) => {
    const body = multipartFile(name, await samplePdf(name));
    const res = await t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/files`, payload: body.payload, headers: { ...body.headers, ...withSession(s) } });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const [ours, theirs] = [await upload(memberA, lead.id, '抽检通报.pdf'), await upload(memberB, coop.id, '配合材料.pdf')];
  const stranger = await reply(memberA, { text: '已落实', fileIds: [ours, theirs] });
  expect(stranger.statusCode, stranger.body).toBe(422);
  expect(stranger.json().error.message).toBe(`附件 ${theirs} 不是为本事项上传的文件`);
  expect(await t.db.instructionReply.count({ where: { instructionId, repliedAt: { not: null } } })).toBe(0);

  const words = '已组织专项抽检两轮，抽检儿童用品120批次。';
  const replied = await reply(memberA, { text: words, fileIds: [ours] });
  expect(replied.statusCode, replied.body).toBe(200);
  expect(replied.json()).toMatchObject({ instructionId, assignmentId: lead.id });
  await waitFor('the leader mailed', async () => (await t.db.outboxMessage.count({ where: { step: 'instruction-replied' } })) === 1, { timeoutMs: 30_000 });
  expect(await recorded()).toEqual([1, 2]);

  // Shown first on the unit's item page, with its reply; not on the other unit's; beside the instruction on the leader's page.
  const item = await t.app.inject({ method: 'GET', url: `/items/${lead.id}`, headers: { cookie: memberA.cookie } });
  expect(item.body).toContain(text);
  expect(item.body).toContain(words);
  expect(item.body.indexOf('id="instructions"')).toBeLessThan(item.body.indexOf('id="acknowledgement"'));
  expect(item.body.indexOf('id="instructions"')).toBeGreaterThan(0);
  const coopItem = await t.app.inject({ method: 'GET', url: `/items/${coop.id}`, headers: { cookie: memberB.cookie } });
  expect(coopItem.body).not.toContain(text);
  const leaderPage = await t.app.inject({ method: 'GET', url: '/leader', headers: { cookie: sun.cookie } });
  expect(leaderPage.statusCode).toBe(200);
  expect(leaderPage.body).toContain('我的批示');
  expect(leaderPage.body).toContain(text);
  expect(leaderPage.body).toContain(words);
  // The reply's file beside it, for the leader, who opens it; another unit's contact finds nothing; the file is sent,
  // no longer waiting for the unit's next report.
  expect(leaderPage.body).toContain(`<a href="/api/files/${ours}" data-file="${ours}" target="_blank">抽检通报.pdf</a>`);
  expect((await t.app.inject({ url: `/api/files/${ours}`, headers: withSession(sun) })).statusCode).toBe(200);
  expect((await t.app.inject({ url: `/api/files/${ours}`, headers: withSession(memberB) })).statusCode).toBe(404);
  const shown = (await t.app.inject({ url: `/api/assignments/${lead.id}`, headers: withSession(memberA) })).json();
  expect(shown.instructions[0].replies[0].attachments).toEqual([expect.objectContaining({ fileId: ours, name: '抽检通报.pdf' })]);
  expect(shown.waitingFiles).toEqual([]);
}, 240_000);

test('分解 through the API: a sub-task due after its assignment, by a cooperating unit, with no title: refused with one line, nothing recorded; done, shown on the item page', async ({ t, w, coordinator, memberA }) => {
  const { of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（分解）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];
  const memberB = await signIn(t.app, 'member.b@test.local');
  const post = (s: TSession, url: string, payload: object) => t.app.inject({ method: 'POST', url, payload, headers: withSession(s) });
  const add = (s: TSession, assignmentId: string, payload: object) => post(s, `/api/assignments/${assignmentId}/subtasks`, payload);
  const assignee = { name: '吴科长', email: 'wu@test.local' };

  const late = await add(memberA, lead.id, { title: '抽检收尾', assignee, due: '2027-06-30' });
  expect(late.statusCode).toBe(400);
  expect(late.json().error.message).toMatch(/^分解任务期限 2027-06-30 晚于本单位任务期限 \d{4}-\d{2}-\d{2}$/);
  expect((await add(memberA, lead.id, { title: '  ', assignee, due: '2026-12-30' })).statusCode).toBe(400);
  expect((await add(memberA, lead.id, { title: '抽检', assignee: { name: '吴科长', email: 'not-an-address' }, due: '2026-12-30' })).statusCode).toBe(400);
  const coopAdds = await add(memberB, coop.id, { title: '配合抽检', assignee, due: '2026-12-30' });
  expect(coopAdds.statusCode).toBe(403);
  expect(coopAdds.json().error.message).toBe(`只有牵头单位可以分解任务（${coop.id}）`);
  expect((await add(memberB, lead.id, { title: '代为分解', assignee, due: '2026-12-30' })).statusCode).toBe(404);
  expect(await t.db.subtask.count()).toBe(0);
  expect(await t.db.auditEvent.count({ where: { action: { startsWith: 'measure.subtask' } } })).toBe(0);

  const added = await add(memberA, lead.id, { title: '完成第一轮抽检', assignee, due: '2026-12-30' });
  expect(added.statusCode, added.body).toBe(201);
  const { subtaskId } = added.json();
  await waitFor('the person told', async () => (await t.db.outboxMessage.count({ where: { step: 'subtask-added', assignmentId: lead.id } })) === 1, { timeoutMs: 30_000 });
  expect((await post(memberB, `/api/subtasks/${subtaskId}/done`, {})).statusCode).toBe(404);
  const done = await post(memberA, `/api/subtasks/${subtaskId}/done`, { note: '抽检60批次' });
  expect(done.statusCode, done.body).toBe(200);
  expect(done.json()).toMatchObject({ done: true, progress: { done: 1, total: 1 } });
  const item = await t.app.inject({ method: 'GET', url: `/items/${lead.id}`, headers: { cookie: memberA.cookie } });
  expect(item.body).toContain('完成第一轮抽检');
  expect(item.body).toContain('分解任务已完成 1/1 项');
}, 240_000);
