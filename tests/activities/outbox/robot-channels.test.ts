import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryFailure, type TChannelAdapter, type TOutgoingDelivery, type TQueuedMessage } from '../../../outbox/channels';
import { dingtalkChannel, dingtalkSign, wecomChannel } from '../../../outbox/robot-channels';
import { utf8Bytes } from '../../../outbox/robot-text';
import { smsChannel } from '../../../outbox/sms-channel';
import { startHttpReceiver } from '../../support/http-receiver';


const message = (i: number, over: Partial<TQueuedMessage> = {}): TQueuedMessage => ({
  id: `m${i}`,
  source: `a${i}:urge:2026-H1`,
  recipient: 'unit:u1',
  channel: 'wecom',
  step: 'urge',
  to: ['ch1'],
  replyTo: [],
  subject: `【督办】催办：市财政局“第${i}项 *重点* 任务”2026年上半年进展报告已逾期1个工作日`,
  html: '',
  text: `市财政局：\n# 请于今日报送\n任务页面：https://duban.example.gov.cn/items/a${i}`,
  facts: { link: `https://duban.example.gov.cn/items/a${i}` },
  digestKey: 'urge:u1:2026-07-15',
  ...over,
});

function delivery(adapter: TChannelAdapter, messages: TQueuedMessage[], to = ['ch1']): TOutgoingDelivery {
  return { ...adapter.compose(messages), id: 'd1', key: `digest:${messages[0]!.digestKey}:${messages[0]!.id}`, channel: adapter.channel, to, replyTo: [], items: messages.length, attempts: 1 };
}
const soon = () => ({ deadline: Date.now() + 10_000 });
const failureOf = async (p: Promise<unknown>) => {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryFailure);
  return (err as DeliveryFailure).kind;
};

describe('企业微信 group robot', () => {
  let robot: Awaited<ReturnType<typeof startHttpReceiver>>;
  let code = 0;
  beforeAll(async () => {
    robot = await startHttpReceiver(() => ({ status: 200, body: JSON.stringify({ errcode: code, errmsg: code ? 'error' : 'ok' }) }));
  });
  afterAll(() => robot?.close());
  const adapter = () => wecomChannel(async (address) => (address === 'ch1' ? { url: `${robot.url}/cgi-bin/webhook/send?key=k-1` } : null));

  it('posts one markdown digest to the webhook, escaped and within 4,096 bytes', async () => {
    code = 0;
    const messages = Array.from({ length: 10 }, (_, i) => message(i + 1, { text: `${'加强质量监管，'.repeat(60)}\n任务页面：https://duban.example.gov.cn/items/a${i}` }));
    const a = adapter();
    expect(await a.deliver(delivery(a, messages), soon())).toEqual({ receipt: 'digest:urge:u1:2026-07-15:m1' });
    const [got] = robot.received.splice(0);
    expect(got!.path).toBe('/cgi-bin/webhook/send');
    expect(got!.query.get('key')).toBe('k-1');
    expect(got!.headers['content-type']).toBe('application/json');
    const body = JSON.parse(got!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(utf8Bytes(body.markdown.content)).toBeLessThanOrEqual(4096);
    expect(body.markdown.content).toContain('**【督办】催办：市财政局“第1项 \\*重点\\* 任务”');
    // A long item cuts its own text: the tenth is still listed.
    expect(body.markdown.content).toContain('**【督办】催办：市财政局“第10项 \\*重点\\* 任务”');
    await a.deliver(delivery(a, [message(1)]), soon());
    expect((JSON.parse(robot.received.splice(0)[0]!.body) as { markdown: { content: string } }).markdown.content).toContain('\\# 请于今日报送');
  });

  it('reads errcode inside HTTP 200: throttled is tried again later, a bad key falls back to email', async () => {
    const a = adapter();
    code = 45009;
    expect(await failureOf(a.deliver(delivery(a, [message(1)]), soon()))).toBe('retry');
    code = 93000;
    expect(await failureOf(a.deliver(delivery(a, [message(1)]), soon()))).toBe('fallback');
    // A unit whose robot is no longer configured: email instead.
    expect(await failureOf(a.deliver(delivery(a, [message(1)], ['gone']), soon()))).toBe('fallback');
  });
});

describe('钉钉 custom robot', () => {
  const SECRET = 'SEC1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c';
  let robot: Awaited<ReturnType<typeof startHttpReceiver>>;
  let code = 0;
  beforeAll(async () => {
    robot = await startHttpReceiver(() => ({ status: 200, body: JSON.stringify({ errcode: code, errmsg: code ? 'error' : 'ok' }) }));
  });
  afterAll(() => robot?.close());

  it('signs as 钉钉 documents it: a known-answer vector, and WebCrypto agrees', async () => {
    // Worked out once with `openssl dgst -sha256 -hmac` over "1577262236757\n<secret>", base64, URL-encoded.
    expect(dingtalkSign(1577262236757, SECRET)).toBe('ODj2gnMC%2BrqLcUNkzsNt5PHpVOp74aEXQTVWnT3ZT0A%3D');
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const ts = 1_767_225_600_123;
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${ts}\n${SECRET}`));
    expect(dingtalkSign(ts, SECRET)).toBe(encodeURIComponent(Buffer.from(mac).toString('base64')));
  });

  it('posts a signed markdown message: timestamp and sign beside the access token, the signature checking out', async () => {
    code = 0;
    const ts = 1_767_225_600_000;
    const a = dingtalkChannel(async () => ({ url: `${robot.url}/robot/send?access_token=tok`, secret: SECRET }), () => ts);
    await a.deliver(delivery(a, [message(1, { channel: 'dingtalk' })]), soon());
    const [got] = robot.received.splice(0);
    expect(got!.query.get('access_token')).toBe('tok');
    expect(got!.query.get('timestamp')).toBe(String(ts));
    // URLSearchParams decodes once: what remains is the base64 HMAC the robot recomputes.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const mac = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${ts}\n${SECRET}`))).toString('base64');
    expect(got!.query.get('sign')).toBe(mac);
    const body = JSON.parse(got!.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(message(1).subject);
    expect(body.markdown.text).toContain('任务页面：https://duban.example.gov.cn/items/a1');
  });

  it('reads errcode: sent too fast is tried again, a refused signature or token falls back to email', async () => {
    const a = dingtalkChannel(async () => ({ url: `${robot.url}/robot/send?access_token=tok`, secret: SECRET }));
    code = 130101;
    expect(await failureOf(a.deliver(delivery(a, [message(1)]), soon()))).toBe('retry');
    code = 310000;
    expect(await failureOf(a.deliver(delivery(a, [message(1)]), soon()))).toBe('fallback');
    code = 300001;
    expect(await failureOf(a.deliver(delivery(a, [message(1)]), soon()))).toBe('fallback');
  });
});

describe('SMS through an HTTP gateway', () => {
  let gateway: Awaited<ReturnType<typeof startHttpReceiver>>;
  let status = 200;
  beforeAll(async () => {
    gateway = await startHttpReceiver(() => ({ status, body: JSON.stringify({ code: status === 200 ? 'OK' : 'ERR' }) }));
  });
  afterAll(() => gateway?.close());
  const adapter = () => smsChannel({ url: `${gateway.url}/sms/send`, body: '{"mobile":"{phone}","content":"{text}","url":"{link}","tpl":"{template}"}', templateCode: 'SMS_0001' });

  it('sends one short signed text with the item’s link to each mainland mobile number', async () => {
    status = 200;
    const a = adapter();
    await a.deliver(delivery(a, [message(1, { channel: 'sms' })], ['13812345678', '+86 139-0000-1111', '0571-1234567']), soon());
    const got = gateway.received.splice(0);
    expect(got.map((r) => (JSON.parse(r.body) as { mobile: string }).mobile)).toEqual(['13812345678', '13900001111']);
    const body = JSON.parse(got[0]!.body) as { content: string; url: string; tpl: string };
    expect(body.content.startsWith('【督办】催办：市财政局')).toBe(true);
    expect(body.content.endsWith(' https://duban.example.gov.cn/items/a1')).toBe(true);
    expect(body.url).toBe('https://duban.example.gov.cn/items/a1');
    expect(body.tpl).toBe('SMS_0001');
  });

  it('a gateway’s 4xx is given up, a 5xx tried again; no mobile number falls back to email', async () => {
    const a = adapter();
    status = 400;
    expect(await failureOf(a.deliver(delivery(a, [message(1)], ['13812345678']), soon()))).toBe('refused');
    status = 503;
    expect(await failureOf(a.deliver(delivery(a, [message(1)], ['13812345678']), soon()))).toBe('retry');
    expect(await failureOf(a.deliver(delivery(a, [message(1)], ['0571-1234567']), soon()))).toBe('fallback');
  });
});
