// Issue 20 item 6: passwords meet a stated rule, changing one ends the person's other sessions and tokens, sessions
// end when idle and at a maximum age, expired sessions and links are deleted, and API tokens expire and are scoped.
import { describe, expect } from 'vitest';
import { appTest } from '../support/fixtures';
import { sweepExpiredSignIns } from '../../services/auth/sweep-expired-sign-ins';
import { newSecret, sha256 } from '../../services/auth/secrets';
import { PASSWORD, signIn, withSession, type TSession, type TTestApp, type TWorld } from '../api/support';

let t: TTestApp;
let w: TWorld;

const test = appTest;
test.beforeAll(async ({ t: app, w: world }) => {
  t = app;
  w = world;
});

const MINUTE = 60_000;
const me = (headers: Record<string, string>) => t.app.inject({ url: '/api/me', headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const newToken = async (s: TSession, body: object) => t.app.inject({ method: 'POST', url: '/api/tokens', payload: body, headers: withSession(s) });
const sessionRow = (s: TSession) => t.db.session.findUniqueOrThrow({ where: { id: sha256(s.cookie.split('=')[1]!) } });

describe('passwords (等保 2.0 口令复杂度)', () => {
  test('a new password needs 10 characters of three kinds; the account page states the rule', async () => {
    const s = await signIn(t.app, 'leader.a@test.local');
    for (const weak of ['Short1!', 'alllowercaseletters', 'lowercasedigits1234']) {
      const res = await t.app.inject({ method: 'POST', url: '/api/me/password', payload: { currentPassword: PASSWORD, newPassword: weak }, headers: withSession(s) });
      expect(res.statusCode, weak).toBe(400);
      expect(JSON.stringify(res.json().error.details)).toContain('三类');
    }
    const page = await t.app.inject({ url: '/account', headers: { cookie: s.cookie } });
    expect(page.body).toContain('至少 10 个字符');
    expect(page.body).toContain('大写字母、小写字母、数字和符号中至少三类');
  });

  test('changing one’s password ends one’s other sessions and every API token, and keeps the session that changed it', async () => {
    const here = await signIn(t.app, 'member.b@test.local');
    const elsewhere = await signIn(t.app, 'member.b@test.local');
    const { token } = (await newToken(here, { name: '统计系统', scope: 'read' })).json();
    expect((await me(bearer(token))).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/api/me/password', payload: { currentPassword: PASSWORD, newPassword: 'Duban-2026-secret' }, headers: withSession(here) });
    expect(res.statusCode).toBe(200);
    expect((await me({ cookie: elsewhere.cookie })).statusCode).toBe(401);
    expect((await me(bearer(token))).statusCode).toBe(401);
    expect((await me({ cookie: here.cookie })).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  test('a session idle for over 30 minutes is over; use keeps it alive', async () => {
    const s = await signIn(t.app, 'member.a@test.local');
    const id = (await sessionRow(s)).id;
    await t.db.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 20 * MINUTE) } });
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
    expect((await sessionRow(s)).lastSeenAt.getTime()).toBeGreaterThan(Date.now() - MINUTE);
    await t.db.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 31 * MINUTE) } });
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });

  test('a session in use ends 12 hours after sign-in all the same, and its cookie says so', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'member.a@test.local', password: PASSWORD } });
    expect(String(res.headers['set-cookie'])).toContain('Max-Age=43200');
    const s = await signIn(t.app, 'member.a@test.local');
    await t.db.session.update({ where: { id: (await sessionRow(s)).id }, data: { createdAt: new Date(Date.now() - 12 * 60 * MINUTE - MINUTE), lastSeenAt: new Date() } });
    expect((await me({ cookie: s.cookie })).statusCode).toBe(401);
  });

  test('expired and idle sessions and used or expired sign-in links are deleted; live ones stay', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const personId = w.memberA.id;
    const session = (id: string, data: { createdAt: Date; lastSeenAt: Date; expiresAt: Date }) => t.db.session.create({ data: { id, personId, csrfToken: newSecret(), ...data } });
    await session('expired', { createdAt: ago(13 * 60 * MINUTE), lastSeenAt: ago(MINUTE), expiresAt: ago(MINUTE) });
    await session('idle', { createdAt: ago(60 * MINUTE), lastSeenAt: ago(45 * MINUTE), expiresAt: new Date(now.getTime() + 60 * MINUTE) });
    await session('live', { createdAt: ago(10 * MINUTE), lastSeenAt: ago(MINUTE), expiresAt: new Date(now.getTime() + 60 * MINUTE) });
    const link = (tokenHash: string, data: { expiresAt: Date; usedAt?: Date }) => t.db.loginLink.create({ data: { tokenHash, personId, ...data } });
    await link('link-expired', { expiresAt: ago(MINUTE) });
    await link('link-used', { expiresAt: new Date(now.getTime() + 10 * MINUTE), usedAt: ago(MINUTE) });
    await link('link-live', { expiresAt: new Date(now.getTime() + 10 * MINUTE) });
    await sweepExpiredSignIns({ db: t.db, now: () => now });
    const left = await t.db.session.findMany({ where: { id: { in: ['expired', 'idle', 'live'] } }, select: { id: true } });
    expect(left.map((x) => x.id)).toEqual(['live']);
    const links = await t.db.loginLink.findMany({ where: { tokenHash: { startsWith: 'link-' } }, select: { tokenHash: true } });
    expect(links.map((x) => x.tokenHash)).toEqual(['link-live']);
  });
});

describe('API tokens', () => {
  test('expire: 90 days unless fewer are asked for, at most a year; an expired token is refused', async () => {
    const s = await signIn(t.app, 'member.a@test.local');
    const plain = (await newToken(s, { name: '默认', scope: 'read' })).json();
    const days = (new Date(plain.expiresAt).getTime() - Date.now()) / (24 * 60 * MINUTE);
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);
    expect((await newToken(s, { name: '太久', scope: 'read', expiresInDays: 400 })).statusCode).toBe(400);
    const short = (await newToken(s, { name: '一周', scope: 'read', expiresInDays: 7 })).json();
    expect((await me(bearer(short.token))).statusCode).toBe(200);
    await t.db.apiToken.update({ where: { id: short.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await me(bearer(short.token))).statusCode).toBe(401);
  });

  test('cannot mint or revoke tokens, whatever their scope', async () => {
    const s = await signIn(t.app, 'coordinator@test.local');
    const { id, token } = (await newToken(s, { name: '对接', scope: 'coordinate' })).json();
    const mint = await t.app.inject({ method: 'POST', url: '/api/tokens', payload: { name: 'child', scope: 'coordinate' }, headers: bearer(token) });
    expect(mint.statusCode).toBe(403);
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/tokens/${id}`, headers: bearer(token) });
    expect(revoke.statusCode).toBe(403);
    const password = await t.app.inject({ method: 'POST', url: '/api/me/password', payload: { currentPassword: PASSWORD, newPassword: 'Other-Secret-2026' }, headers: bearer(token) });
    expect(password.statusCode).toBe(403);
  });

  test('act within their scope: read only reads, report also reports, coordinate also coordinates', async () => {
    const member = await signIn(t.app, 'member.a@test.local');
    const coordinator = await signIn(t.app, 'coordinator@test.local');
    const read = (await newToken(member, { name: 'r', scope: 'read' })).json().token;
    const report = (await newToken(member, { name: 'p', scope: 'report' })).json().token;
    const coordinatorRead = (await newToken(coordinator, { name: 'cr', scope: 'report' })).json().token;
    const coordinate = (await newToken(coordinator, { name: 'c', scope: 'coordinate' })).json().token;
    const progress = (token: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/assignments/${w.assignmentA.id}/progress`,
        headers: bearer(token),
        payload: { idempotencyKey: 'scope-test', status: 'in_progress', percent: 50, narrative: '推进中' },
      });
    expect((await t.app.inject({ url: `/api/assignments/${w.assignmentA.id}`, headers: bearer(read) })).statusCode).toBe(200);
    expect((await progress(read)).statusCode).toBe(403);
    // Past the scope; no workflow service runs in this test, so the report itself is then a 503.
    expect((await progress(report)).statusCode).toBe(503);
    const importUnits = (token: string) =>
      t.app.inject({ method: 'POST', url: '/api/units/import', headers: bearer(token), payload: { fileName: 'units.json', content: '{"units": []}' } });
    expect((await importUnits(coordinatorRead)).statusCode).toBe(403);
    expect((await importUnits(coordinate)).statusCode).toBe(200);
  });

  test('the account page lists one’s tokens with their scope and expiry, and revokes them', async () => {
    const s = await signIn(t.app, 'leader.a@test.local');
    const { id, token } = (await newToken(s, { name: '领导驾驶舱', scope: 'read', expiresInDays: 30 })).json();
    const page = await t.app.inject({ url: '/account', headers: { cookie: s.cookie } });
    expect(page.body).toContain('领导驾驶舱');
    expect(page.body).toContain(`action="/account/tokens/${id}/revoke"`);
    const res = await t.app.inject({
      method: 'POST',
      url: `/account/tokens/${id}/revoke`,
      headers: { ...withSession(s), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: s.csrfToken }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect((await me(bearer(token))).statusCode).toBe(401);
    const after = await t.app.inject({ url: '/account', headers: { cookie: s.cookie } });
    expect(after.body).not.toContain('领导驾驶舱');
  });
});
