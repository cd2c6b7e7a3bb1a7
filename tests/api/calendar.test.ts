import { describe, expect } from 'vitest';
import { hashPassword } from '../../services/auth/password';
import { workflowAppTest } from '../support/fixtures';
import { NOTICE_2027 } from '../support/notices';
import { PASSWORD, signIn, type TSession, type TTestApp } from './support';

/** The calendar holds for every office: an administrator sets it (tests/security/calendar.test.ts). */
const test = workflowAppTest
  .extend('adminId', { scope: 'file', auto: true }, async ({ t }) => {
    const passwordHash = await hashPassword(PASSWORD);
    return (await t.db.person.create({ data: { name: '系统管理员', email: 'admin@test.local', role: 'admin', passwordHash } })).id;
  })
  .extend('admin', { scope: 'file' }, async ({ t, adminId }): Promise<TSession> =>
    signIn(t.app, (await t.db.person.findUniqueOrThrow({ where: { id: adminId } })).email),
  );

// The dev server starts here, under the hook timeout.
test.beforeAll(async ({ t }) => void t, 120_000);

const api = (t: TTestApp, method: 'GET' | 'PUT', url: string, s: TSession, payload?: object) =>
  t.app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrfToken } });
const form = (t: TTestApp, url: string, fields: Record<string, string>, s: TSession) =>
  t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams({ ...fields, _csrf: s.csrfToken }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });

describe('the working-day calendar through the API', () => {
  test('anyone signed in reads a year; 2027 is provisional until the notice is set', async ({ t, memberA: member }) => {
    const res = await api(t, 'GET', '/api/calendar/2027', member);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ year: 2027, provisional: true, set: false });
    expect((await t.app.inject({ url: '/api/calendar/2027' })).statusCode).toBe(401);
    expect((await api(t, 'GET', '/api/calendar/1999', member)).statusCode).toBe(404);
  });

  test('a unit member may not set the calendar', async ({ t, memberA: member }) => {
    const res = await api(t, 'PUT', '/api/calendar/2027', member, { notice: NOTICE_2027 });
    expect(res.statusCode).toBe(403);
    expect((await api(t, 'GET', '/api/calendar/2027', member)).json()).toMatchObject({ set: false });
  });

  test('a notice with a wrong line is refused with every problem named, and nothing changes', async ({ t, admin, memberA: member }) => {
    const wrong = NOTICE_2027.replace('共9天', '共8天');
    const res = await api(t, 'PUT', '/api/calendar/2027', admin, { notice: wrong });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('UNPROCESSABLE');
    expect(body.error.details).toHaveLength(1);
    expect(body.error.details[0]).toMatch(/^第 5 行：.*9/);
    expect((await api(t, 'GET', '/api/calendar/2027', member)).json()).toMatchObject({ set: false });
  });

  test('an administrator sets 2027 from the notice: its days replace the provisional ones and the open measures are told', async ({ t, admin, adminId }) => {
    const res = await api(t, 'PUT', '/api/calendar/2027', admin, { notice: NOTICE_2027 });
    expect(res.statusCode, res.body).toBe(200);
    const { calendar, announcedBy } = res.json();
    expect(calendar).toMatchObject({ year: 2027, set: true, provisional: false, source: '国务院办公厅关于2027年部分节假日安排的通知', updatedBy: '系统管理员' });
    const days = calendar.days as { date: string; kind: string; name: string }[];
    expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(29);
    expect(days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2027-02-20', '2027-04-25', '2027-05-08', '2027-09-26', '2027-10-09']);
    expect(days).toContainEqual({ date: '2027-02-20', kind: 'workday', name: '春节调休上班' });
    expect(await t.db.auditEvent.count({ where: { action: 'calendar.year_set', actorId: adminId } })).toBe(1);
    // The announcement is saved with the calendar, for the worker's outbox to deliver as the change's broadcast: it
    // outlives the request, and Temporal need not be reachable at this moment.
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'calendar.year_set' } });
    expect(announcedBy).toBe(`broadcast:${audit.id}`);
    expect(await t.db.outboxMessage.findMany({ where: { channel: 'signal' } })).toMatchObject([
      { source: `change:${audit.id}`, recipient: 'plans:launched', step: 'calendar-changed', status: 'pending', facts: { changeId: String(audit.id), kind: 'calendar' } },
    ]);
  });
});

describe('the calendar page', () => {
  test('a member sees the year’s festivals and working days, without the forms', async ({ t, memberA: member }) => {
    const page = await t.app.inject({ url: '/calendar?year=2027', headers: { cookie: member.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('依据：国务院办公厅关于2027年部分节假日安排的通知');
    expect(page.body).not.toContain('id="calendar-provisional"');
    expect(page.body).toMatch(/<td>春节<\/td><td>2月5日至2月13日<\/td><td>9<\/td>\s*<td>2月20日<\/td>/);
    expect(page.body).not.toContain('id="from-notice"');
    expect((await form(t, '/calendar/2027/days', { lines: '2027-06-14 放假 端午节' }, member)).statusCode).toBe(403);
  });

  test('an administrator’s unreadable line is shown back with the text kept; a good edit saves and shows on the page', async ({ t, admin }) => {
    const lines = '2027-01-01 放假 元旦\n2027-02-31 放假 春节\n2027-06-14 休息 端午节';
    const bad = await form(t, '/calendar/2027/days', { lines }, admin);
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('第 2 行「2027-02-31 放假 春节」');
    expect(bad.body).toContain('第 3 行「2027-06-14 休息 端午节」');
    expect(bad.body).toContain('2027-06-14 休息 端午节</textarea>');

    const good = await form(t, '/calendar/2027/days', { lines: '2027-01-01 放假 元旦\n2027-06-14 放假 端午节\n2027-06-12 上班 端午节', provisional: '1' }, admin);
    expect(good.statusCode, good.body).toBe(303);
    expect(good.headers.location).toBe('/calendar?year=2027&done=calendarSaved');
    const page = await t.app.inject({ url: good.headers.location!, headers: { cookie: admin.cookie } });
    expect(page.body).toContain('工作日历已保存');
    expect(page.body).toContain('id="calendar-provisional"');
    expect(page.body).toContain('依据：手工编辑 · 设置人 系统管理员');
    // The change history: newest first, the dates each change added and removed.
    const history = /<section class="card" id="calendar-history">[\s\S]*?<\/section>/.exec(page.body)?.[0] ?? '';
    expect(history.match(/<li>/g)).toHaveLength(2);
    expect(history).toMatch(/<li>[^<]* 系统管理员：手工编辑；增加 2027-06-12 上班、2027-06-14 放假；删除 [^<]*2027-06-09 放假/);
    expect(history).toMatch(/<li>[^<]* 系统管理员：国务院办公厅关于2027年部分节假日安排的通知；增加 [^<]*2027-02-20 上班/);
    expect(page.body).toMatch(/<td>端午节<\/td><td>6月14日<\/td><td>1<\/td>\s*<td>6月12日<\/td>/);
    // January 2027 now has one day off (元旦) on 21 weekdays: 20 working days.
    expect(page.body).toMatch(/<th>工作日<\/th><td>20<\/td>/);
  });

  test('the plans page points coordinators at a provisional year until it is set', async ({ t, coordinator, admin }) => {
    const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
    const plans = () => t.app.inject({ url: '/plans', headers: { cookie: coordinator.cookie } }).then((r) => r.body);
    await form(t, `/calendar/${year}/days`, { lines: `${year}-10-01 放假 国庆节`, provisional: '1' }, admin);
    expect(await plans()).toMatch(new RegExp(`id="calendar-attention"[^>]*>${year} 年节假日安排为暂定[^<]*<a href="/calendar\\?year=${year}">`));
    await form(t, `/calendar/${year}/days`, { lines: `${year}-10-01 放假 国庆节` }, admin);
    await form(t, `/calendar/${year + 1}/days`, { lines: `${year + 1}-10-01 放假 国庆节` }, admin);
    expect(await plans()).not.toContain('id="calendar-attention"');
  });
});

describe('changing a launched plan’s thresholds', () => {
  test('the form shows the schedule read-only and saves new thresholds, which the plan’s running measures are told', async ({ t, w, coordinator }) => {
    const review = await t.app.inject({ url: `/plans/${w.plan.id}/review`, headers: { cookie: coordinator.cookie } });
    expect(review.body).toMatch(/<select id="cadence" name="cadence" disabled>/);
    expect(review.body).toMatch(/<input id="superviseAfterWorkingDays" name="superviseAfterWorkingDays" type="number"[^>]*value="3">/);
    const fields = { reminderWorkingDaysBefore: '3', urgeAfterWorkingDays: '1', superviseAfterWorkingDays: '2', coordinatorAfterWorkingDays: '5', sendHour: '9', dueNotice: '1' };
    const saved = await form(t, `/plans/${w.plan.id}/settings`, fields, coordinator);
    expect(saved.statusCode, saved.body).toBe(303);
    const plan = await t.db.plan.findUniqueOrThrow({ where: { id: w.plan.id } });
    expect(plan.ladder).toMatchObject({ superviseAfterWorkingDays: 2, coordinatorAfterWorkingDays: 5 });
    expect(plan.schedule).toMatchObject({ cadence: 'half-yearly' });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { planId: w.plan.id, action: 'plan.settings_changed' } });
    // The form sends every threshold; the trail names only the two that changed, with what they were.
    const trail = (await t.app.inject({ url: `/api/plans/${w.plan.id}/audit`, headers: { cookie: coordinator.cookie } })).json();
    expect(trail.entries[0]).toMatchObject({ label: '修改实施期限、报送安排或催办规则', actor: '李统筹', details: ['督办：逾期 3 个工作日 → 逾期 2 个工作日', '提请协调：逾期 7 个工作日 → 逾期 5 个工作日'] });
    // Announced in the same transaction; the worker's outbox starts the broadcast (workflows/announcements.test.ts).
    expect(await t.db.outboxMessage.findFirstOrThrow({ where: { source: `change:${audit.id}` } })).toMatchObject({
      channel: 'signal',
      recipient: `plan:${w.plan.id}`,
      step: 'ladder-changed',
      status: 'pending',
      facts: { changeId: String(audit.id), planId: w.plan.id, kind: 'ladder' },
    });
  });
});
