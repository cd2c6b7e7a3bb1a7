import { describe, expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { virtualToday, type TSession, type TTestApp, type TWorld } from './support';

// No workflow service here: everything the schema refuses is refused before a workflow is asked, and a report that
// passes it meets the service's absence, which the form must survive too.

const itemUrl = (w: TWorld) => `/items/${w.assignmentA.id}`;
const targetField = (w: TWorld) => `tv_${w.measure.targets[0]!.id}`;

const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession, lang?: 'en') =>
  t.app.inject({
    method: 'POST',
    url: lang ? `${url}?lang=${lang}` : url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });

const report = (w: TWorld, fields: Record<string, string> = {}) => ({
  status: 'in_progress',
  percent: '60',
  narrative: '已完成第一轮抽查',
  blockedReason: '',
  [targetField(w)]: '96.5',
  links: '抽查通报 | https://example.gov.cn/notice.pdf',
  idempotencyKey: 'page-report-key-0001',
  ...fields,
});

/** The text beside a field: what aria-describedby points at. */
const besideField = (body: string, id: string) => new RegExp(`id="${id}-problem">([^<]*)<`).exec(body)?.[1] ?? null;

describe('a report the progress schema refuses', () => {
  test('comes back as the item page with the form, everything typed, and the problem beside the field', async ({ t, w, memberA: member }) => {
    const before = await t.db.progressReport.count();
    const res = await post(t, `${itemUrl(w)}/report`, report(w, { links: '抽查通报 | https://example.gov.cn/a.pdf\n\n自查报告 | example.gov.cn/b.pdf', blockedReason: '' }), member);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain(`action="${itemUrl(w)}/report#report"`);
    expect(besideField(res.body, 'links')).toBe('第 3 行：链接须是完整网址，如 https://…');
    expect(res.body).toMatch(/<textarea id="links"[^>]*aria-invalid="true"[^>]*>抽查通报 \| https:\/\/example.gov.cn\/a.pdf\n\n自查报告 \| example.gov.cn\/b.pdf<\/textarea>/);
    expect(res.body).toMatch(/<option value="in_progress" selected>/);
    expect(res.body).toMatch(/<input id="percent"[^>]*value="60"/);
    expect(res.body).toContain('>已完成第一轮抽查</textarea>');
    expect(res.body).toMatch(new RegExp(`name="${targetField(w)}"[^>]*value="96.5"`));
    // The list at the top names the field.
    expect(res.body).toMatch(/id="report-problems">.*<a href="#links">附件链接（每行一个：标题 \| 网址）<\/a>：第 3 行/s);
    // None of the API's developer text, no error page, nothing recorded.
    expect(res.body).not.toMatch(/Invalid URL|body\.attachments|出错了| \/ /);
    expect(await t.db.progressReport.count()).toBe(before);
  });

  test('says what each field needs, in the page’s words', async ({ t, w, memberA: member }) => {
    const cases: { fields: Record<string, string>; field: string; message: string }[] = [
      { fields: { narrative: '   ' }, field: 'narrative', message: '请填写进展情况' },
      { fields: { [targetField(w)]: '九十六' }, field: `tv-${w.measure.targets[0]!.id}`, message: '目标完成值须是数字，如 96.5' },
      { fields: { status: 'done', percent: '80' }, field: 'percent', message: '状态为“已完成”时，完成百分比应为 100' },
      { fields: { percent: '' }, field: 'percent', message: '完成百分比须是 0 到 100 之间的整数' },
      { fields: { status: 'blocked' }, field: 'blockedReason', message: '状态为“受阻”时，须填写受阻原因' },
      { fields: { blockedReason: '等待审批' }, field: 'blockedReason', message: '仅在状态为“受阻”时填写受阻原因；请清空此项或把状态改为“受阻”' },
    ];
    for (const c of cases) {
      const res = await post(t, `${itemUrl(w)}/report`, report(w, c.fields), member);
      expect(res.statusCode, c.field).toBe(422);
      expect(besideField(res.body, c.field), c.field).toBe(c.message);
      expect(res.body, c.field).toMatch(new RegExp(`id="${c.field}"[^>]*aria-invalid="true"`));
      expect(res.body, c.field).not.toMatch(/expected|Too small|NaN|done means/);
    }
  });

  test('keeps its idempotency key, so a second press of the corrected form cannot record twice', async ({ t, w, memberA: member }) => {
    const res = await post(t, `${itemUrl(w)}/report`, report(w, { narrative: ' ', idempotencyKey: 'page-report-key-kept' }), member);
    expect(res.body).toContain('name="idempotencyKey" value="page-report-key-kept"');
    // A key the schema itself refuses never reached a workflow: the form gets a fresh one.
    const bad = await post(t, `${itemUrl(w)}/report`, report(w, { idempotencyKey: 'short' }), member);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('表单已过期，请重新提交');
    expect(bad.body).not.toContain('name="idempotencyKey" value="short"');
    expect(bad.body).toMatch(/name="idempotencyKey" value="[0-9a-f-]{36}"/);
  });

  test('is explained in English, and only English, on the English page', async ({ t, w, memberA: member }) => {
    const res = await post(t, `${itemUrl(w)}/report`, report(w, { links: 'not a link', status: 'done', percent: '90' }), member, 'en');
    expect(res.statusCode).toBe(422);
    expect(besideField(res.body, 'links')).toBe('Line 1: a link must be a full web address, e.g. https://…');
    expect(besideField(res.body, 'percent')).toBe('A report marked done needs 100 percent');
    expect(res.body).toContain('Not submitted. Fix the following and submit again');
    expect(res.body).not.toMatch(/链接须是|已完成时/);
  });
});

test('a report the workflow service cannot take comes back on the form, typed values kept', async ({ t, w, memberA: member }) => {
  const res = await post(t, `${itemUrl(w)}/report`, report(w, { idempotencyKey: 'page-report-key-0503' }), member);
  expect(res.statusCode).toBe(503);
  expect(res.body).toContain('督办服务暂时不可用，未能提交；填写的内容已保留，请稍后再提交');
  expect(res.body).toContain('>已完成第一轮抽查</textarea>');
  // The post may have reached the workflow before the connection failed: sending it again must not record twice.
  expect(res.body).toContain('name="idempotencyKey" value="page-report-key-0503"');
});

describe('the extension form', () => {
  const extension = (fields: Record<string, string> = {}) => ({ requestedDue: '2027-02-28', reason: '需协调财政资金', idempotencyKey: 'page-ext-key-0001', ...fields });

  test('is offered before the due date, no earlier date than the day after it', async ({ t, w, memberA: member }) => {
    const res = await t.app.inject({ url: itemUrl(w), headers: { cookie: member.cookie } });
    expect(res.body).toContain(`action="${itemUrl(w)}/extension#extension"`);
    expect(res.body).toMatch(/<input id="requestedDue" name="requestedDue" type="date" required min="2027-01-16"/);
    expect(res.body).not.toContain('id="extension-unavailable"');
  });

  test('is not offered once the report is overdue, and says why and whom to ask', async ({ t, w, memberA: member }) => {
    await t.db.plan.update({ where: { id: w.plan.id }, data: { clock: virtualToday('2027-02-01') } });
    try {
      const res = await t.app.inject({ url: itemUrl(w), headers: { cookie: member.cookie } });
      expect(res.body).not.toContain(`action="${itemUrl(w)}/extension`);
      expect(res.body).toContain('id="extension-unavailable">已过报送期限（2027-01-15），不能再申请延期；请联系牵头协调部门</p>');
      const en = await t.app.inject({ url: `${itemUrl(w)}?lang=en`, headers: { cookie: member.cookie } });
      expect(en.body).toContain('The report was due on 2027-01-15: an extension can no longer be requested. Ask the coordinating office');
    } finally {
      await t.db.plan.update({ where: { id: w.plan.id }, data: { clock: virtualToday('2026-06-01') } });
    }
  });

  test('is not offered while a request is pending, nor once the unit has reported done', async ({ t, w, memberA: member }) => {
    const pending = await t.db.extension.create({
      data: {
        assignmentId: w.assignmentA.id,
        period: '2026-H2',
        originalDue: new Date('2027-01-14T16:00:00Z'),
        requestedDue: new Date('2027-02-27T16:00:00Z'),
        reason: '需协调',
        status: 'pending',
        requestedAt: new Date('2026-05-29T02:00:00Z'),
        requestedById: w.memberA.id,
        key: 'page-test-pending-extension',
      },
    });
    try {
      const res = await t.app.inject({ url: itemUrl(w), headers: { cookie: member.cookie } });
      expect(res.body).not.toContain(`action="${itemUrl(w)}/extension`);
      expect(res.body).toContain('已有待审批的延期申请，审批后才能再次申请');
    } finally {
      await t.db.extension.delete({ where: { id: pending.id } });
    }
    await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { status: 'done' } });
    try {
      const res = await t.app.inject({ url: itemUrl(w), headers: { cookie: member.cookie } });
      expect(res.body).not.toContain(`action="${itemUrl(w)}/extension`);
      expect(res.body).toContain('本单位已报告完成，无需申请延期');
    } finally {
      await t.db.assignment.update({ where: { id: w.assignmentA.id }, data: { status: 'in_progress' } });
    }
  });

  test('a request the schema refuses comes back with the reason kept and the date field named', async ({ t, w, memberA: member }) => {
    const res = await post(t, `${itemUrl(w)}/extension`, extension({ requestedDue: '2027-02-30' }), member);
    expect(res.statusCode).toBe(422);
    expect(besideField(res.body, 'requestedDue')).toBe('请选择有效的日期');
    expect(res.body).toContain('>需协调财政资金</textarea>');
    expect(res.body).toContain('name="idempotencyKey" value="page-ext-key-0001"');
    expect(res.body).not.toMatch(/body\.requestedDue|出错了/);
  });
});

describe('the report history', () => {
  test('shows each reported value beside its indicator, unit and target', async ({ t, w, memberA: member }) => {
    const target = w.measure.targets[0]!;
    await t.db.progressReport.create({
      data: {
        assignmentId: w.assignmentA.id,
        period: '2026-H2',
        dueAt: new Date('2027-01-15T00:00:00Z'),
        status: 'in_progress',
        percent: 70,
        narrative: '下半年抽检过半',
        targetValues: [{ targetId: target.id, value: 96.5 }],
        submittedAt: new Date('2026-11-02T02:00:00Z'),
        submittedById: w.memberA.id,
        idempotencyKey: 'history-values-1',
      },
    });
    const res = await t.app.inject({ url: itemUrl(w), headers: { cookie: member.cookie } });
    expect(res.body).toMatch(
      new RegExp(`<li data-target="${target.id}">抽检合格率：<b>96.5%</b> <small class="muted">（目标 ≥ 95%）</small></li>`),
    );
    // Every period is now reported: there is no due date left to extend.
    expect(res.body).toContain('id="extension-unavailable">各期进度均已报送，无需申请延期</p>');
  });

  test('a confirmed report is confirmed where the redirect lands, at the history', async ({ t, w, memberA: member }) => {
    const res = await t.app.inject({ url: `${itemUrl(w)}?done=reportAccepted`, headers: { cookie: member.cookie } });
    expect(res.body).toMatch(/<section class="card" id="history"><h2>填报记录<\/h2><p class="flash" role="status">进度已提交<\/p>/);
    expect(res.body.match(/class="flash"/g)).toHaveLength(1);
  });
});
