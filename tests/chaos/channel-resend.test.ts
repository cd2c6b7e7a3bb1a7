import { afterAll, beforeAll, expect, it } from 'vitest';
import { newSecretKey, parseSecretKey } from '../../lib/secret-box';
import type { OutboxChannel } from '../../prisma/client';
import { unitChannelRows } from '../../services/units/unit-channels';
import { startHttpReceiver, type THttpReceiver, type TReceived } from '../support/http-receiver';
import { waitFor } from '../support/wait-for';
import { startChildWorkerStack, type ChildWorkerStack } from './child-worker-stack';

// A short lease: the restarted worker takes over the killed one's delivery once it runs out, as after any crash.
const LEASE_MS = 3_000;
const PHONE = '13800138000';
const SECRET_KEY = newSecretKey();

let s: ChildWorkerStack;
let robot: THttpReceiver;
let gateway: THttpReceiver;
/** The channels whose first request kills the worker, before the receiver answers it. */
const killOnFirst = new Set<OutboxChannel>();

/**
 * The receiver takes the message, then SIGKILLs the worker and only then answers: the gateway has accepted it, and the
 * worker can never mark it sent, whatever the scheduling — the kill lands between the answer and the outbox mark.
 */
const answerAs = (channel: OutboxChannel, ok: string) => async (_r: TReceived) => {
  if (killOnFirst.delete(channel)) await s.killWorker();
  return { status: 200, body: ok };
};

beforeAll(async () => {
  robot = await startHttpReceiver(answerAs('wecom', JSON.stringify({ errcode: 0, errmsg: 'ok' })));
  gateway = await startHttpReceiver(answerAs('sms', JSON.stringify({ code: 'OK' })));
  s = await startChildWorkerStack({
    taskQueue: 'channel-resend',
    activitySlots: 10,
    env: {
      DUBAN_SECRET_KEY: SECRET_KEY,
      DUBAN_CHANNEL_HOSTS: '127.0.0.1',
      DUBAN_SMS_URL: `${gateway.url}/sms/send`,
      DUBAN_SMS_BODY: '{"mobile":"{phone}","content":"{text}","url":"{link}","outId":"{id}"}',
      CHAOS_OUTBOX_LEASE_MS: String(LEASE_MS),
    },
  });
}, 300_000);
afterAll(async () => {
  await s?.close();
  await Promise.all([robot?.close(), gateway?.close()]);
});

/** A 催办 owed on `channel`, written as a step writes it, due now. */
async function owe(channel: OutboxChannel, to: string) {
  return s.t.db.outboxMessage.create({
    data: {
      source: `a-${channel}:urge:2026-H1`,
      recipient: 'unit:u1',
      channel,
      step: 'urge',
      period: '2026-H1',
      to: [to],
      replyTo: [],
      subject: '【督办】催办：区财政局“优化营商环境”2026年上半年进展报告已逾期1个工作日',
      text: '区财政局：请于今日报送。\n任务页面：https://duban.example.gov.cn/items/a1',
      facts: { link: 'https://duban.example.gov.cn/items/a1' },
      notBefore: new Date(),
    },
  });
}

/** Kills the worker as the receiver answers the message's first request, starts a new one, and waits for the mark. */
async function killedAtTheAnswer(channel: OutboxChannel, to: string, receiver: THttpReceiver) {
  killOnFirst.add(channel);
  await s.startWorker();
  const message = await owe(channel, to);
  await waitFor('the receiver to take the message and kill the worker', () => !killOnFirst.has(channel) && receiver.received.length >= 1, {
    timeoutMs: 60_000,
    progress: async () => JSON.stringify(await s.t.db.outboxMessage.findMany({ select: { channel: true, status: true, delivery: { select: { status: true, attempts: true, lastError: true } } } })),
  });
  const stranded = await s.t.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id }, include: { delivery: true } });
  // Accepted by the receiver, not marked: the window the test is about.
  expect(stranded.status).toBe('pending');
  expect(stranded.delivery?.status).toBe('pending');

  await s.startWorker();
  const sent = await waitFor(
    'the new worker to send it again and mark it',
    async () => {
      const m = await s.t.db.outboxMessage.findUniqueOrThrow({ where: { id: message.id }, include: { delivery: true } });
      return m.status === 'sent' && m;
    },
    { timeoutMs: 60_000 },
  );
  // Sent exactly once as far as the outbox knows: one delivery, the one formed before the crash, marked once.
  expect(sent.deliveryId).toBe(stranded.deliveryId);
  expect(sent.delivery!.status).toBe('sent');
  expect(sent.delivery!.attempts).toBe(2);
  expect(await s.t.db.outboxDelivery.count({ where: { channel } })).toBe(1);
  expect(await s.t.db.outboxMessage.count({ where: { channel } })).toBe(1);
  // No fallback to email: the channel is not broken.
  expect(await s.t.db.outboxMessage.count({ where: { fallbackOfId: message.id } })).toBe(0);
  return sent;
}

it('an SMS whose worker is killed between the gateway’s answer and the outbox mark is sent once more at most, with the same message id', async () => {
  const sent = await killedAtTheAnswer('sms', PHONE, gateway);
  const got = gateway.received;
  expect(got).toHaveLength(2);
  const ids = got.map((r) => r.headers['x-duban-key']);
  const bodies = got.map((r) => JSON.parse(r.body) as { mobile: string; content: string; outId: string });
  expect(ids[0]).toBe(`${sent.delivery!.key}|${PHONE}`);
  expect(ids[1]).toBe(ids[0]);
  expect(bodies.map((b) => b.outId)).toEqual([ids[0], ids[0]]);
  expect(bodies[1]).toEqual(bodies[0]);
  expect(bodies[0]!.mobile).toBe(PHONE);
  expect(bodies[0]!.content).toMatch(/^【督办】催办：区财政局/);
}, 240_000);

it('a 企业微信 robot message killed the same way arrives twice at most, the same markdown both times (robots carry no id)', async () => {
  const unit = await s.t.db.unit.create({ data: { name: '区财政局', kind: 'department' } });
  const [row] = unitChannelRows(unit.name, [{ kind: 'wecom', url: `${robot.url}/cgi-bin/webhook/send?key=k-1` }], {
    allowedHosts: ['127.0.0.1'],
    secretKey: parseSecretKey(SECRET_KEY)!,
  });
  const channel = await s.t.db.unitChannel.create({ data: { ...row!, unitId: unit.id } });
  await killedAtTheAnswer('wecom', channel.id, robot);
  const got = robot.received;
  expect(got).toHaveLength(2);
  expect(got[1]!.body).toBe(got[0]!.body);
  const body = JSON.parse(got[0]!.body) as { msgtype: string; markdown: { content: string } };
  expect(body.msgtype).toBe('markdown');
  expect(body.markdown.content).toContain('区财政局');
}, 240_000);
