import { createHmac } from 'node:crypto';
import type { OutboxChannel } from '../prisma/client';
import { CHANNEL_FALLBACK_AFTER_ATTEMPTS, DeliveryFailure, type TChannelAdapter, type TOutgoingDelivery } from './channels';
import { robotMarkdown } from './robot-text';

/** Where a delivery's address (a unit's channel id) leads: the robot's webhook, and its signing secret (钉钉). */
export type TRobotEndpoint = { url: string; secret?: string };
export type TResolveEndpoint = (address: string) => Promise<TRobotEndpoint | null>;

/** 企业微信 markdown content may hold 4,096 bytes of UTF-8. */
export const WECOM_MARKDOWN_BYTES = 4096;
/** 钉钉 takes about 20 kB of markdown; kept to the same 4 kB so one digest reads alike in both. */
export const DINGTALK_MARKDOWN_BYTES = 4096;
/** A robot takes about 20 messages a minute, so a digest rather than a message per item. */
const ROBOT_MAX_ITEMS = 10;
/** How long one exchange with a robot may take. */
const ROBOT_TIMEOUT_MS = 10_000;

/**
 * 钉钉's signature of a request: HMAC-SHA256 of "<timestamp>\n<secret>" keyed by the secret, base64, then
 * URL-encoded, sent as `timestamp` and `sign` query parameters beside the webhook's access_token.
 */
export function dingtalkSign(timestampMs: number, secret: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(digest);
}

export function signedDingtalkUrl(url: string, secret: string, timestampMs: number): string {
  return `${url}${url.includes('?') ? '&' : '?'}timestamp=${timestampMs}&sign=${dingtalkSign(timestampMs, secret)}`;
}

/**
 * What a robot's answer means. Both answer HTTP 200 with `errcode` in the body: 0 is accepted; throttled (企业微信
 * 45009, 钉钉 130101 "send too fast") is tried again after the backoff; a bad key or a refused signature (企业微信
 * 93000, 钉钉 300001 and 310000) falls back to email; anything else is retried.
 */
const ROBOT_ERRORS: Record<'wecom' | 'dingtalk', { throttled: number[]; badKey: number[] }> = {
  wecom: { throttled: [45009], badKey: [93000, 40001, 40014] },
  dingtalk: { throttled: [130101], badKey: [300001, 300005, 310000] },
};

async function post(url: string, body: unknown, deadline: number): Promise<Response> {
  if (Date.now() > deadline) throw new DeliveryFailure('notStarted', `未在期限内开始发送 / not started before its deadline`);
  try {
    return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(ROBOT_TIMEOUT_MS) });
  } catch (err) {
    throw new DeliveryFailure('retry', `机器人不可达 / the robot could not be reached: ${(err as Error).message}`);
  }
}

/** Reads a robot's answer: resolves when accepted, throws the DeliveryFailure its errcode (or HTTP status) means. */
async function readRobotAnswer(kind: 'wecom' | 'dingtalk', res: Response): Promise<void> {
  const text = await res.text();
  if (res.status >= 500) throw new DeliveryFailure('retry', `HTTP ${res.status}`);
  if (res.status === 404 || res.status === 401 || res.status === 403) throw new DeliveryFailure('fallback', `HTTP ${res.status}: ${text.slice(0, 200)}`);
  if (res.status !== 200) throw new DeliveryFailure('refused', `HTTP ${res.status}: ${text.slice(0, 200)}`);
  let answer: { errcode?: unknown; errmsg?: unknown };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new DeliveryFailure('retry', `机器人应答无法解析 / unreadable answer: ${text.slice(0, 200)}`);
  }
  const code = Number(answer.errcode);
  if (code === 0) return;
  const said = `errcode ${code}: ${String(answer.errmsg ?? '')}`;
  if (ROBOT_ERRORS[kind].throttled.includes(code)) throw new DeliveryFailure('retry', `机器人限流 / throttled, ${said}`);
  if (ROBOT_ERRORS[kind].badKey.includes(code)) throw new DeliveryFailure('fallback', `机器人地址或密钥无效 / bad key, ${said}`);
  throw new DeliveryFailure('retry', said);
}

function robotAdapter(
  channel: Extract<OutboxChannel, 'wecom' | 'dingtalk'>,
  resolve: TResolveEndpoint,
  request: (d: TOutgoingDelivery, endpoint: TRobotEndpoint) => { url: string; body: unknown },
): TChannelAdapter {
  return {
    channel,
    concurrency: 4,
    fallbackAfterAttempts: CHANNEL_FALLBACK_AFTER_ATTEMPTS,
    maxItems: ROBOT_MAX_ITEMS,
    compose(messages) {
      const [first] = messages;
      const bytes = channel === 'wecom' ? WECOM_MARKDOWN_BYTES : DINGTALK_MARKDOWN_BYTES;
      const subject = messages.length === 1 ? first!.subject : `${first!.subject}（等${messages.length}项）`;
      return { subject, html: '', text: robotMarkdown(messages, bytes) };
    },
    async deliver(d, { deadline }) {
      const address = d.to[0];
      const endpoint = address ? await resolve(address) : null;
      if (!endpoint) throw new DeliveryFailure('fallback', '未配置机器人 / no robot configured');
      const { url, body } = request(d, endpoint);
      await readRobotAnswer(channel, await post(url, body, deadline));
      // Robots give no id for a message: the delivery's own key stands for it.
      return { receipt: d.key };
    },
  };
}

/** 企业微信 group robot: a markdown message to its webhook (the key is in the URL). */
export function wecomChannel(resolve: TResolveEndpoint): TChannelAdapter {
  return robotAdapter('wecom', resolve, (d, { url }) => ({ url, body: { msgtype: 'markdown', markdown: { content: d.text } } }));
}

/** 钉钉 custom robot: a markdown message, the request signed with the robot's secret (加签). */
export function dingtalkChannel(resolve: TResolveEndpoint, now: () => number = Date.now): TChannelAdapter {
  return robotAdapter('dingtalk', resolve, (d, { url, secret }) => ({
    url: secret ? signedDingtalkUrl(url, secret, now()) : url,
    body: { msgtype: 'markdown', markdown: { title: d.subject, text: d.text } },
  }));
}
