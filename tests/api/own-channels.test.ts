import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../lib/secret-box';
import { seedWorld, signIn, startTestApp, withSession, type TSession, type TTestApp, type TWorld } from './support';

/** A local 钉钉 robot: records each request (path, query, body) and answers errcode 0. */
const received: { query: URLSearchParams; body: string }[] = [];
let robot: Server;
let robotUrl = '';
let t: TTestApp;
let w: TWorld;
let leader: TSession;

beforeAll(async () => {
  robot = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ query: new URL(req.url ?? '/', 'http://x').searchParams, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/robot/send?access_token=own-token-0001`;
  t = await startTestApp({ env: { DUBAN_SECRET_KEY: newSecretKey(), DUBAN_CHANNEL_HOSTS: '127.0.0.1' } });
  w = await seedWorld(t.db);
  leader = await signIn(t.app, w.leaderA.email);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (robot ? robot.close(() => resolve()) : resolve()));
});

const form = (s: TSession, fields: Record<string, string>) => ({
  payload: new URLSearchParams({ _csrf: s.csrfToken, ...fields }).toString(),
  headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
});

describe('a person’s own channels by the API', () => {
  it('adds a signed 钉钉 robot, sealed, shown masked, listed, tested and removed, each change audited', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/api/me/channels', headers: withSession(leader), payload: { kind: 'dingtalk', url: robotUrl, secret: 'SECabc123' } });
    expect(added.statusCode, added.body).toBe(201);
    const channel = added.json<{ id: string; kind: string; shown: string }>();
    expect(channel).toMatchObject({ kind: 'dingtalk', shown: expect.stringContaining('access_token=own-…') });
    expect(channel.shown).not.toContain('own-token-0001');
    const row = await t.db.unitChannel.findUniqueOrThrow({ where: { id: channel.id } });
    expect(row).toMatchObject({ personId: w.leaderA.id, unitId: null });
    expect(row.sealed).not.toContain('own-token');
    expect(row.sealed).not.toContain('SECabc123');

    const listed = await t.app.inject({ url: '/api/me/channels', headers: withSession(leader) });
    expect(listed.json()).toEqual({ channels: [{ id: channel.id, kind: 'dingtalk', shown: channel.shown, brokenSince: null }] });
    expect(listed.body).not.toContain('SEC');

    const tested = await t.app.inject({ method: 'POST', url: `/api/me/channels/${channel.id}/test`, headers: withSession(leader) });
    expect(tested.json()).toMatchObject({ unit: w.leaderA.name, kind: 'dingtalk', ok: true });
    const got = received.at(-1)!;
    expect(got.query.get('access_token')).toBe('own-token-0001');
    expect(got.query.get('sign')).toBeTruthy();
    expect((JSON.parse(got.body) as { markdown: { text: string } }).markdown.text).toContain('测试消息');

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/me/channels/${channel.id}`, headers: withSession(leader) });
    expect(removed.statusCode, removed.body).toBe(200);
    expect(await t.db.unitChannel.count({ where: { personId: w.leaderA.id } })).toBe(0);
    const audit = await t.db.auditEvent.findMany({ where: { subjectId: channel.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['channels.own_added', 'channels.own_removed']);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toContain('own-token-0001');
  });

  it.each([
    ['a webhook that is not https', { kind: 'wecom', url: 'http://qyapi.example.com/cgi-bin/webhook/send?key=k' }, 'body.url', /须为 https 地址/],
    ['a 钉钉 secret not starting with SEC', { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'abc' }, 'body.secret', /钉钉加签密钥以 SEC 开头/],
    ['a phone that is not a mainland mobile', { kind: 'sms', phones: ['13800138000', '010-12345678'] }, 'body.phones.1', /不是大陆手机号/],
  ])('refuses %s, naming the field', async (_, payload, path, expected) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/me/channels', headers: withSession(leader), payload });
    expect(res.statusCode).toBe(400);
    const details = res.json<{ error: { details: { path: string; message: string }[] } }>().error.details;
    expect(details).toEqual([{ path, message: expect.stringMatching(expected) }]);
  });

  it('refuses a host off the allowlist in one line', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/me/channels', headers: withSession(leader), payload: { kind: 'wecom', url: 'https://10.0.0.8/cgi-bin/webhook/send?key=k' } });
    expect(res.statusCode).toBe(422);
    const message = res.json<{ error: { message: string } }>().error.message;
    expect(message).toMatch(/url：主机 10\.0\.0\.8 不在 DUBAN_CHANNEL_HOSTS 允许列表中/);
    expect(message).not.toContain('\n');
    expect(await t.db.unitChannel.count({ where: { personId: w.leaderA.id } })).toBe(0);
  });

  it('nobody else can test or remove one’s channel', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/api/me/channels', headers: withSession(leader), payload: { kind: 'sms', phones: ['13800138000'] } });
    const id = added.json<{ id: string }>().id;
    const member = await signIn(t.app, w.memberA.email);
    expect((await t.app.inject({ method: 'POST', url: `/api/me/channels/${id}/test`, headers: withSession(member) })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/me/channels/${id}`, headers: withSession(member) })).statusCode).toBe(404);
    // Nor is a person's channel a unit's, to a coordinator's unit test.
    const coordinator = await signIn(t.app, w.coordinator.email);
    expect((await t.app.inject({ method: 'POST', url: `/api/units/channels/${id}/test`, headers: withSession(coordinator) })).statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/api/me/channels/${id}`, headers: withSession(leader) });
  });
});

describe('a person’s own channels on the account page', () => {
  it('adds a robot by the form, shows it masked beside 发送测试消息, tests it and removes it', async () => {
    const added = await t.app.inject({ method: 'POST', url: '/account/channels', ...form(leader, { kind: 'wecom', url: robotUrl.replace('access_token=own-token-0001', 'key=page-key-0002'), secret: '', phones: '' }) });
    expect(added.statusCode, added.body).toBe(303);
    const page = await t.app.inject({ url: '/account?done=channelAdded', headers: { cookie: leader.cookie } });
    expect(page.body).toContain('渠道已添加');
    expect(page.body).toContain('我的消息渠道');
    expect(page.body).toContain('key=page…');
    expect(page.body).not.toContain('page-key-0002');
    const id = (await t.db.unitChannel.findFirstOrThrow({ where: { personId: w.leaderA.id } })).id;
    expect(page.body).toContain(`action="/account/channels/${id}/test"`);
    expect(page.body).toContain('发送测试消息');

    const tested = await t.app.inject({ method: 'POST', url: `/account/channels/${id}/test`, ...form(leader, {}) });
    expect(tested.statusCode, tested.body).toBe(200);
    expect(tested.body).toContain('data-ok="true"');
    expect(received.at(-1)!.query.get('key')).toBe('page-key-0002');

    const removed = await t.app.inject({ method: 'POST', url: `/account/channels/${id}/remove`, ...form(leader, {}) });
    expect(removed.statusCode).toBe(303);
    expect(await t.db.unitChannel.count({ where: { personId: w.leaderA.id } })).toBe(0);
  });

  it('a bad phone number is refused in one line above the form, with what was typed kept', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/account/channels', ...form(leader, { kind: 'sms', url: '', secret: '', phones: '13800138000, 12345' }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('id="channel-problem"');
    expect(res.body).toMatch(/未能保存： phones\.1：不是大陆手机号/);
    expect(res.body).toContain('value="13800138000, 12345"');
    expect(await t.db.unitChannel.count({ where: { personId: w.leaderA.id } })).toBe(0);
  });
});
