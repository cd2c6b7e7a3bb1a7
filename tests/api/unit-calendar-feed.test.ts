import { expect } from 'vitest';
import { appTest as test } from '../support/fixtures';
import { withSession, type TSession, type TTestApp } from './support';

/** The units page's 更换日历订阅地址 button, as a browser posts it (with the page's CSRF token unless told otherwise). */
const renewOnUnitsPage = (t: TTestApp, s: TSession, unitId: string, csrf = s.csrfToken) =>
  t.app.inject({
    method: 'POST',
    url: `/units/${unitId}/calendar-feed`,
    payload: new URLSearchParams({ _csrf: csrf }).toString(),
    headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  });

const status = async (t: TTestApp, url: string) => (await t.app.inject({ method: 'GET', url: new URL(url).pathname })).statusCode;

test('a coordinator renews a unit’s calendar feed on the units page: the new address answers, the old one is gone, audited naming the unit', async ({ t, w, coordinator, memberA }) => {
  // The unit's own people made the address the coordinator replaces.
  const made = await t.app.inject({ method: 'POST', url: '/api/calendar-feeds', payload: { owner: 'unit' }, headers: withSession(memberA) });
  expect(made.statusCode, made.body).toBe(201);
  const old = made.json<{ url: string }>().url;
  expect(await status(t, old)).toBe(200);

  const before = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
  expect(before.body).toContain(`<form method="post" action="/units/${w.unitA.id}/calendar-feed" class="inline">`);
  expect(before.body).toContain('更换日历订阅地址');

  // Without the page's token nothing changes.
  expect((await renewOnUnitsPage(t, coordinator, w.unitA.id, 'forged')).statusCode).toBe(403);
  expect(await status(t, old)).toBe(200);

  const res = await renewOnUnitsPage(t, coordinator, w.unitA.id);
  expect(res.statusCode, res.body).toBe(200);
  // Shown once, beside its unit, in the answer to the POST.
  const row = new RegExp(`<tr data-unit="${w.unitA.id}">[\\s\\S]*?</tr>`).exec(res.body)![0];
  const shown = /<code id="new-calendar-feed">([^<]+)<\/code>/.exec(row)![1]!;
  expect(shown).not.toBe(old);
  expect(await status(t, shown)).toBe(200);
  expect(await status(t, old)).toBe(404);
  expect((await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } })).body).not.toContain(new URL(shown).pathname);

  const audit = await t.db.auditEvent.findFirstOrThrow({ where: { action: 'auth.calendar_feed_renewed' }, orderBy: { id: 'desc' }, select: { actor: { select: { email: true } }, data: true } });
  expect(audit).toEqual({ actor: { email: 'coordinator@test.local' }, data: { owner: 'unit', unitId: w.unitA.id } });

  // A unit's own member renews theirs on the account page, not another's here.
  const member = await renewOnUnitsPage(t, memberA, w.unitA.id);
  expect(member.statusCode).toBe(403);
  expect(await status(t, shown)).toBe(200);
  expect((await renewOnUnitsPage(t, coordinator, 'no-such-unit')).statusCode).toBe(404);
});
