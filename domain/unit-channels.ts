import { z } from 'zod';

/**
 * A unit's chat robots and SMS numbers as the registry file gives them (issue 25), and the rules they are held to.
 * Pure: the host allowlist is the caller's (DUBAN_CHANNEL_HOSTS), checked by webhookHostProblem.
 */

/** A mainland China mobile number (11 digits from 13x to 19x), with or without +86; null when it is not one. */
export function mainlandMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** A name only this machine reaches (127.0.0.0/8, ::1, localhost): tests' receivers, the one place http is let through. */
function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

const ZWebhookUrlSchema = z
  .string()
  .trim()
  .refine((raw) => {
    try {
      const url = new URL(raw);
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    } catch {
      return false;
    }
  }, '须为 https 地址 / must be an https URL');

const ZMobileSchema = z.string().refine((p) => mainlandMobile(p) !== null, '不是大陆手机号 / not a mainland mobile number').transform((p) => mainlandMobile(p)!);

export const ZUnitChannelSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wecom'), url: ZWebhookUrlSchema.describe('企业微信群机器人 webhook (its key is in the URL)') }),
  z.object({
    kind: z.literal('dingtalk'),
    url: ZWebhookUrlSchema.describe('钉钉自定义机器人 webhook'),
    secret: z
      .string()
      .trim()
      .regex(/^SEC[0-9A-Za-z]+$/, '钉钉加签密钥以 SEC 开头 / a 钉钉 signing secret starts with SEC')
      .optional()
      .describe('加签 secret; without it the robot must be secured by keyword or address'),
  }),
  z.object({ kind: z.literal('sms'), phones: z.array(ZMobileSchema).min(1).describe('mobile numbers that receive the unit’s SMS') }),
]);
export type TUnitChannel = z.infer<typeof ZUnitChannelSchema>;
export type TRobotKind = 'wecom' | 'dingtalk';

/**
 * The allowlist: exact host names, or `.example.gov.cn` for a domain and its subdomains. A webhook goes only where it
 * allows, so no registry entry is a way into the internal network.
 */
export function webhookHostProblem(rawUrl: string, allowedHosts: readonly string[]): string | null {
  const host = new URL(rawUrl).hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  const allowed = allowedHosts.some((entry) => {
    const e = entry.toLowerCase();
    return e.startsWith('.') ? host === e.slice(1) || host.endsWith(e) : host === e;
  });
  return allowed ? null : `主机 ${host} 不在 DUBAN_CHANNEL_HOSTS 允许列表中 / host ${host} is not on the DUBAN_CHANNEL_HOSTS allowlist`;
}

/** The robots' public hosts, allowed unless DUBAN_CHANNEL_HOSTS says otherwise. */
export const DEFAULT_CHANNEL_HOSTS = ['qyapi.weixin.qq.com', 'oapi.dingtalk.com'];

/** A webhook as the pages show it: host and path, each query value cut to its first four characters (the key is one). */
export function maskedUrl(rawUrl: string): string {
  const url = new URL(rawUrl);
  const query = [...url.searchParams].map(([k, v]) => `${k}=${v.slice(0, 4)}…`).join('&');
  return `${url.protocol}//${url.host}${url.pathname}${query ? `?${query}` : ''}`;
}

/** A phone number as the pages show it: 138****5678. */
export const maskedPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
