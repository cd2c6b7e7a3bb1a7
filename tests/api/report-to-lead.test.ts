import { expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { samplePdf } from '../support/sample-files';
import type { Db } from '../../prisma/client';
import { hashPassword } from '../../services/auth/password';
import { multipartFile, PASSWORD, signIn, withSession, type TSession } from './support';

test('the lead unit reads its cooperating unit’s part, through the API and on its item page, and opens its file, as does its supervising leader', async ({ t, w, memberA, memberB, leaderA }) => {
  const body = multipartFile('配合材料.pdf', await samplePdf('配合单位佐证'));
  const uploaded = await t.app.inject({ method: 'POST', url: `/api/assignments/${w.assignmentB.id}/files`, payload: body.payload, headers: { ...body.headers, ...withSession(memberB) } });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const fileId = uploaded.json().id as string;
  const file = (s: TSession) => t.app.inject({ url: `/api/files/${fileId}`, headers: withSession(s) });
  // Before the part carries it, the file is the cooperating unit's alone.
  expect((await file(memberA)).statusCode).toBe(404);

  // The part as the measure records it when the plan's cooperating units report to the lead unit.
  const part = await t.db.progressReport.create({
    data: {
      assignmentId: w.assignmentB.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T15:59:59Z'),
      status: 'in_progress',
      percent: 70,
      narrative: '配合完成校园食品抽检。',
      attachments: [{ fileId }],
      submittedAt: new Date('2026-07-08T02:00:00Z'),
      submittedById: w.memberB.id,
      idempotencyKey: 'part-b-1',
      toLead: true,
    },
  });

  const item = await t.app.inject({ url: `/api/assignments/${w.assignmentA.id}`, headers: withSession(memberA) });
  expect(item.statusCode, item.body).toBe(200);
  expect(item.json().cooperatingParts).toEqual([
    expect.objectContaining({
      id: part.id,
      unit: w.unitB.name,
      status: 'in_progress',
      percent: 70,
      narrative: '配合完成校园食品抽检。',
      submittedAt: '2026-07-08T02:00:00.000Z',
      toLead: true,
      attachments: [expect.objectContaining({ fileId, name: '配合材料.pdf' })],
    }),
  ]);
  expect((await file(memberA)).statusCode).toBe(200);
  // The cooperating unit's own item shows the part as sent to the lead, and no one else's parts.
  const own = (await t.app.inject({ url: `/api/assignments/${w.assignmentB.id}`, headers: withSession(memberB) })).json();
  expect(own.cooperatingParts).toEqual([]);
  expect(own.reports[0]).toMatchObject({ id: part.id, toLead: true, review: 'none' });

  const page = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('<h2>配合单位报送</h2>');
  expect(page.body).toContain(`data-part="${part.id}"`);
  expect(page.body).toContain('配合完成校园食品抽检。');
  // The lead unit's report form offers each cooperating unit's latest part to include, ticked.
  expect(page.body).toContain('<legend>本次报告汇总的配合单位报送（默认各单位最新一份，可取消勾选）</legend>');
  expect(page.body).toContain(`<input type="checkbox" id="part-${part.id}" name="parts" value="${part.id}" checked> <label for="part-${part.id}">`);
  const ownPage = await t.app.inject({ url: `/items/${w.assignmentB.id}`, headers: { cookie: memberB.cookie } });
  expect(ownPage.body).toContain('已报送牵头单位，由牵头单位汇总后报督查室');
  expect(ownPage.body).not.toContain('<h2>配合单位报送</h2>');
  // The lead unit's supervising leader opens it too.
  expect((await file(leaderA)).statusCode).toBe(200);
});

test('the 责任领导 the lead unit named at 签收 opens its cooperating unit’s part files; another leader finds nothing', async ({ t, w, memberB }) => {
  const body = multipartFile('配合台账.pdf', await samplePdf('配合台账'));
  const uploaded = await t.app.inject({ method: 'POST', url: `/api/assignments/${w.assignmentB.id}/files`, payload: body.payload, headers: { ...body.headers, ...withSession(memberB) } });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  const fileId = uploaded.json().id as string;
  await t.db.progressReport.create({
    data: {
      assignmentId: w.assignmentB.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T15:59:59Z'),
      status: 'in_progress',
      percent: 80,
      narrative: '配合台账已建立。',
      attachments: [{ fileId }],
      submittedAt: new Date('2026-07-09T02:00:00Z'),
      submittedById: w.memberB.id,
      idempotencyKey: 'part-b-ledger',
      toLead: true,
    },
  });
  const passwordHash = await hashPassword(PASSWORD);
  const [named, other] = await Promise.all([
    t.db.person.create({ data: { name: '钱局长', email: 'qian.lead@test.local', role: 'leader', passwordHash } }),
    t.db.person.create({ data: { name: '孙局长', email: 'sun.other@test.local', role: 'leader', passwordHash } }),
  ]);
  // The lead unit named its 责任领导 at 签收, with an email address the registry knows.
  await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { ackResponsible: { name: named.name, email: 'qian.lead@test.local' } } });
  const file = async (email: string) => t.app.inject({ url: `/api/files/${fileId}`, headers: withSession(await signIn(t.app, email)) });
  expect((await file(named.email)).statusCode).toBe(200);
  expect((await file(other.email)).statusCode).toBe(404);
  // Once the lead unit names someone else, the first leader reads nothing more.
  await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { ackResponsible: { name: other.name, email: other.email } } });
  expect((await file(named.email)).statusCode).toBe(404);
});

/** A report body as the API takes it. */
const progress = (key: string, parts: string[]) => ({ status: 'in_progress', percent: 60, narrative: '汇总推进中。', parts, idempotencyKey: key });

test('the lead unit’s report names only parts its cooperating units sent it and not returned; anything else is refused with one line, nothing recorded', async ({ t, w, memberA, memberB }) => {
  const part = await t.db.progressReport.create({
    data: {
      assignmentId: w.assignmentB.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T15:59:59Z'),
      status: 'done',
      percent: 100,
      narrative: '配合工作完成。',
      submittedAt: new Date('2026-07-10T02:00:00Z'),
      submittedById: w.memberB.id,
      idempotencyKey: 'part-b-choice',
      toLead: true,
    },
  });
  const before = await t.db.progressReport.count();
  const send = (s: TSession, assignmentId: string, body: object) =>
    t.app.inject({ method: 'POST', url: `/api/assignments/${assignmentId}/progress`, payload: body, headers: withSession(s) });

  // Not a part sent to the lead (the lead unit's own report, or no report at all).
  const own = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
  for (const stranger of [own.id, 'no-such-report']) {
    const res = await send(memberA, w.assignmentA.id, progress(`lead-choice-${stranger}`, [part.id, stranger]));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toBe(`${stranger} 不是配合单位报送本牵头单位且未被退回的内容`);
  }
  // A cooperating unit's report includes no parts.
  const theirs = await send(memberB, w.assignmentB.id, progress('coop-choice-1', [part.id]));
  expect(theirs.statusCode, theirs.body).toBe(422);
  expect(theirs.json().error.message).toBe('只有牵头单位的报告汇总配合单位报送');
  // Named twice: the schema's refusal.
  const twice = await send(memberA, w.assignmentA.id, progress('lead-choice-twice', [part.id, part.id]));
  expect(twice.statusCode, twice.body).toBe(400);
  expect(twice.body).toContain('配合单位报送重复');
  // A returned part is no longer the lead unit's to include.
  await t.db.progressReport.update({ where: { id: part.id }, data: { review: 'returned', reviewReason: '数据不全' } });
  const returned = await send(memberA, w.assignmentA.id, progress('lead-choice-returned', [part.id]));
  expect(returned.json().error.message).toBe(`${part.id} 不是配合单位报送本牵头单位且未被退回的内容`);
  expect(await t.db.progressReport.count()).toBe(before);
});

test('the lead unit’s report form keeps the parts it unticked when the report is refused', async ({ t, w, memberA }) => {
  const part = await t.db.progressReport.create({
    data: {
      assignmentId: w.assignmentB.id,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T15:59:59Z'),
      status: 'in_progress',
      percent: 90,
      narrative: '配合工作收尾。',
      submittedAt: new Date('2026-07-11T02:00:00Z'),
      submittedById: w.memberB.id,
      idempotencyKey: 'part-b-form',
      toLead: true,
    },
  });
  const url = `/items/${w.assignmentA.id}/report`;
  // No workflow service here: a report the schema passes is refused for its absence, and the form comes back.
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ status: 'in_progress', percent: '60', narrative: '汇总推进中。', links: '', partsOffered: '1', idempotencyKey: 'page-lead-parts-1', _csrf: memberA.csrfToken }).toString(),
    headers: { cookie: memberA.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(res.statusCode, res.body).toBe(503);
  expect(res.body).toContain(`action="${url}#report"`);
  expect(res.body).toContain(`<input type="checkbox" id="part-${part.id}" name="parts" value="${part.id}"> <label for="part-${part.id}">`);
  expect(res.body).toContain('汇总推进中。');
});

/** A part as the measure records it when its cooperating unit reports to the lead unit. */
const partOf = (t: { db: Db }, assignmentId: string, submittedById: string, key: string) =>
  t.db.progressReport.create({
    data: {
      assignmentId,
      period: '2026-H1',
      dueAt: new Date('2026-07-15T15:59:59Z'),
      status: 'in_progress',
      percent: 60,
      narrative: '配合抽检过半。',
      submittedAt: new Date('2026-07-12T02:00:00Z'),
      submittedById,
      idempotencyKey: key,
      toLead: true,
    },
  });

test('退回 of a part: not found to anyone but the lead unit’s side, a bad body refused (400, as every API body), nothing recorded', async ({ t, w, memberA, memberB, leaderA, coordinator }) => {
  const part = await partOf(t, w.assignmentB.id, w.memberB.id, 'part-b-return');
  const send = (s: TSession, reportId: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/reports/${reportId}/return`, payload, headers: withSession(s) });
  const good = { reason: '缺少抽检报告', reworkDays: 3 };
  const audits = () => t.db.auditEvent.count({ where: { action: 'measure.return-part' } });
  const before = await audits();

  // The office reviews through its own queue; the cooperating unit itself is not the lead's side.
  for (const who of [coordinator, memberB]) {
    const res = await send(who, part.id, good);
    expect(res.statusCode, res.body).toBe(404);
  }
  // The lead unit's own report is no part.
  const own = await t.db.progressReport.findFirstOrThrow({ where: { assignmentId: w.assignmentA.id } });
  expect((await send(memberA, own.id, good)).statusCode).toBe(404);
  for (const bad of [{ reworkDays: 3 }, { reason: '  ', reworkDays: 3 }, { reason: '缺少抽检报告' }, { reason: '缺少抽检报告', reworkDays: 0 }, { ...good, extra: 1 }]) {
    const res = await send(memberA, part.id, bad);
    expect(res.statusCode, JSON.stringify(bad)).toBe(400);
  }
  // The lead unit's people and its supervising leader reach the measure (none runs here: 503), nobody else does.
  for (const who of [memberA, leaderA]) expect((await send(who, part.id, good)).statusCode).toBe(503);
  expect(await audits()).toBe(before);
  expect(await t.db.progressReport.findUniqueOrThrow({ where: { id: part.id } })).toMatchObject({ review: null, reviewReason: null });
});

test('the lead’s item page offers 退回 beside each unit’s latest part; a refused form keeps what was typed; the cooperating unit’s page says why and by when', async ({ t, w, memberA, memberB }) => {
  const older = await partOf(t, w.assignmentB.id, w.memberB.id, 'part-b-page-1');
  const part = await t.db.progressReport.update({ where: { id: (await partOf(t, w.assignmentB.id, w.memberB.id, 'part-b-page-2')).id }, data: { submittedAt: new Date('2026-07-13T02:00:00Z') } });
  const page = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  expect(page.body).toContain(`action="/items/${w.assignmentA.id}/parts/${part.id}/return#parts"`);
  expect(page.body).not.toContain(`/parts/${older.id}/return`);
  expect(page.body).toContain(`<label for="return-reason-${part.id}">退回理由</label>`);
  expect(page.body).toContain(`<label for="return-days-${part.id}">整改时限（工作日）</label>`);

  const url = `/items/${w.assignmentA.id}/parts/${part.id}/return`;
  const post = (payload: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, payload: new URLSearchParams({ ...payload, _csrf: memberA.csrfToken }).toString(), headers: { cookie: memberA.cookie, 'content-type': 'application/x-www-form-urlencoded' } });
  const noReason = await post({ reason: '', reworkDays: '4', requestId: 'page-return-1' });
  expect(noReason.statusCode).toBe(422);
  expect(noReason.body).toContain('请填写退回理由');
  expect(noReason.body).toContain(`id="return-days-${part.id}" name="reworkDays" type="number" min="1" max="60" inputmode="numeric" value="4"`);
  // A sound form reaches the measure; none runs here, so it comes back in one line, what was typed kept.
  const unavailable = await post({ reason: '缺少抽检报告', reworkDays: '4', requestId: 'page-return-2' });
  expect(unavailable.statusCode).toBe(503);
  expect(unavailable.body).toContain(`id="return-reason-${part.id}" name="reason" maxlength="2000" value="缺少抽检报告"`);
  expect(await t.db.auditEvent.count({ where: { action: 'measure.return-part' } })).toBe(0);

  // Returned (as the measure projects it), the part shows why and by when, to both sides, and offers no second 退回.
  await t.db.progressReport.update({ where: { id: part.id }, data: { review: 'returned', reviewReason: '缺少抽检报告', reworkDue: new Date('2026-07-16T16:00:00Z') } });
  const theirs = await t.app.inject({ url: `/items/${w.assignmentB.id}`, headers: { cookie: memberB.cookie } });
  expect(theirs.body).toContain('<div class="c-red" data-review="returned">牵头单位退回：缺少抽检报告。请于 2026-07-17 前重新报送</div>');
  const lead = await t.app.inject({ url: `/items/${w.assignmentA.id}`, headers: { cookie: memberA.cookie } });
  expect(lead.body).toContain('牵头单位退回：缺少抽检报告。请于 2026-07-17 前重新报送');
  expect(lead.body).not.toContain(`/parts/${part.id}/return`);
  // Nor does the lead's report form offer it to consolidate.
  expect(lead.body).not.toContain(`id="part-${part.id}"`);
});
