import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretKey } from '../../lib/secret-box';
import { seedWorld, signIn, startTestApp, withSession, type TSession, type TTestApp, type TWorld } from './support';

/** A local 企业微信 robot: answers each request with `code` as its errcode. */
let code = 0;
const received: { key: string | null; body: string }[] = [];
let robot: Server;
let robotUrl = '';
let t: TTestApp;
let w: TWorld;
let coordinator: TSession;

beforeAll(async () => {
  robot = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ key: new URL(req.url ?? '/', 'http://x').searchParams.get('key'), body });
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errcode: code, errmsg: code ? 'invalid webhook url' : 'ok' }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send?key=wecom-full-key-0001`;
  t = await startTestApp({ env: { DUBAN_SECRET_KEY: newSecretKey(), DUBAN_CHANNEL_HOSTS: '127.0.0.1' } });
  w = await seedWorld(t.db);
  coordinator = await signIn(t.app, w.coordinator.email);
  const registry = { units: [{ name: w.unitA.name, channels: [{ kind: 'wecom', url: robotUrl }] }] };
  const res = await t.app.inject({ method: 'POST', url: '/api/units/import', headers: withSession(coordinator), payload: { fileName: 'units.json', content: JSON.stringify(registry) } });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (robot ? robot.close(() => resolve()) : resolve()));
});

const channelId = async () => (await t.db.unitChannel.findFirstOrThrow({ where: { unitId: w.unitA.id } })).id;

describe('a unit’s robot on the units page', () => {
  it('is shown masked, never with its key, beside a 发送测试消息 button', async () => {
    const res = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('企业微信机器人');
    expect(res.body).toContain('key=weco…');
    expect(res.body).not.toContain('wecom-full-key');
    expect(res.body).toContain(`action="/units/channels/${await channelId()}/test"`);
    expect(res.body).toContain('发送测试消息');
  });

  it('发送测试消息 sends through the robot at once and says it was taken', async () => {
    code = 0;
    const res = await t.app.inject({ method: 'POST', url: `/api/units/channels/${await channelId()}/test`, headers: withSession(coordinator) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ unit: w.unitA.name, kind: 'wecom', ok: true, error: null });
    const got = received.at(-1)!;
    expect(got.key).toBe('wecom-full-key-0001');
    expect((JSON.parse(got.body) as { markdown: { content: string } }).markdown.content).toContain('测试消息');
  });

  it('a robot refusing its key: the test says what it answered, and a broken robot shows on the page with since when', async () => {
    code = 93000;
    const id = await channelId();
    const api = await t.app.inject({ method: 'POST', url: `/api/units/channels/${id}/test`, headers: withSession(coordinator) });
    expect(api.json()).toMatchObject({ ok: false, error: expect.stringContaining('93000') });
    const page = await t.app.inject({
      method: 'POST',
      url: `/units/channels/${id}/test`,
      payload: new URLSearchParams({ _csrf: coordinator.csrfToken }).toString(),
      headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain('data-ok="false"');
    expect(page.body).toContain('errcode 93000');

    // As the dispatcher marks a robot that fell back to email.
    await t.db.unitChannel.update({ where: { id }, data: { brokenSince: new Date('2026-07-16T01:30:00Z'), lastError: '机器人地址或密钥无效 / bad key, errcode 93000' } });
    const units = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
    expect(units.body).toContain('id="broken-channels"');
    expect(units.body).toContain(`${w.unitA.name} · 企业微信机器人：自 2026-07-16 09:30 起发送失败`);
  });

  it('a member cannot test a unit’s robot', async () => {
    const member = await signIn(t.app, w.memberA.email);
    const res = await t.app.inject({ method: 'POST', url: `/api/units/channels/${await channelId()}/test`, headers: withSession(member) });
    expect(res.statusCode).toBe(403);
  });
});

describe('a unit’s channels set on the units page', () => {
  const form = (fields: Record<string, string>) => ({
    payload: new URLSearchParams({ _csrf: coordinator.csrfToken, ...fields }).toString(),
    headers: { cookie: coordinator.cookie, 'content-type': 'application/x-www-form-urlencoded' },
  });
  const urlWithKey = (key: string) => robotUrl.replace('wecom-full-key-0001', key);

  it('a coordinator adds a robot, replaces its key and removes it; never shown back in full, each change audited', async () => {
    code = 0;
    const added = await t.app.inject({ method: 'POST', url: `/units/${w.unitB.id}/channels`, ...form({ kind: 'wecom', url: urlWithKey('page-added-key'), secret: '', phones: '' }) });
    expect(added.statusCode, added.body).toBe(303);
    const row = await t.db.unitChannel.findFirstOrThrow({ where: { unitId: w.unitB.id } });
    expect(row.sealed).not.toContain('page-added-key');
    let page = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
    expect(page.body).toContain('key=page…');
    expect(page.body).not.toContain('page-added-key');
    expect(page.body).toContain(`action="/units/channels/${row.id}/replace"`);

    // As the dispatcher marks a robot whose key stopped working; the replacement mends it and keeps the same row.
    await t.db.unitChannel.update({ where: { id: row.id }, data: { brokenSince: new Date(), lastError: 'errcode 93000' } });
    const replaced = await t.app.inject({ method: 'POST', url: `/units/channels/${row.id}/replace`, ...form({ kind: 'wecom', url: urlWithKey('page-new-key'), secret: '', phones: '' }) });
    expect(replaced.statusCode, replaced.body).toBe(303);
    expect(await t.db.unitChannel.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ brokenSince: null, lastError: null });
    const tested = await t.app.inject({ method: 'POST', url: `/api/units/channels/${row.id}/test`, headers: withSession(coordinator) });
    expect(tested.json()).toMatchObject({ ok: true });
    expect(received.at(-1)!.key).toBe('page-new-key');
    page = await t.app.inject({ url: '/units', headers: { cookie: coordinator.cookie } });
    expect(page.body).not.toContain('page-new-key');

    const removed = await t.app.inject({ method: 'POST', url: `/units/channels/${row.id}/remove`, ...form({}) });
    expect(removed.statusCode).toBe(303);
    expect(await t.db.unitChannel.count({ where: { unitId: w.unitB.id } })).toBe(0);
    const audit = await t.db.auditEvent.findMany({ where: { subjectType: 'unit', subjectId: w.unitB.id, action: { startsWith: 'units.channel_' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['units.channel_added', 'units.channel_replaced', 'units.channel_removed']);
    expect(audit.every((a) => a.actorId === w.coordinator.id)).toBe(true);
    expect(JSON.stringify(audit.map((a) => a.data))).not.toMatch(/page-(added|new)-key/);
  });

  it('bad input is refused in one line beside the unit’s form, with what was typed kept', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/units/${w.unitB.id}/channels`, ...form({ kind: 'dingtalk', url: urlWithKey('k'), secret: 'nope', phones: '' }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/id="channel-problem">未能保存： secret：钉钉加签密钥以 SEC 开头/);
    const offList = await t.app.inject({ method: 'POST', url: `/units/${w.unitB.id}/channels`, ...form({ kind: 'wecom', url: 'https://10.1.2.3/cgi-bin/webhook/send?key=k', secret: '', phones: '' }) });
    expect(offList.body).toMatch(/未能保存： unit [^ ]+ url：主机 10\.1\.2\.3 不在 DUBAN_CHANNEL_HOSTS 允许列表中/);
    expect(offList.body).toContain('value="https://10.1.2.3/cgi-bin/webhook/send?key=k"');
    expect(await t.db.unitChannel.count({ where: { unitId: w.unitB.id } })).toBe(0);
  });

  it('the same by the API, with the registry’s schema; a member may not', async () => {
    const added = await t.app.inject({ method: 'POST', url: `/api/units/${w.unitB.id}/channels`, headers: withSession(coordinator), payload: { kind: 'sms', phones: ['+86 138 0013 8000'] } });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ kind: 'sms', shown: '138****8000' });
    const id = added.json<{ id: string }>().id;
    const bad = await t.app.inject({ method: 'PUT', url: `/api/units/channels/${id}`, headers: withSession(coordinator), payload: { kind: 'sms', phones: ['12345'] } });
    expect(bad.statusCode).toBe(400);
    const replaced = await t.app.inject({ method: 'PUT', url: `/api/units/channels/${id}`, headers: withSession(coordinator), payload: { kind: 'sms', phones: ['13900139000'] } });
    expect(replaced.json()).toMatchObject({ id, shown: '139****9000' });
    const member = await signIn(t.app, w.memberA.email);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/units/channels/${id}`, headers: withSession(member) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/units/channels/${id}`, headers: withSession(coordinator) })).statusCode).toBe(200);
  });
});

describe('a registry re-imported on the units page', () => {
  it('replaces the robot the file names, keeps the one the page added, and says so in Chinese without the keys', async () => {
    const pageRobot = robotUrl.replace('wecom-full-key-0001', 'ding-page-token-0002');
    const added = await t.app.inject({ method: 'POST', url: `/api/units/${w.unitA.id}/channels`, headers: withSession(coordinator), payload: { kind: 'dingtalk', url: pageRobot, secret: 'SECpage0secret' } });
    expect(added.statusCode, added.body).toBe(201);
    const wecomBefore = await t.db.unitChannel.findFirstOrThrow({ where: { unitId: w.unitA.id, kind: 'wecom' } });

    const boundary = '----duban-test-boundary';
    const part = (headers: string, body: string) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const file = JSON.stringify({ units: [{ name: w.unitA.name, channels: [{ kind: 'wecom', url: robotUrl.replace('wecom-full-key-0001', 'wecom-next-key-0003') }] }] });
    const res = await t.app.inject({
      method: 'POST',
      url: '/units/import',
      payload:
        part('Content-Disposition: form-data; name="_csrf"', coordinator.csrfToken) +
        part('Content-Disposition: form-data; name="file"; filename="units.json"\r\nContent-Type: application/json', file) +
        `--${boundary}--\r\n`,
      headers: { cookie: coordinator.cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const changes = /<section class="card" id="channel-changes">[\s\S]*?<\/section>/.exec(res.body)?.[0] ?? '';
    expect(changes).toContain(`替换 ${w.unitA.name} 的企业微信机器人`);
    expect(changes).not.toContain('钉钉');
    expect(res.body).not.toMatch(/wecom-next-key|wecom-full-key|ding-page-token|SECpage0secret/);
    const after = await t.db.unitChannel.findMany({ where: { unitId: w.unitA.id }, orderBy: { kind: 'asc' } });
    expect(after.map((c) => c.kind).sort()).toEqual(['dingtalk', 'wecom']);
    expect(after.find((c) => c.kind === 'wecom')!.id).toBe(wecomBefore.id);
    expect(after.find((c) => c.kind === 'wecom')!.shown).toContain('key=weco…');
  });
});
