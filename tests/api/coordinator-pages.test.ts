import { describe, expect } from 'vitest';
import { createApplyCoordinatorAction } from '../../activities/measures/apply-coordinator-action';
import { appTest } from '../support/fixtures';
import { signIn, virtualToday, type TSession, type TTestApp, type TWorld } from './support';

// A coordinator of another office, there for the whole file as the seeded world is.
const test = appTest.extend('otherCoordinator', { scope: 'file', auto: true }, async ({ t, w }) => {
  const otherOffice = await t.db.unit.create({ data: { name: '市督查室' } });
  const { passwordHash } = await t.db.person.findUniqueOrThrow({ where: { id: w.coordinator.id } });
  await t.db.person.create({ data: { name: '外统筹', email: 'other.coordinator@test.local', role: 'coordinator', unitId: otherOffice.id, passwordHash } });
  return signIn(t.app, 'other.coordinator@test.local');
});

const get = (t: TTestApp, url: string, s: TSession) => t.app.inject({ url, headers: { cookie: s.cookie } });
const post = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession, csrf = s.csrfToken) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
const measurePath = (w: TWorld) => `/plans/${w.plan.id}/measures/${w.measure.id}`;

describe('the measure page', () => {
  test('shows a coordinator the units, the periods with their dates and a form for each action', async ({ t, w, coordinator }) => {
    const res = await get(t, measurePath(w), coordinator);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/items/${w.assignmentA.id}"`);
    expect(res.body).toMatch(/<li data-period="2026-H1">2026年上半年：<span class="due">2026-07-15<\/span>/);
    expect(res.body).toMatch(/<li data-period="2026-H2">2026年下半年：<span class="due">2027-01-15<\/span>/);
    // In English the period keeps its key.
    expect((await get(t, `${measurePath(w)}?lang=en`, coordinator)).body).toMatch(/<li data-period="2026-H1">2026-H1：<span class="due">/);
    for (const action of ['due-date', 'reassign', 'cooperating', 'cooperating/remove', 'cancel']) {
      expect(res.body).toContain(`action="${measurePath(w)}/${action}"`);
    }
    expect(res.body).toContain(`name="_csrf" value="${coordinator.csrfToken}"`);
    expect(res.body).toMatch(/<input type="checkbox" name="confirm" value="yes" required>/);
    const en = await get(t, `${measurePath(w)}?lang=en`, coordinator);
    expect(en.body).toContain('Change a due date');
    expect(en.body).toContain('Cancel the measure');
  });

  test('the dashboard links each launched measure to it', async ({ t, w, coordinator }) => {
    const res = await get(t, `/plans/${w.plan.id}`, coordinator);
    expect(res.body).toContain(`href="${measurePath(w)}"`);
  });

  test('a unit member and a leader are refused; another office’s coordinator and a measure of another plan get 404', async ({ t, w, memberA, leaderA, coordinator, otherCoordinator }) => {
    expect((await get(t, measurePath(w), memberA)).statusCode).toBe(403);
    expect((await get(t, measurePath(w), leaderA)).statusCode).toBe(403);
    const other = await get(t, measurePath(w), otherCoordinator);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('加强质量监管');
    const plan = await t.db.plan.create({ data: { title: '另一方案', year: 2026, sourceText: '', schedule: {}, ladder: {}, rubric: {}, coordinatorUnitId: w.office.id } });
    expect((await get(t, `/plans/${plan.id}/measures/${w.measure.id}`, coordinator)).statusCode).toBe(404);
  });

  test('a closed measure offers no actions', async ({ t, w, coordinator }) => {
    const m = await t.db.measure.create({
      data: { planId: w.plan.id, ref: '一/(二)', seq: 1, title: '已撤销措施', text: '已撤销措施。', responsibility: 'lead', due: new Date('2026-12-31T00:00:00Z'), status: 'cancelled' },
    });
    const res = await get(t, `/plans/${w.plan.id}/measures/${m.id}`, coordinator);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('任务不在进行中');
    expect(res.body).not.toContain(`/plans/${w.plan.id}/measures/${m.id}/cancel`);
  });
});

describe('the coordinator action forms', () => {
  const forms = [
    ['reassign', { fromUnitId: 'a', toUnitId: 'b', reason: '职能调整', requestId: 'request-0001' }],
    ['cooperating', { unitId: 'a', reason: '需要配合', requestId: 'request-0002' }],
    ['cooperating/remove', { unitId: 'a', reason: '不再需要', requestId: 'request-0003' }],
    ['due-date', { period: '2026-H1', due: '2026-08-15', reason: '统一调整', requestId: 'request-0004' }],
    ['cancel', { reason: '任务取消', requestId: 'request-0005', confirm: 'yes' }],
  ] as const;

  test.for(forms)('%s: a member and a leader get 403, another office’s coordinator 404, a form from elsewhere 403', async ([action, fields], { t, w, memberA, leaderA, coordinator, otherCoordinator }) => {
    const url = `${measurePath(w)}/${action}`;
    expect((await post(t, url, fields, memberA)).statusCode).toBe(403);
    expect((await post(t, url, fields, leaderA)).statusCode).toBe(403);
    expect((await post(t, url, fields, otherCoordinator)).statusCode).toBe(404);
    const forged = await post(t, url, fields, coordinator, 'not-the-token');
    expect(forged.statusCode).toBe(403);
    expect(forged.body).toContain('data-code="CSRF_TOKEN_INVALID"');
    // Past every check, the change goes to the measure's workflow (absent here).
    const own = await post(t, url, fields, coordinator);
    expect(own.statusCode).toBe(503);
    expect(own.body).toContain('data-code="WORKFLOWS_UNAVAILABLE"');
  });

  test('cancelling without ticking the confirmation is refused, naming the box', async ({ t, w, coordinator }) => {
    const res = await post(t, `${measurePath(w)}/cancel`, { reason: '任务取消', requestId: 'request-0006' }, coordinator);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('body.confirm');
    expect(res.body).toContain('请勾选确认后再撤销');
  });

  test('a bad date is a 400 naming the field, shown as a page', async ({ t, w, coordinator }) => {
    const res = await post(t, `${measurePath(w)}/due-date`, { period: '2026-H1', due: '15/08/2026', reason: '统一调整', requestId: 'request-0007' }, coordinator);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('body.due');
  });

  test('an extension decision: listed on the page; refused to a member and to another office; 404 under another measure', async ({ t, w, memberB, coordinator, otherCoordinator }) => {
    expect((await get(t, `/plans/${w.plan.id}`, coordinator)).body).not.toContain('id="pending-extensions"');
    const ext = await t.db.extension.create({
      data: {
        key: 'test-extension-1',
        assignmentId: w.assignmentB.id,
        period: '2026-H2',
        originalDue: new Date('2027-01-15T00:00:00+08:00'),
        requestedDue: new Date('2027-02-15T00:00:00+08:00'),
        reason: '春节前后人员紧张',
        requestedAt: new Date('2027-01-05T02:00:00Z'),
        requestedById: w.memberB.id,
      },
    });
    const page = await get(t, measurePath(w), coordinator);
    expect(page.body).toContain(`data-extension="${ext.id}"`);
    expect(page.body).toContain('春节前后人员紧张');
    // The plan's dashboard lists it too, so that a request on any of hundreds of measures is seen before its date.
    const dashboard = await get(t, `/plans/${w.plan.id}`, coordinator);
    expect(dashboard.body).toMatch(new RegExp(`id="pending-extensions"><h2>待审批的延期申请（1）</h2>[\\s\\S]*data-extension="${ext.id}"><a href="${measurePath(w)}#extensions">`));
    expect(dashboard.body).toContain('2026年下半年：2027-01-15 → 2027-02-15');
    expect((await get(t, `/api/plans/${w.plan.id}/dashboard?colour=green`, coordinator)).json().pendingExtensions).toEqual([
      expect.objectContaining({ id: ext.id, measureId: w.measure.id, period: '2026-H2', originalDue: '2027-01-15', requestedDue: '2027-02-15', reason: '春节前后人员紧张' }),
    ]);
    const url = `${measurePath(w)}/extensions/${ext.id}/decision`;
    const fields = { decision: 'approve', note: '', requestId: 'request-0008' };
    expect((await post(t, url, fields, memberB)).statusCode).toBe(403);
    expect((await post(t, url, fields, otherCoordinator)).statusCode).toBe(404);
    const elsewhere = await t.db.measure.create({
      data: { planId: w.plan.id, ref: '一/(三)', seq: 2, title: '别的措施', text: '别的措施。', responsibility: 'lead', due: new Date('2026-12-31T00:00:00Z'), status: 'active' },
    });
    expect((await post(t, `/plans/${w.plan.id}/measures/${elsewhere.id}/extensions/${ext.id}/decision`, fields, coordinator)).statusCode).toBe(404);
    expect((await post(t, url, fields, coordinator)).statusCode).toBe(503);
    await t.db.extension.delete({ where: { id: ext.id } });
  });
});

describe('what is expected next counts working days on the plan’s own clock', () => {
  const nextStep = async (t: TTestApp, w: TWorld, s: TSession) => /<span id="next-step">([^<]*)<\/span>/.exec((await get(t, `/items/${w.assignmentB.id}`, s)).body)?.[1];
  const setToday = (t: TTestApp, w: TWorld, date: string) => t.db.plan.update({ where: { id: w.plan.id }, data: { clock: virtualToday(date) } });

  test('on the due day, and working days late after it, with the weekend and 调休 not counted', async ({ t, w, memberB }) => {
    try {
      await setToday(t, w, '2026-07-15');
      expect(await nextStep(t, w, memberB)).toBe('今日到期：请提交2026年上半年进展报告（2026-07-15）');
      await setToday(t, w, '2026-07-20'); // Monday: Thursday 16 and Friday 17 count, the weekend does not
      expect(await nextStep(t, w, memberB)).toBe('已逾期 3 个工作日：请尽快提交2026年上半年进展报告（期限 2026-07-15）');
      expect((await get(t, `/api/assignments?mine=1`, memberB)).json().items[0].next).toMatchObject({ due: '2026-07-15', workingDaysLeft: -3, overdue: true });
      await setToday(t, w, '2026-06-18'); // Thursday before 端午 (Friday 19 June off): 18 working days to go, not 19
      expect(await nextStep(t, w, memberB)).toBe('2026-07-15 前提交2026年上半年进展报告（还有 18 个工作日）');
    } finally {
      await setToday(t, w, '2026-06-01');
    }
  });
});

describe('what is expected next follows the coordinator’s due-date changes', () => {
  // The activity the measure workflow runs for a coordinator's change, so the test reads what production writes.
  const changeDue = async (t: TTestApp, w: TWorld, requestId: string, period: string, from: string, due: string, final: boolean) =>
    createApplyCoordinatorAction({ db: t.db, config: { publicUrl: 'http://duban.test' }, outbox: { gatherMs: 0, written: () => {} } }).applyCoordinatorAction({
      auditKey: `test:${requestId}`,
      measureId: w.measure.id,
      actorId: w.coordinator.id,
      reason: '统一调整',
      at: '2026-06-01T02:00:00Z',
      action: 'change-due-date',
      period,
      from,
      due,
      final,
    });

  test('a period before the final one: the unit’s item, its list and the measure page show the new date', async ({ t, w, memberB, coordinator }) => {
    const before = await get(t, `/items/${w.assignmentB.id}`, memberB);
    expect(before.body).toContain('<span id="next-step">2026-07-15 前提交2026年上半年进展报告（还有 31 个工作日）</span>');
    await changeDue(t, w, 'h1', '2026-H1', '2026-07-15', '2026-08-14', false);
    const item = await get(t, `/items/${w.assignmentB.id}`, memberB);
    expect(item.body).toContain('<span id="next-step">2026-08-14 前提交2026年上半年进展报告（还有 53 个工作日）</span>');
    const api = await get(t, `/api/assignments?mine=1`, memberB);
    expect(api.json().items[0].next).toEqual({ kind: 'report', period: '2026-H1', due: '2026-08-14', workingDaysLeft: 53, overdue: false });
    const page = await get(t, measurePath(w), coordinator);
    expect(page.body).toMatch(/<li data-period="2026-H1">2026年上半年：<span class="due">2026-08-14<\/span>/);
  });

  test('the final period: its new date, and no period the workflow never had', async ({ t, w, memberA, coordinator }) => {
    await changeDue(t, w, 'h2', '2026-H2', '2027-01-15', '2027-02-26', true);
    // The activity moved the measure's final due, which on its own would stretch the schedule into 2027-H1.
    expect((await t.db.measure.findUniqueOrThrow({ where: { id: w.measure.id } })).due.toISOString()).toBe('2027-02-25T16:00:00.000Z');
    const item = await get(t, `/items/${w.assignmentA.id}`, memberA);
    expect(item.body).toContain('<span id="next-step">已逾期：请尽快提交2026年下半年进展报告（期限 2027-02-26）</span>');
    const page = await get(t, measurePath(w), coordinator);
    expect(page.body).toMatch(/<li data-period="2026-H2">2026年下半年：<span class="due">2027-02-26<\/span>/);
    expect(page.body).not.toContain('2027-H1');
  });
});

describe('the audit trail', () => {
  test('lists who moved which date, removed which unit, and why, newest first, a page at a time', async ({ t, w, coordinator }) => {
    // Written by the activity the workflow runs, after the two due-date changes above.
    await createApplyCoordinatorAction({ db: t.db, config: { publicUrl: 'http://duban.test' }, outbox: { gatherMs: 0, written: () => {} } }).applyCoordinatorAction({
      auditKey: 'test:remove-b',
      measureId: w.measure.id,
      actorId: w.coordinator.id,
      reason: '职责调整',
      at: '2026-06-02T02:00:00Z',
      action: 'remove-cooperating-unit',
      unitId: w.unitB.id,
    });
    const page = await get(t, `/plans/${w.plan.id}/audit`, coordinator);
    expect(page.statusCode).toBe(200);
    const rows = [...page.body.matchAll(/<tr data-action="([^"]+)"><td>([^<]+)<\/td><td>([^<]+)<\/td><td>([^<]+)<\/td>[\s\S]*?<td>([^<]*)<\/td><\/tr>/g)].map((m) => m.slice(1).join(' | '));
    expect(rows).toEqual([
      'measure.remove-cooperating-unit | 2026-06-02 10:00 | 李统筹 | 移除配合单位 | 区教育局；理由：职责调整',
      'measure.change-due-date | 2026-06-01 10:00 | 李统筹 | 调整期限 | 2026年下半年：2027-01-15 → 2027-02-26；理由：统一调整',
      'measure.change-due-date | 2026-06-01 10:00 | 李统筹 | 调整期限 | 2026年上半年：2026-07-15 → 2026-08-14；理由：统一调整',
    ]);
    const first = (await get(t, `/api/plans/${w.plan.id}/audit?measureId=${w.measure.id}&limit=2`, coordinator)).json();
    expect(first.entries.map((e: { label: string }) => e.label)).toEqual(['移除配合单位', '调整期限']);
    expect(first.entries[0].measure).toEqual({ id: w.measure.id, ref: w.measure.ref, title: w.measure.title });
    const rest = (await get(t, `/api/plans/${w.plan.id}/audit?measureId=${w.measure.id}&limit=2&before=${first.next}`, coordinator)).json();
    expect(rest.entries.map((e: { details: string[] }) => e.details[0])).toEqual(['2026年上半年：2026-07-15 → 2026-08-14']);
    expect(rest.next).toBeNull();

    // The same trail as a file for Excel or WPS: a byte-order mark, oldest first, every record, no paging.
    const csv = await get(t, `/api/plans/${w.plan.id}/audit?format=csv&measureId=${w.measure.id}`, coordinator);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(`attachment; filename="audit-${w.plan.id}.csv"`);
    // Every text quoted, as OWASP advises for files a spreadsheet opens (lib/escape.ts csvField).
    const lines = csv.body.split('\r\n');
    const row = (...cells: string[]) => cells.map((c) => `"${c}"`).join(',');
    expect(lines[0]).toBe(`\uFEFF${row(`${w.plan.title} 操作记录`)}`);
    expect(lines[1]).toBe(row('时间', '操作人', '操作', '措施编号', '措施', '内容', '理由'));
    expect(lines.slice(2)).toEqual([
      row('2026-06-01 10:00', '李统筹', '调整期限', w.measure.ref, w.measure.title, '2026年上半年：2026-07-15 → 2026-08-14', '统一调整'),
      row('2026-06-01 10:00', '李统筹', '调整期限', w.measure.ref, w.measure.title, '2026年下半年：2027-01-15 → 2027-02-26', '统一调整'),
      row('2026-06-02 10:00', '李统筹', '移除配合单位', w.measure.ref, w.measure.title, '区教育局', '职责调整'),
    ]);
  });

  test('is the coordinators’ only: a member and a leader get 403, another office’s coordinator 404', async ({ t, w, memberA, leaderA, otherCoordinator }) => {
    expect((await get(t, `/plans/${w.plan.id}/audit`, memberA)).statusCode).toBe(403);
    expect((await get(t, `/api/plans/${w.plan.id}/audit`, leaderA)).statusCode).toBe(403);
    expect((await get(t, `/plans/${w.plan.id}/audit`, otherCoordinator)).statusCode).toBe(404);
  });
});

describe('the unit registry page', () => {
  const upload = (t: TTestApp, fileName: string, content: string, s: TSession, csrf = s.csrfToken) => {
    const boundary = '----duban-test-boundary';
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const payload =
      part('Content-Disposition: form-data; name="_csrf"', csrf) +
      part(`Content-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream`, content) +
      `--${boundary}--\r\n`;
    return t.app.inject({ method: 'POST', url: '/units/import', payload, headers: { cookie: s.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
  };
  const registry = JSON.stringify({
    units: [
      {
        name: '区市场监管局',
        aliases: ['市场监管局', '区市监局'],
        contacts: [{ name: '陈联络', email: 'chen@test.local', phone: '0571-1234' }],
        leader: { name: '周分管', email: 'zhou@test.local' },
      },
    ],
  });

  test('a coordinator uploads a JSON registry and sees each unit with its aliases, contacts and leader', async ({ t, coordinator }) => {
    const res = await upload(t, 'units.json', registry, coordinator);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/units?done=unitsImported');
    const page = await get(t, res.headers.location!, coordinator);
    expect(page.body).toContain('单位名录已导入');
    const row = /<tr data-unit="[^"]+"><td>区市场监管局[\s\S]*?<\/td>[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? '';
    expect(row).toContain('区市监局、市场监管局');
    expect(row).toContain('陈联络 <small class="muted">chen@test.local · 0571-1234</small>');
    expect(row).toContain('周分管');
    // Imported people can sign in by link and are scoped like everyone else.
    expect(await t.db.person.findUniqueOrThrow({ where: { email: 'chen@test.local' } })).toMatchObject({ role: 'member', isContact: true });
  });

  test('a CSV with a bad record names its line, and nothing is written', async ({ t, coordinator }) => {
    const csv = 'type,name,aliases\nunit,区应急管理局,应急局\nteam,区消防救援大队,\n';
    const res = await upload(t, 'units.csv', csv, coordinator);
    expect(res.statusCode).toBe(422);
    // In the page's language only.
    expect(res.body).toContain('第 3 行：type 应为 unit 或 group');
    expect(res.body).not.toContain('line 3');
    expect(await t.db.unit.count({ where: { name: '区应急管理局' } })).toBe(0);
  });

  test('without a file the form says so', async ({ t, coordinator }) => {
    const boundary = '----empty';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${coordinator.csrfToken}\r\n--${boundary}--\r\n`;
    const res = await t.app.inject({ method: 'POST', url: '/units/import', payload, headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请选择名录文件');
  });

  test('members and leaders can neither see nor import the registry; a forged form is refused', async ({ t, memberA, leaderA, coordinator }) => {
    for (const s of [memberA, leaderA]) {
      expect((await get(t, '/units', s)).statusCode).toBe(403);
      expect((await upload(t, 'units.json', registry.replace('区市场监管局', '区冒名局'), s)).statusCode).toBe(403);
    }
    expect((await upload(t, 'units.json', registry.replace('区市场监管局', '区冒名局'), coordinator, 'forged')).statusCode).toBe(403);
    expect(await t.db.unit.count({ where: { name: '区冒名局' } })).toBe(0);
  });
});

describe('a measure whose launch moved its due date', () => {
  test('its unit’s item page shows the plan’s own date beside the one it reports by (原定)', async ({ t, w, memberA }) => {
    await t.db.measure.update({ where: { id: w.measure.id }, data: { originalDue: new Date('2019-06-30T00:00:00+08:00') } });
    try {
      const res = await get(t, `/items/${w.assignmentA.id}`, memberA);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<span class="original">（原定2019-06-30）</span>');
      expect((await get(t, `/items/${w.assignmentA.id}?lang=en`, memberA)).body).toContain('originally 2019-06-30');
    } finally {
      await t.db.measure.update({ where: { id: w.measure.id }, data: { originalDue: null } });
    }
  });
});
