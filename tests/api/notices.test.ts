import { describe, expect } from 'vitest';
import { DAY_MS } from '../../domain/clock';
import { finaliseResults } from '../../services/assessment/finalise-results';
import { attr, child, elements, paragraphs, readDocx } from '../support/read-docx';
import { appTest as test } from '../support/fixtures';
import { escapeHtml } from '../../lib/escape';
import { withSession, type TSession, type TTestApp } from './support';

/**
 * The office's 通报 on the seeded plan (区督查室 coordinates; 区财政局 leads, 区教育局 cooperates): drafted from 2026's
 * results, edited, refused before 定稿, then issued as 区督办〔2026〕1号 (the office's 发文机关代字), archived, mailed to
 * both units, listed on their page; issued twice refused; the next 通报 numbered 2. The tests run in order.
 */
const YEAR = 2026;
const TITLE = '关于2026年度质量工作\n推进情况的通报';
const edited = (overrides: Record<string, unknown> = {}) => ({
  masthead: '区督查室文件',
  title: TITLE,
  recipients: '各责任单位',
  sections: [
    { heading: '总体情况', paragraphs: ['2026年，各责任单位按计划推进质量工作。'] },
    { kind: 'praise', heading: '通报表扬', paragraphs: ['以下单位予以通报表扬：'], units: [{ unit: '区教育局', reason: '各项进展均按期报送' }] },
    { kind: 'criticism', heading: '通报批评', paragraphs: ['以下单位予以通报批评：'], units: [{ unit: '财政局', reason: '1次进展逾期未报，被督办1次' }] },
    { heading: '工作要求', paragraphs: ['受到通报批评的单位于10个工作日内报送整改情况。'] },
  ],
  issuer: '区督查室',
  signedOn: '2026-06-01',
  copyTo: ['区政府办公室'],
  printedBy: '区督查室',
  printedOn: '2026-06-01',
  ...overrides,
});

const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('the 通报 edited on a page and issued', () => {
  let noticeId = '';
  const base = (planId: string) => `/api/plans/${planId}/notices`;

  test('the office starts a draft of the year’s results; a unit cannot', async ({ t, w, coordinator, memberA }) => {
    const refused = await t.app.inject({ method: 'POST', url: base(w.plan.id), payload: { period: '2026' }, headers: withSession(memberA) });
    expect(refused.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: base(w.plan.id), payload: { period: '2026' }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json();
    expect(draft).toMatchObject({ scope: '2026', year: YEAR, version: 1, status: 'draft', docNumber: null });
    expect(draft.notice.title).toContain('2026年度');
    noticeId = draft.id;
    expect(await t.db.auditEvent.count({ where: { subjectId: noticeId, action: 'notice.created' } })).toBe(1);
  });

  test('an edit is saved as a new version, audited with its text, and the draft’s Word file shows it', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${noticeId}`, payload: { notice: edited(), version: 1 }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, status: 'draft', notice: { title: TITLE, docNumber: null } });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: noticeId, action: 'notice.saved' } });
    expect(audit.data).toMatchObject({ version: 2, notice: { title: TITLE } });
    const docx = await t.app.inject({ url: `/api/notices/${noticeId}.docx`, headers: withSession(coordinator) });
    expect(docx.statusCode).toBe(200);
    const text = paragraphs((await readDocx(docx.rawPayload)).document).map((p) => p.text);
    expect(text).toEqual(expect.arrayContaining(['（文号待定）', '关于2026年度质量工作', '推进情况的通报', '1.区教育局：各项进展均按期报送。', '1.财政局：1次进展逾期未报，被督办1次。']));
  });

  test('bad fields and a stale version are refused in one line naming the field; nothing is saved', async ({ t, w, coordinator }) => {
    const empty = await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${noticeId}`, payload: { notice: edited({ title: '  ' }) }, headers: withSession(coordinator) });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details).toEqual([expect.objectContaining({ path: 'body.notice.title', message: expect.stringContaining('标题不能为空') })]);
    const noUnits = await t.app.inject({
      method: 'PUT',
      url: `${base(w.plan.id)}/${noticeId}`,
      payload: { notice: edited({ sections: [{ kind: 'praise', heading: '通报表扬', units: [] }] }) },
      headers: withSession(coordinator),
    });
    expect(noUnits.statusCode).toBe(400);
    expect(noUnits.json().error.details).toEqual([expect.objectContaining({ path: 'body.notice.sections.0.units' })]);
    const stale = await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${noticeId}`, payload: { notice: edited({ title: '旧稿' }), version: 1 }, headers: withSession(coordinator) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.message).toBe('version：通报已被修改为第 2 版，请重新打开后再改');
    const shown = (await t.app.inject({ url: `${base(w.plan.id)}/${noticeId}`, headers: withSession(coordinator) })).json();
    expect(shown).toMatchObject({ version: 2, notice: { title: TITLE } });
  });

  test('issuing before the year’s results are final is refused in one line, and nothing is saved', async ({ t, w, coordinator }) => {
    const res = await t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${noticeId}/issue`, payload: {}, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toBe('year：2026 年考核结果尚未定稿，定稿后方可印发通报');
    expect(await t.db.notice.findUniqueOrThrow({ where: { id: noticeId } })).toMatchObject({ status: 'draft', docSeq: null, fileId: null });
    expect(await t.db.storedFile.count()).toBe(0);
    expect(await t.db.outboxMessage.count({ where: { step: 'notice-issued' } })).toBe(0);
  });

  test('a 表扬 line naming no registered unit is refused naming it, and nothing is saved', async ({ t, w, coordinator }) => {
    await finaliseResults({ db: t.db, now: () => new Date(Date.now() + DAY_MS) }, w.plan.id, { year: YEAR }, { id: null, label: 'web' });
    const other = await t.app.inject({ method: 'POST', url: base(w.plan.id), payload: { period: '2026' }, headers: withSession(coordinator) });
    const id = other.json().id as string;
    const sections = [{ kind: 'praise', heading: '通报表扬', units: [{ unit: '区外单位', reason: '按期报送' }] }];
    const saved = await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${id}`, payload: { notice: edited({ sections }) }, headers: withSession(coordinator) });
    expect(saved.statusCode, saved.body).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${id}/issue`, payload: {}, headers: withSession(coordinator) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('sections：“区外单位”不是登记的单位，通报无法发送给它');
    expect(await t.db.storedFile.count()).toBe(0);
    expect(await t.db.notice.count({ where: { status: 'issued' } })).toBe(0);
    await t.db.notice.delete({ where: { id } });
  });

  test('issued once the year is final: numbered in the office’s sequence, archived, mailed to each unit once, audited', async ({ t, w, coordinator }) => {
    await t.db.unit.update({ where: { id: w.office.id }, data: { noticePrefix: '区督办' } });
    const res = await t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${noticeId}/issue`, payload: { version: 2 }, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'issued', docNumber: '区督办〔2026〕1号', notice: { docNumber: { prefix: '区督办', year: 2026, seq: 1 } } });

    const messages = await t.db.outboxMessage.findMany({ where: { step: 'notice-issued' }, orderBy: { recipient: 'asc' } });
    expect(messages.map((m) => [m.recipient, m.to])).toEqual(
      [
        [`unit:${w.unitA.id}`, [w.memberA.email]],
        [`unit:${w.unitB.id}`, [w.memberB.email]],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    for (const m of messages) {
      expect(m.subject).toBe('【督办】区督查室印发通报：区督办〔2026〕1号');
      expect(m.text).toContain('http://');
      expect(m.text).toContain('/items#notices');
    }
    expect(messages.find((m) => m.recipient === `unit:${w.unitA.id}`)!.text).toContain('贵单位在本通报中受到批评');
    expect(messages.find((m) => m.recipient === `unit:${w.unitB.id}`)!.text).toContain('贵单位在本通报中受到表扬');
    expect(await t.db.auditEvent.count({ where: { subjectId: noticeId, action: 'notice.issued' } })).toBe(1);
    // The archived file cannot be deleted while the notice refers to it.
    const row = await t.db.notice.findUniqueOrThrow({ where: { id: noticeId } });
    await expect(t.db.storedFile.delete({ where: { id: row.fileId! } })).rejects.toThrow();
  });

  test('the archived Word file reads back with its 文号 in 〔〕, the faces and the page of the standard, to the units it was sent to', async ({ t, coordinator, memberB, w }) => {
    const res = await t.app.inject({ url: `/api/notices/${noticeId}.docx`, headers: withSession(memberB) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const docx = await readDocx(res.rawPayload);
    const body = paragraphs(docx.document);
    const number = body.find((p) => p.text === '区督办〔2026〕1号')!;
    expect(number.runs.map((r) => [r.eastAsia, r.size])).toEqual([['仿宋_GB2312', 32]]);
    expect(body.find((p) => p.text === '关于2026年度质量工作')!.runs.map((r) => [r.eastAsia, r.size])).toEqual([['方正小标宋简体', 44]]);
    const sectPr = elements(docx.document, 'sectPr')[0]!;
    const mm = (twips: string | null) => Math.round((Number(twips) / 1440) * 25.4);
    expect([mm(attr(child(sectPr, 'pgSz'), 'w')), mm(attr(child(sectPr, 'pgSz'), 'h'))]).toEqual([210, 297]);
    expect(['top', 'bottom', 'left', 'right'].map((s) => mm(attr(child(sectPr, 'pgMar'), s)))).toEqual([37, 35, 28, 26]);
    // The same bytes as archived, however often it is read.
    const again = await t.app.inject({ url: `/api/notices/${noticeId}.docx`, headers: withSession(coordinator) });
    expect(again.rawPayload.equals(res.rawPayload)).toBe(true);
    // A unit it was not sent to finds no such notice.
    const outsider = await t.db.unit.create({ data: { name: '区外单位' } });
    await t.db.person.update({ where: { id: w.memberB.id }, data: { unitId: outsider.id } });
    try {
      expect((await t.app.inject({ url: `/api/notices/${noticeId}.docx`, headers: withSession(memberB) })).statusCode).toBe(404);
    } finally {
      await t.db.person.update({ where: { id: w.memberB.id }, data: { unitId: w.unitB.id } });
    }
  });

  test('issuing twice is refused in one line naming the 文号; an edit after issue too; nothing is saved', async ({ t, w, coordinator }) => {
    const [files, messages] = [await t.db.storedFile.count(), await t.db.outboxMessage.count()];
    const again = await t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${noticeId}/issue`, payload: {}, headers: withSession(coordinator) });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('该通报已印发（区督办〔2026〕1号），不能修改或再次印发');
    const edit = await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${noticeId}`, payload: { notice: edited({ title: '改标题' }) }, headers: withSession(coordinator) });
    expect(edit.statusCode).toBe(409);
    expect([await t.db.storedFile.count(), await t.db.outboxMessage.count()]).toEqual([files, messages]);
    expect((await t.db.notice.findUniqueOrThrow({ where: { id: noticeId } })).version).toBe(2);
  });

  test('the next 通报 of the office that year is number 2', async ({ t, w, coordinator }) => {
    const created = await t.app.inject({ method: 'POST', url: base(w.plan.id), payload: { period: '2026' }, headers: withSession(coordinator) });
    const id = created.json().id as string;
    await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${id}`, payload: { notice: edited({ title: '关于第二次通报' }) }, headers: withSession(coordinator) });
    const res = await t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${id}/issue`, payload: {}, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().docNumber).toBe('区督办〔2026〕2号');
    const listed = (await t.app.inject({ url: base(w.plan.id), headers: withSession(coordinator) })).json();
    expect(listed.notices.map((n: { docNumber: string | null }) => n.docNumber)).toEqual(['区督办〔2026〕2号', '区督办〔2026〕1号']);
  });

  test('the units’ page and the plan’s page list the issued 通报: date, 文号, title, download', async ({ t, w, memberA, coordinator }) => {
    const unitPage = await t.app.inject({ url: '/items', headers: { cookie: memberA.cookie } });
    expect(unitPage.statusCode).toBe(200);
    const section = unitPage.body.slice(unitPage.body.indexOf('id="notices"'));
    expect(section).toContain('区督办〔2026〕1号');
    expect(section).toContain('区督办〔2026〕2号');
    expect(section).toContain(`/api/notices/${noticeId}.docx`);
    expect(section).toContain('2026-06-01');
    const planPage = await t.app.inject({ url: `/plans/${w.plan.id}`, headers: { cookie: coordinator.cookie } });
    expect(planPage.body.slice(planPage.body.indexOf('id="notices"'))).toContain('区督办〔2026〕1号');
  });

  test('on its page the office drafts a 通报, edits it with the preview showing the same text as text, and issues it', async ({ t, w, coordinator }) => {
    const created = await post(t, `/plans/${w.plan.id}/notices`, { period: '2026' }, coordinator);
    expect(created.statusCode, created.body).toBe(303);
    const url = created.headers.location as string;
    const form = await t.app.inject({ url, headers: { cookie: coordinator.cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="notice-preview"');
    expect(form.body).toContain('区督办〔2026〕3号');
    const praise = '各项进展均按期报送<img src=x onerror=alert(1)>';
    const fields = {
      intent: 'save',
      version: '1',
      masthead: '区督查室文件',
      title: '关于第三次通报',
      recipients: '各责任单位',
      s0kind: 'text',
      s0heading: '总体情况',
      s0paragraphs: '第一段。\n第二段。',
      s0units: '',
      s1kind: 'praise',
      s1heading: '通报表扬',
      s1paragraphs: '',
      s1units: `区教育局：${praise}`,
      s2kind: 'text',
      s2heading: '',
      s2paragraphs: '',
      s2units: '',
      issuer: '区督查室',
      signedOn: '2026-06-01',
      copyTo: '',
      printedBy: '区督查室',
      printedOn: '2026-06-01',
    };
    const bad = await post(t, url, { ...fields, s1units: '区教育局' }, coordinator);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toMatch(/id="notice-problem">notice\.sections\.1\.units\.0\.reason：事由不能为空/);
    const saved = await post(t, url, fields, coordinator);
    expect(saved.statusCode, saved.body).toBe(303);
    const shown = await t.app.inject({ url, headers: { cookie: coordinator.cookie } });
    const preview = shown.body.slice(shown.body.indexOf('id="notice-preview"'));
    for (const line of ['关于第三次通报', '一、总体情况', '第一段。', '第二段。', `1.区教育局：${praise}。`]) expect(preview).toContain(escapeHtml(line));
    expect(shown.body).not.toContain('<img src=x');
    const issued = await post(t, url, { ...fields, intent: 'issue', version: '2' }, coordinator);
    expect(issued.statusCode, issued.body).toBe(303);
    const after = await t.app.inject({ url: issued.headers.location as string, headers: { cookie: coordinator.cookie } });
    expect(after.body).toContain('已印发：区督办〔2026〕3号');
    expect(after.body).not.toContain('id="notice-form"');
  });

  test('two 通报 issued at once take the next two numbers, and no file is left over from the one that had to wait', async ({ t, w, coordinator }) => {
    const ids: string[] = [];
    for (const title of ['关于第四次通报', '关于第五次通报']) {
      const created = await t.app.inject({ method: 'POST', url: base(w.plan.id), payload: { period: '2026' }, headers: withSession(coordinator) });
      ids.push(created.json().id);
      await t.app.inject({ method: 'PUT', url: `${base(w.plan.id)}/${created.json().id}`, payload: { notice: edited({ title }) }, headers: withSession(coordinator) });
    }
    const issued = await Promise.all(ids.map((id) => t.app.inject({ method: 'POST', url: `${base(w.plan.id)}/${id}/issue`, payload: {}, headers: withSession(coordinator) })));
    expect(issued.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(issued.map((r) => r.json().docNumber).sort()).toEqual(['区督办〔2026〕4号', '区督办〔2026〕5号']);
    expect(await t.db.storedFile.count()).toBe(await t.db.notice.count({ where: { status: 'issued' } }));
  });
});
