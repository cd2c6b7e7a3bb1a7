import { expect } from 'vitest';
import { hashPassword } from '../../services/auth/password';
import { workflowAppTest as test } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import { samplePdf } from '../support/sample-files';
import { launchDraftPlan, multipartFile, PASSWORD, signIn, withSession, type TSession, type TTestApp } from './support';

test.beforeAll(async ({ measureWorker }) => void measureWorker, 120_000);

/** A page form posted as a browser would, with the session's CSRF token unless a forged one is given. */
const formPost = (t: TTestApp, s: TSession, url: string, fields: Record<string, string | string[]>, csrf = s.csrfToken) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...fields, _csrf: csrf })) for (const x of [v].flat()) body.append(k, x);
  return t.app.inject({ method: 'POST', url, payload: body.toString(), headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
};
const besideField = (body: string, id: string) => new RegExp(`id="${id}-problem">([^<]*)<`).exec(body)?.[1] ?? null;
const page = (t: TTestApp, s: TSession, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

test('落实情况 on the item page: under the 批示 awaiting it, refused beside its field with the text kept, a forged token 403, another unit 404, then recorded and shown', async ({ t, w, coordinator, memberA }) => {
  const { plan, of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（批示表单）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];
  await t.db.person.create({ data: { name: '孙主任', email: 'leader.sun@test.local', role: 'leader', unitId: w.office.id, passwordHash: await hashPassword(PASSWORD) } });
  const sun = await signIn(t.app, 'leader.sun@test.local');
  const memberB = await signIn(t.app, 'member.b@test.local');
  const given = await t.app.inject({
    method: 'POST',
    url: `/api/measures/${plan.measures[0]!.id}/instructions`,
    payload: { text: '请加大抽检力度。', replyDays: 5, unitIds: [w.unitA.id], requestId: 'form-instruct-1' },
    headers: withSession(sun),
  });
  expect(given.statusCode, given.body).toBe(201);
  const { instructionId } = given.json();
  const url = `/items/${lead.id}/instructions/${instructionId}/reply`;
  // A file the unit uploaded, offered to go with the reply (unticked: it waits for the next report unless chosen).
  const upload = multipartFile('整改台账.pdf', await samplePdf('整改台账'));
  const uploaded = await t.app.inject({ method: 'POST', url: `/api/assignments/${lead.id}/files`, payload: upload.payload, headers: { ...upload.headers, ...withSession(memberA) } });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const fileId = uploaded.json().id as string;
  const fileBox = `id="reply-file-${instructionId}-${fileId}" name="fileIds" value="${fileId}"`;

  const before = await page(t, memberA, `/items/${lead.id}`);
  expect(before.body).toContain(`<input type="checkbox" ${fileBox}> <label for="reply-file-${instructionId}-${fileId}">整改台账.pdf</label>`);
  expect(before.body).toContain(`action="${url}#reply-${instructionId}"`);
  expect(before.body).toContain(`<label for="reply-text-${instructionId}">落实情况</label>`);
  // The office reads the item but replies for nobody; the other unit was not sent it.
  expect((await page(t, coordinator, `/items/${lead.id}`)).body).not.toContain(url);
  expect((await page(t, memberB, `/items/${coop.id}`)).body).not.toContain('请加大抽检力度。');

  const tooLong = await formPost(t, memberA, url, { text: '抽'.repeat(4001) });
  expect(tooLong.statusCode).toBe(422);
  expect(besideField(tooLong.body, `reply-text-${instructionId}`)).toBe('不能超过 4000 个字');
  expect(tooLong.body).toContain(`>${'抽'.repeat(4001)}</textarea>`);
  const empty = await formPost(t, memberA, url, { text: '  ' });
  expect(empty.statusCode).toBe(422);
  expect(besideField(empty.body, `reply-text-${instructionId}`)).toBe('请填写落实情况');
  expect(empty.body).toMatch(new RegExp(`<textarea id="reply-text-${instructionId}"[^>]*aria-invalid="true"`));
  const words = '已组织专项抽检两轮，抽检儿童用品120批次。';
  const badLink = await formPost(t, memberA, url, { text: words, links: '抽检报告 | https://example.gov.cn/a.pdf\n通报 | javascript:alert(1)', fileIds: fileId });
  expect(badLink.statusCode).toBe(422);
  expect(badLink.body).toContain(`<input type="checkbox" ${fileBox} checked>`);
  expect(besideField(badLink.body, `reply-links-${instructionId}`)).toBe('第 2 行：链接须是完整网址，如 https://…');
  expect(badLink.body).toContain(`>${words}</textarea>`);
  expect((await formPost(t, memberA, url, { text: words }, 'forged')).statusCode).toBe(403);
  // Another unit's people find nothing; the instruction was not sent to theirs.
  expect((await formPost(t, memberB, `/items/${coop.id}/instructions/${instructionId}/reply`, { text: words })).statusCode).toBe(403);
  expect((await formPost(t, memberB, url, { text: words })).statusCode).toBe(404);
  expect(await t.db.instructionReply.count({ where: { instructionId, repliedAt: { not: null } } })).toBe(0);

  const sent = await formPost(t, memberA, url, { text: words, links: '抽检报告 | https://example.gov.cn/a.pdf', fileIds: fileId });
  expect(sent.statusCode, sent.body).toBe(303);
  expect(sent.headers.location).toBe(`/items/${lead.id}?done=instructionReplied#instructions`);
  expect(await t.db.instructionReply.findFirstOrThrow({ where: { instructionId, assignmentId: lead.id } })).toMatchObject({
    text: words,
    repliedById: w.memberA.id,
    attachments: [{ title: '抽检报告', url: 'https://example.gov.cn/a.pdf' }, { fileId }],
  });
  await waitFor('the leader mailed', async () => (await t.db.outboxMessage.count({ where: { step: 'instruction-replied' } })) === 1, { timeoutMs: 30_000 });
  const after = await page(t, memberA, `/items/${lead.id}?done=instructionReplied`);
  expect(after.body).toContain('落实情况已回复');
  expect(after.body).toContain(words);
  expect(after.body).toContain('<a href="https://example.gov.cn/a.pdf" rel="noopener noreferrer" target="_blank">抽检报告</a>');
  expect(after.body).toContain(`<a href="/api/files/${fileId}" data-file="${fileId}" target="_blank">整改台账.pdf</a>`);
  expect(after.body).not.toContain(url);
  expect((await page(t, sun, '/leader')).body).toContain(words);
}, 240_000);

test('分解 on the item page: the lead unit adds a sub-task by form (problems beside their fields, typed text kept), marks it 完成; a cooperating unit gets no form and 403', async ({ t, w, coordinator, memberA }) => {
  const { of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（分解表单）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const [lead, coop] = [of(w.unitA.id), of(w.unitB.id)];
  const memberB = await signIn(t.app, 'member.b@test.local');
  const url = `/items/${lead.id}/subtasks`;

  const before = await page(t, memberA, `/items/${lead.id}`);
  expect(before.body).toContain(`action="${url}#subtasks"`);
  for (const [id, label] of [['subtask-title', '任务内容'], ['subtask-name', '承办人姓名'], ['subtask-phone', '电话'], ['subtask-email', '邮箱'], ['subtask-due', '完成期限']]) {
    expect(before.body).toContain(`<label for="${id}">${label}</label>`);
  }
  const key = /name="idempotencyKey" value="([^"]+)"/.exec(before.body.slice(before.body.indexOf(`action="${url}#subtasks"`)))![1]!;
  expect((await page(t, memberB, `/items/${coop.id}`)).body).not.toContain(`/items/${coop.id}/subtasks#subtasks`);
  expect((await page(t, coordinator, `/items/${lead.id}`)).body).not.toContain(`action="${url}#subtasks"`);

  const typed = { title: ' ', name: '吴科长', phone: '0571-87000003', email: 'wu-at-test', due: '2026-12-30', idempotencyKey: key };
  const refused = await formPost(t, memberA, url, typed);
  expect(refused.statusCode).toBe(422);
  expect(besideField(refused.body, 'subtask-title')).toBe('请填写任务内容');
  expect(besideField(refused.body, 'subtask-email')).toBe('请填写正确的邮箱地址');
  expect(refused.body).toMatch(/<input id="subtask-name"[^>]*value="吴科长"/);
  expect(refused.body).toMatch(/<input id="subtask-email"[^>]*value="wu-at-test"[^>]*aria-invalid="true"/);
  expect(refused.body).toMatch(/id="subtask-problems">.*<a href="#subtask-title">任务内容<\/a>：请填写任务内容/s);
  // Due after the assignment: the workflow's sentence beside the date, what was typed kept.
  const late = await formPost(t, memberA, url, { ...typed, title: '抽检收尾', email: 'wu@test.local', due: '2027-06-30' });
  expect(late.statusCode).toBe(400);
  expect(besideField(late.body, 'subtask-due')).toMatch(/^分解任务期限 2027-06-30 晚于本单位任务期限 \d{4}-\d{2}-\d{2}$/);
  expect(late.body).toMatch(/<input id="subtask-title"[^>]*value="抽检收尾"/);
  expect((await formPost(t, memberA, url, { ...typed, title: '抽检', email: 'wu@test.local' }, 'forged')).statusCode).toBe(403);
  // A cooperating unit does not split; another unit finds nothing.
  expect((await formPost(t, memberB, `/items/${coop.id}/subtasks`, { ...typed, title: '配合抽检', email: 'wu@test.local', idempotencyKey: 'coop-subtask-1' })).statusCode).toBe(403);
  expect((await formPost(t, memberB, url, { ...typed, title: '代为分解', email: 'wu@test.local', idempotencyKey: 'other-subtask-1' })).statusCode).toBe(404);
  expect(await t.db.subtask.count({ where: { assignmentId: lead.id } })).toBe(0);

  const added = await formPost(t, memberA, url, { ...typed, title: '完成第一轮抽检', email: 'wu@test.local' });
  expect(added.statusCode, added.body).toBe(303);
  expect(added.headers.location).toBe(`/items/${lead.id}?done=subtaskAdded#subtasks`);
  const sub = await t.db.subtask.findFirstOrThrow({ where: { assignmentId: lead.id } });
  expect(sub).toMatchObject({ title: '完成第一轮抽检', assigneeName: '吴科长', assigneeEmail: 'wu@test.local', assigneePhone: '0571-87000003' });
  await waitFor('the person told', async () => (await t.db.outboxMessage.count({ where: { step: 'subtask-added', assignmentId: lead.id } })) === 1, { timeoutMs: 30_000 });
  // The same form posted again (a double click) records nothing new.
  expect((await formPost(t, memberA, url, { ...typed, title: '完成第一轮抽检', email: 'wu@test.local' })).statusCode).toBe(303);
  expect(await t.db.subtask.count({ where: { assignmentId: lead.id } })).toBe(1);

  const shown = await page(t, memberA, `/items/${lead.id}?done=subtaskAdded`);
  expect(shown.body).toContain('分解任务已添加，已通知承办人');
  const doneUrl = `/items/${lead.id}/subtasks/${sub.id}/done`;
  expect(shown.body).toContain(`action="${doneUrl}#subtasks"`);
  expect(shown.body).toContain(`<label for="subtask-note-${sub.id}">完成情况（可不填）</label>`);
  expect((await formPost(t, memberA, doneUrl, { note: '抽检60批次' }, 'forged')).statusCode).toBe(403);
  expect((await formPost(t, memberB, doneUrl, { note: '抽检60批次' })).statusCode).toBe(404);
  expect(await t.db.subtask.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ doneAt: null });
  const done = await formPost(t, memberA, doneUrl, { note: '抽检60批次' });
  expect(done.statusCode, done.body).toBe(303);
  expect(done.headers.location).toBe(`/items/${lead.id}?done=subtaskCompleted#subtasks`);
  expect(await t.db.subtask.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ doneById: w.memberA.id, doneNote: '抽检60批次' });
  const after = await page(t, memberA, `/items/${lead.id}`);
  expect(after.body).toContain('分解任务已完成 1/1 项');
  expect(after.body).not.toContain(`action="${doneUrl}#subtasks"`);
}, 240_000);

test('领导批示 by page form: a leader of the plan’s office writes as themself, a coordinator for a chosen leader; problems beside their fields, a forged token 403, others 403/404', async ({ t, w, coordinator, memberA }) => {
  const { plan, of } = await launchDraftPlan(t, w, coordinator, '2026年质量监管工作要点（批示页面）', [{ title: '开展质量安全抽检', units: ['A', 'B'] }]);
  const measureId = plan.measures[0]!.id;
  const lead = of(w.unitA.id);
  const leader = await t.db.person.create({ data: { name: '周主任', email: 'leader.zhou@test.local', role: 'leader', unitId: w.office.id, passwordHash: await hashPassword(PASSWORD) } });
  const zhou = await signIn(t.app, 'leader.zhou@test.local');
  // A unit's supervising leader, not a leader of the plan's office.
  const leaderA = await signIn(t.app, 'leader.a@test.local');
  const url = `/measures/${measureId}/instruct`;

  // Where the leader already sees the measure (the plan's dashboard, read-only), and the coordinator's measure page.
  expect((await page(t, zhou, `/plans/${plan.id}`)).body).toContain(`href="${url}"`);
  expect((await page(t, coordinator, `/plans/${plan.id}/measures/${measureId}`)).body).toContain(`href="${url}"`);
  const form = await page(t, zhou, url);
  expect(form.statusCode, form.body).toBe(200);
  expect(form.body).toContain('<label for="instruct-text">批示内容</label>');
  expect(form.body).toContain('<label for="instruct-replyBy">回复期限（不填则为 5 个工作日后）</label>');
  expect(form.body).toMatch(new RegExp(`<input type="checkbox" id="instruct-unit-${w.unitA.id}" name="unitIds" value="${w.unitA.id}" checked> <label for="instruct-unit-${w.unitA.id}">区财政局</label>`));
  // A leader writes as themself: no one to choose; a coordinator chooses among the office's leaders.
  expect(form.body).not.toContain('id="instruct-leader"');
  const forOthers = await page(t, coordinator, url);
  expect(forOthers.body).toContain('<label for="instruct-leader">批示领导</label>');
  expect(forOthers.body).toContain(`<option value="${leader.id}">周主任</option>`);
  expect((await page(t, memberA, url)).statusCode).toBe(403);
  expect((await page(t, leaderA, url)).statusCode).toBe(404);

  const key = /name="requestId" value="([^"]+)"/.exec(form.body)![1]!;
  const typed = { text: '  ', replyBy: '2026-12-30', unitIds: [w.unitA.id], requestId: key };
  const empty = await formPost(t, zhou, url, typed);
  expect(empty.statusCode).toBe(422);
  expect(besideField(empty.body, 'instruct-text')).toBe('请填写批示内容');
  expect(empty.body).toMatch(/<input id="instruct-replyBy"[^>]*value="2026-12-30"/);
  expect(empty.body).toContain(`value="${w.unitA.id}" checked>`);
  expect(empty.body).not.toContain(`value="${w.unitB.id}" checked>`);
  const text = '请加大抽检力度，重点关注儿童用品。';
  const noUnits = await formPost(t, zhou, url, { text, requestId: key });
  expect(noUnits.statusCode).toBe(422);
  expect(besideField(noUnits.body, 'instruct-units')).toBe('请至少选择一个单位');
  expect(noUnits.body).toContain(`>${text}</textarea>`);
  const past = await formPost(t, zhou, url, { ...typed, text, replyBy: '2026-01-05' });
  expect(past.statusCode).toBe(400);
  expect(besideField(past.body, 'instruct-replyBy')).toMatch(/^回复期限 2026-01-05 早于今天（\d{4}-\d{2}-\d{2}）$/);
  const unnamed = await formPost(t, coordinator, url, { ...typed, text, onBehalfOf: '', requestId: 'coordinator-form-1' });
  expect(unnamed.statusCode).toBe(400);
  expect(besideField(unnamed.body, 'instruct-leader')).toBe('代录批示须注明本计划牵头办公室的哪位领导（onBehalfOf）');
  expect((await formPost(t, zhou, url, { ...typed, text }, 'forged')).statusCode).toBe(403);
  expect((await formPost(t, memberA, url, { ...typed, text })).statusCode).toBe(403);
  expect((await formPost(t, leaderA, url, { ...typed, text })).statusCode).toBe(404);
  expect(await t.db.instruction.count({ where: { measureId } })).toBe(0);

  const sent = await formPost(t, zhou, url, { ...typed, text });
  expect(sent.statusCode, sent.body).toBe(303);
  expect(sent.headers.location).toBe(`${url}?done=instructionSent#instructions`);
  expect(await t.db.instruction.findFirstOrThrow({ where: { measureId } })).toMatchObject({ text, leaderId: leader.id, writtenById: leader.id });
  await waitFor('the unit mailed', async () => (await t.db.outboxMessage.count({ where: { step: 'instruction', assignmentId: lead.id } })) === 1, { timeoutMs: 30_000 });
  expect(await t.db.outboxMessage.count({ where: { step: 'instruction', planId: plan.id } })).toBe(1);
  const shown = await page(t, zhou, `${url}?done=instructionSent`);
  expect(shown.body).toContain('批示已发出');
  expect(shown.body).toContain(`<blockquote>${text}</blockquote>`);
  expect(shown.body).toContain('尚未回复');

  // A coordinator for the leader: recorded as written by the coordinator, from the leader.
  const forSun = await formPost(t, coordinator, url, { ...typed, text: '请于月底前完成第二轮抽检。', onBehalfOf: leader.id, requestId: 'coordinator-form-2' });
  expect(forSun.statusCode, forSun.body).toBe(303);
  expect(await t.db.instruction.findFirstOrThrow({ where: { measureId, text: '请于月底前完成第二轮抽检。' } })).toMatchObject({ leaderId: leader.id, writtenById: w.coordinator.id });
  expect((await page(t, coordinator, url)).body).toMatch(/周主任批示<\/b> <small class="muted">（由.+代录）/);
}, 240_000);
