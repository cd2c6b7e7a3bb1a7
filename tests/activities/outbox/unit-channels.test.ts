import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEscalateAssignment } from '../../../activities/escalation/escalate-assignment';
import { createSendNotice } from '../../../activities/mail/send-notice';
import { newSecretKey, parseSecretKey } from '../../../lib/secret-box';
import { createMailer, type Mailer } from '../../../mail/mailer';
import { startOutboxDispatcher, type TDispatcher } from '../../../outbox/dispatcher';
import { emailChannel } from '../../../outbox/email-channel';
import { dingtalkChannel, wecomChannel } from '../../../outbox/robot-channels';
import { smsChannel } from '../../../outbox/sms-channel';
import { unitChannelEndpoints } from '../../../outbox/unit-endpoints';
import { writeSubtaskMail } from '../../../activities/measures/record-subtask';
import { addOwnChannel } from '../../../services/channels/add-own-channel';
import { importUnits } from '../../../services/units/import-units';
import { readRegistryFile } from '../../../services/units/registry-file';
import { startMailCapture, type MailCapture } from '../../../stack/mail-capture';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { seedPlan, seedSmallRegistry } from '../../support/measure-fixtures';
import { startHttpReceiver } from '../../support/http-receiver';
import { waitFor } from '../../support/wait-for';


const secretKey = parseSecretKey(newSecretKey())!;
const policy = { allowedHosts: ['127.0.0.1'], secretKey };
let t: TestDatabase;
let capture: MailCapture;
let mailer: Mailer;
let robot: Awaited<ReturnType<typeof startHttpReceiver>>;
let gateway: Awaited<ReturnType<typeof startHttpReceiver>>;
let robotCode = 0;

beforeAll(async () => {
  [t, capture] = await Promise.all([createTestDatabase(), startMailCapture({})]);
  mailer = createMailer(capture.smtpUrl, '督办系统 <duban@example.gov.cn>');
  robot = await startHttpReceiver(() => ({ status: 200, body: JSON.stringify({ errcode: robotCode, errmsg: robotCode ? 'invalid webhook url' : 'ok' }) }));
  gateway = await startHttpReceiver(() => ({ status: 200, body: '{"ok":true}' }));
});
afterAll(async () => {
  mailer?.close();
  await Promise.all([capture?.close(), robot?.close(), gateway?.close()]);
  await t?.close();
});

const running: TDispatcher[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
});
/** The dispatcher as the worker starts it: email, both robots and SMS through the local gateway. */
function dispatch() {
  const endpoints = unitChannelEndpoints(t.db, secretKey);
  const sms = { url: `${gateway.url}/sms`, body: '{"mobile":"{phone}","content":"{text}","url":"{link}"}' };
  const d = startOutboxDispatcher({
    db: t.db,
    channels: [emailChannel(mailer), wecomChannel(endpoints), dingtalkChannel(endpoints), smsChannel(sms)],
    log: { warn: () => {} },
    pollMs: 100,
  });
  running.push(d);
  return d;
}
const activities = () => {
  const deps = { db: t.db, config: { publicUrl: 'https://duban.example.gov.cn' }, outbox: { gatherMs: 200, written: () => running.forEach((d) => d.wake()) } };
  return { ...createSendNotice(deps), ...createEscalateAssignment(deps) };
};
const until = (done: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000) => waitFor(what, done, { timeoutMs, everyMs: 25 });

/** A unit of its own (named with `tag`) with a 企业微信 robot on the local receiver and two SMS numbers, and one measure it leads. */
async function unitWithChannels(tag: string, channels?: object) {
  const reg = await seedSmallRegistry(t.db, tag);
  const registry = readRegistryFile(
    JSON.stringify({
      units: [
        {
          name: reg.units.czj.name,
          channels: channels ?? [
            { kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=wecom-key-${tag}` },
            { kind: 'sms', phones: ['138 0013 8000', '+8613900139000'] },
          ],
        },
      ],
    }),
    'registry.json',
  );
  await importUnits(t.db, registry, { id: null, label: 'test' }, policy);
  const { plan, measureIds } = await seedPlan(t.db, reg, [{ ref: '1', title: `渠道${tag}`, due: '2026-07-15', parties: [{ role: 'lead', name: reg.units.czj.name, unitId: reg.units.czj.id }] }]);
  const assignment = await t.db.assignment.create({ data: { measureId: measureIds[0]!, unitId: reg.units.czj.id, role: 'lead' } });
  return { reg, planId: plan.id, assignmentId: assignment.id };
}

describe('a unit’s channels from the registry', () => {
  it('keeps the webhook sealed and shows it masked', async () => {
    const { reg } = await unitWithChannels('-sealed');
    const rows = await t.db.unitChannel.findMany({ where: { unitId: reg.units.czj.id }, orderBy: { kind: 'asc' } });
    expect(rows.map((r) => r.kind).sort()).toEqual(['sms', 'wecom']);
    const wecom = rows.find((r) => r.kind === 'wecom')!;
    expect(wecom.sealed).not.toContain('wecom-key');
    expect(wecom.shown).toBe(`${robot.url}/cgi-bin/webhook/send?key=weco…`);
    expect(rows.find((r) => r.kind === 'sms')).toMatchObject({ phones: ['13800138000', '13900139000'], shown: '138****8000, 139****9000', sealed: null });
  });

  it('refuses a webhook whose host is not on the allowlist, in one line naming the unit and the field', async () => {
    const reg = await seedSmallRegistry(t.db, '-allow');
    const registry = readRegistryFile(JSON.stringify({ units: [{ name: reg.units.czj.name, channels: [{ kind: 'dingtalk', url: 'https://10.0.0.8/robot/send?access_token=x' }] }] }), 'r.json');
    const err = await importUnits(t.db, registry, { id: null, label: 'test' }, policy).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/^unit 市财政局-allow channels\.0\.url：主机 10\.0\.0\.8 不在 DUBAN_CHANNEL_HOSTS 允许列表中/);
    expect(err?.message).not.toContain('\n');
    expect(await t.db.unitChannel.count({ where: { unitId: reg.units.czj.id } })).toBe(0);
  });
});

describe('steps routed to the unit’s channels', () => {
  it('a 催办 reaches the unit’s robot, its phones and its contacts’ email', async () => {
    robotCode = 0;
    const { reg, assignmentId } = await unitWithChannels('-urge');
    dispatch();
    await activities().escalateAssignment({ level: 'urge', assignmentId, period: 'final', due: '2026-07-15', workingDaysLate: 1, at: '2026-07-16T01:00:00.000Z' });
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId, status: 'sent' } })) === 3, 'the 催办 on email, robot and SMS');
    const chat = robot.received.filter((r) => r.query.get('key') === 'wecom-key--urge');
    expect(chat).toHaveLength(1);
    const body = JSON.parse(chat[0]!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toContain('催办');
    expect(body.markdown.content).toContain(`https://duban.example.gov.cn/items/${assignmentId}`);
    const texts = gateway.received.filter((r) => r.body.includes(assignmentId)).map((r) => JSON.parse(r.body) as { mobile: string; content: string; url: string });
    expect(texts.map((s) => s.mobile).sort()).toEqual(['13800138000', '13900139000']);
    expect(texts[0]!.content).toMatch(/^【督办】.*催办/);
    expect(texts[0]!.url).toBe(`https://duban.example.gov.cn/items/${assignmentId}`);
    expect(capture.messages().filter((m) => m.to.includes(reg.contacts.czj.email) && /催办/.test(m.subject))).toHaveLength(1);
  });

  it('with email turned off a reminder goes to the robot only; a robot refusing its key falls back to email and shows as broken until it takes one again', async () => {
    const { reg, planId, assignmentId } = await unitWithChannels('-fallback');
    await t.db.plan.update({ where: { id: planId }, data: { channels: { email: false } } });
    dispatch();
    robotCode = 0;
    await activities().sendNotice({ kind: 'reminder', assignmentId, period: 'final', due: '2026-07-15', periods: [{ key: 'final', due: '2026-07-15' }] });
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId, status: 'sent' } })) === 1, 'the reminder on the robot');
    expect(await t.db.outboxMessage.findMany({ where: { assignmentId }, select: { channel: true } })).toEqual([{ channel: 'wecom' }]);
    expect(capture.messages().filter((m) => m.to.includes(reg.contacts.czj.email))).toHaveLength(0);

    // 企业微信 answers HTTP 200 with errcode 93000: the webhook's key is no longer valid.
    robotCode = 93000;
    await activities().sendNotice({ kind: 'due', assignmentId, period: 'final', due: '2026-07-15', periods: [{ key: 'final', due: '2026-07-15' }] });
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId, channel: 'email', status: 'sent' } })) === 1, 'the due notice by email instead');
    expect(capture.messages().filter((m) => m.to.includes(reg.contacts.czj.email) && /到期/.test(m.subject))).toHaveLength(1);
    const [fallback] = await t.db.outboxMessage.findMany({ where: { assignmentId, channel: 'email' } });
    expect(fallback).toMatchObject({ step: 'due', status: 'sent', fallbackOfId: expect.any(String) });
    const broken = await t.db.unitChannel.findFirstOrThrow({ where: { unitId: reg.units.czj.id, kind: 'wecom' } });
    expect(broken.brokenSince).toBeInstanceOf(Date);
    expect(broken.lastError).toContain('93000');

    robotCode = 0;
    await activities().escalateAssignment({ level: 'urge', assignmentId, period: 'final', due: '2026-07-15', workingDaysLate: 1, at: '2026-07-16T01:00:00.000Z' });
    await until(async () => (await t.db.unitChannel.findFirstOrThrow({ where: { id: broken.id } })).brokenSince === null, 'the robot mended');
  });
});

describe('a person’s own channels, below the plan’s and the unit’s settings', () => {
  const own = (personId: string, channel: Parameters<typeof addOwnChannel>[3]) =>
    addOwnChannel({ db: t.db }, policy, { id: personId, name: '', role: 'leader', unitId: null }, channel);

  it('a 督办 routed to chat and SMS reaches the leader’s own robot and phone while the unit sets neither', async () => {
    robotCode = 0;
    const { reg, planId, assignmentId } = await unitWithChannels('-own-leader', []);
    await t.db.plan.update({ where: { id: planId }, data: { channels: { supervise: ['chat', 'sms'] } } });
    await own(reg.leaders.b.id, { kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=own-leader-key` });
    await own(reg.leaders.b.id, { kind: 'sms', phones: ['13700137000'] });
    dispatch();
    await activities().escalateAssignment({ level: 'supervise', assignmentId, period: 'final', due: '2026-07-15', workingDaysLate: 3, at: '2026-07-20T01:00:00.000Z' });
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId, status: 'sent' } })) === 3, 'the 督办 by email, the leader’s robot and SMS');
    const chat = robot.received.filter((r) => r.query.get('key') === 'own-leader-key');
    expect(chat).toHaveLength(1);
    expect((JSON.parse(chat[0]!.body) as { markdown: { content: string } }).markdown.content).toContain('督办');
    expect(gateway.received.filter((r) => r.body.includes(assignmentId)).map((r) => (JSON.parse(r.body) as { mobile: string }).mobile)).toEqual(['13700137000']);
    expect(capture.messages().filter((m) => m.to.includes(reg.leaders.b.email) && /督办/.test(m.subject))).toHaveLength(1);
  });

  it('where the unit sets a robot and the registry the leader’s phone, those are used and the leader’s own are not', async () => {
    robotCode = 0;
    const { reg, planId, assignmentId } = await unitWithChannels('-unit-wins', [{ kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=unit-wins-key` }]);
    await t.db.plan.update({ where: { id: planId }, data: { channels: { supervise: ['chat', 'sms'] } } });
    await t.db.person.update({ where: { id: reg.leaders.b.id }, data: { phone: '136 0013 6000' } });
    await own(reg.leaders.b.id, { kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=unit-wins-own` });
    await own(reg.leaders.b.id, { kind: 'sms', phones: ['13500135000'] });
    dispatch();
    await activities().escalateAssignment({ level: 'supervise', assignmentId, period: 'final', due: '2026-07-15', workingDaysLate: 3, at: '2026-07-20T01:00:00.000Z' });
    await until(async () => (await t.db.outboxMessage.count({ where: { assignmentId, status: 'sent' } })) === 3, 'the 督办 by email, the unit’s robot and SMS');
    expect(robot.received.filter((r) => r.query.get('key') === 'unit-wins-key')).toHaveLength(1);
    expect(robot.received.filter((r) => r.query.get('key') === 'unit-wins-own')).toHaveLength(0);
    expect(gateway.received.filter((r) => r.body.includes(assignmentId)).map((r) => (JSON.parse(r.body) as { mobile: string }).mobile)).toEqual(['13600136000']);
  });

  it('a sub-task’s person gets its reminder on their own robot; a plan that routes sub-tasks to email only keeps it off', async () => {
    robotCode = 0;
    const { reg, planId, assignmentId } = await unitWithChannels('-subtask', []);
    const named = await t.db.person.create({ data: { name: '孙科员', email: 'sun-subtask@example.gov.cn', unitId: reg.units.czj.id } });
    await own(named.id, { kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=own-subtask-key` });
    const subtask = (id: string) =>
      t.db.subtask.create({ data: { id, assignmentId, title: '起草细则', assigneeName: named.name, assigneeEmail: 'SUN-subtask@example.gov.cn', due: new Date('2026-06-30'), addedAt: new Date(), addedById: reg.contacts.czj.id } });
    await subtask('sub-own-1');
    dispatch();
    await writeSubtaskMail(t.db, 'https://duban.example.gov.cn', 'sub-own-1', 'subtask-due');
    running.forEach((d) => d.wake());
    await until(async () => (await t.db.outboxMessage.count({ where: { source: 'sub-own-1:subtask-due', status: 'sent' } })) === 2, 'the reminder by email and the person’s robot');
    const chat = robot.received.filter((r) => r.query.get('key') === 'own-subtask-key');
    expect(chat).toHaveLength(1);
    expect((JSON.parse(chat[0]!.body) as { markdown: { content: string } }).markdown.content).toContain('起草细则');

    await t.db.plan.update({ where: { id: planId }, data: { channels: { subtask: [] } } });
    await subtask('sub-own-2');
    await writeSubtaskMail(t.db, 'https://duban.example.gov.cn', 'sub-own-2', 'subtask-due');
    expect(await t.db.outboxMessage.findMany({ where: { source: 'sub-own-2:subtask-due' }, select: { channel: true } })).toEqual([{ channel: 'email' }]);
  });
});
