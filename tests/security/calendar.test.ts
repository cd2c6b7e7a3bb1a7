import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { NOTICE_2027 } from '../support/notices';
import { withSession, type TSession, type TTestApp } from '../api/support';

/**
 * Every office's measures count their deadlines on the one working-day calendar, so a coordinator of one office
 * changing it would move every other office's reminders and escalations: only an administrator changes it.
 */
let t: TTestApp;
const s = {} as Record<'admin' | 'coordinator' | 'member', TSession>;

const it = appTest;
it.beforeAll(async ({ t: app, admin, coordinator, memberA }) => {
  t = app;
  Object.assign(s, { admin, coordinator, member: memberA });
});

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const put = (who: TSession) => t.app.inject({ method: 'PUT', url: '/api/calendar/2027', headers: withSession(who), payload: { notice: NOTICE_2027 } });
const post = (who: TSession, form: 'notice' | 'days', fields: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: `/calendar/2027/${form}`, headers: { ...FORM, cookie: who.cookie }, payload: new URLSearchParams({ ...fields, _csrf: who.csrfToken }).toString() });
const page = (who: TSession) => t.app.inject({ url: '/calendar?year=2027', headers: { cookie: who.cookie } }).then((r) => r.body);

describe('the working-day calendar, which every office counts on, is changed by an administrator only', () => {
  it('a coordinator changes nothing, by the API or the page’s forms, and is shown no form but who may', async () => {
    for (const who of [s.coordinator, s.member]) {
      const api = await put(who);
      expect(api.statusCode).toBe(403);
      expect(api.json().error.code).toBe('FORBIDDEN');
      expect((await post(who, 'notice', { notice: NOTICE_2027 })).statusCode).toBe(403);
      expect((await post(who, 'days', { lines: '2027-01-01 放假 元旦' })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: '/api/calendar/2027', headers: { cookie: s.coordinator.cookie } })).json()).toMatchObject({ set: false });
    expect(await t.db.auditEvent.count({ where: { action: 'calendar.year_set' } })).toBe(0);
    const seen = await page(s.coordinator);
    expect(seen).not.toContain('action="/calendar/2027/notice"');
    expect(seen).not.toContain('action="/calendar/2027/days"');
    expect(seen).toContain('id="calendar-admin-only"');
  });

  it('an administrator is shown the forms and changes the year (the running measures are told through the outbox)', async () => {
    const seen = await page(s.admin);
    expect(seen).toContain('action="/calendar/2027/notice"');
    expect(seen).not.toContain('id="calendar-admin-only"');
    const api = await put(s.admin);
    expect(api.statusCode, api.body).toBe(200);
    expect((await t.app.inject({ url: '/api/calendar/2027', headers: { cookie: s.coordinator.cookie } })).json()).toMatchObject({ set: true });
    expect(await t.db.auditEvent.findMany({ where: { action: 'calendar.year_set' }, select: { actorId: true } })).toEqual([{ actorId: expect.any(String) }]);
  });
});
