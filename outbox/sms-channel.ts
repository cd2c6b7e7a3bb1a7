import { mainlandMobile } from '../domain/unit-channels';
import type { TConfig } from '../lib/config';
import { CHANNEL_FALLBACK_AFTER_ATTEMPTS, DeliveryFailure, type TChannelAdapter } from './channels';

/** The SMS gateway, from configuration: where to POST, and the body with its placeholders. */
export type TSmsGateway = {
  url: string;
  /**
   * The request body, JSON or form text, with `{phone}`, `{text}` and `{link}` (required: the item's page) replaced
   * by their values, each escaped for the body's form; `{template}` is the gateway's pre-approved template code, for
   * gateways that need one; `{id}` the message's id (the same on every attempt: a gateway that keys on it, as
   * Aliyun's OutId, drops a repeat).
   */
  body: string;
  contentType?: string;
  templateCode?: string;
};

/** The gateway DUBAN_SMS_* configure, or undefined when DUBAN_SMS_URL is unset. */
export function smsGatewayOf(config: Pick<TConfig, 'DUBAN_SMS_URL' | 'DUBAN_SMS_BODY' | 'DUBAN_SMS_CONTENT_TYPE' | 'DUBAN_SMS_TEMPLATE_CODE'>): TSmsGateway | undefined {
  if (!config.DUBAN_SMS_URL) return undefined;
  return { url: config.DUBAN_SMS_URL, body: config.DUBAN_SMS_BODY, contentType: config.DUBAN_SMS_CONTENT_TYPE, ...(config.DUBAN_SMS_TEMPLATE_CODE ? { templateCode: config.DUBAN_SMS_TEMPLATE_CODE } : {}) };
}

/** Every message is signed so, as Chinese carriers require. */
export const SMS_SIGNATURE = '【督办】';
/** A text message's length in characters beyond which carriers split it: kept to one or two segments. */
export const SMS_MAX_CHARS = 120;
const SMS_TIMEOUT_MS = 10_000;

/** The text of one SMS: signed, the subject shortened so the link always fits. */
export function smsText(subject: string, link: string): string {
  const plain = subject.replace(/^【督办】/, '');
  const room = SMS_MAX_CHARS - SMS_SIGNATURE.length - link.length - 1;
  const said = [...plain].length > room ? `${[...plain].slice(0, Math.max(0, room - 1)).join('')}…` : plain;
  return `${SMS_SIGNATURE}${said} ${link}`;
}

/** The gateway request body for one number: the template's placeholders filled, escaped for JSON or for a form. */
export function fillSmsBody(gateway: TSmsGateway, values: { id: string; phone: string; text: string; link: string }): string {
  const json = (gateway.contentType ?? 'application/json').includes('json');
  const escape = (v: string) => (json ? JSON.stringify(v).slice(1, -1) : encodeURIComponent(v));
  const all: Record<string, string> = { ...values, template: gateway.templateCode ?? '' };
  return gateway.body.replace(/\{(id|phone|text|link|template)\}/g, (_, k: string) => escape(all[k]!));
}

/** Why a gateway setting is refused, in one line, or null when it will do. */
export function smsGatewayProblem(gateway: TSmsGateway): string | null {
  if (!gateway.body.includes('{link}')) return '短信模板缺少 {link} 占位符 / the SMS body template has no {link} placeholder';
  if (!gateway.body.includes('{phone}')) return '短信模板缺少 {phone} 占位符 / the SMS body template has no {phone} placeholder';
  return null;
}

/**
 * SMS through an HTTP gateway: one request per phone number of the delivery. A 2xx is accepted; a 5xx or no answer
 * is tried again after the backoff; a 4xx is the gateway refusing this request for good (not retried forever: given
 * up, shown to the office). The delivery's text is the one SMS, composed when it was formed.
 */
export function smsChannel(gateway: TSmsGateway | undefined): TChannelAdapter {
  return {
    channel: 'sms',
    concurrency: 4,
    fallbackAfterAttempts: CHANNEL_FALLBACK_AFTER_ATTEMPTS,
    // An SMS tells one thing; several due the same day read as "N项", with the first's link.
    maxItems: 20,
    compose(messages) {
      const [first] = messages;
      const link = (first!.facts as { link?: string } | null)?.link ?? '';
      const subject = messages.length === 1 ? first!.subject : `${first!.subject.replace(/^【督办】/, '')}等${messages.length}项`;
      return { subject, html: '', text: smsText(subject, link), payload: { link } };
    },
    async deliver(d, { deadline }) {
      if (Date.now() > deadline) throw new DeliveryFailure('notStarted', '未在期限内开始发送 / not started before its deadline');
      if (!gateway) throw new DeliveryFailure('fallback', '未配置短信网关 / no SMS gateway configured (DUBAN_SMS_URL)');
      const phones = d.to.map(mainlandMobile).filter((p): p is string => p !== null);
      if (phones.length === 0) throw new DeliveryFailure('fallback', '无有效手机号 / no mainland mobile number');
      const link = (d.payload as { link?: string } | undefined)?.link ?? '';
      for (const phone of phones) {
        // The message's id for this number: the delivery's key, fixed when it was formed, so a delivery sent again
        // after a crash (outbox/dispatcher) carries the same one, in the header and wherever the body has `{id}`.
        const id = `${d.key}|${phone}`;
        let res: Response;
        try {
          res = await fetch(gateway.url, {
            method: 'POST',
            headers: { 'content-type': gateway.contentType ?? 'application/json', 'x-duban-key': id },
            body: fillSmsBody(gateway, { id, phone, text: d.text, link }),
            signal: AbortSignal.timeout(SMS_TIMEOUT_MS),
          });
        } catch (err) {
          throw new DeliveryFailure('retry', `短信网关不可达 / the SMS gateway could not be reached: ${(err as Error).message}`);
        }
        const answer = (await res.text()).slice(0, 200);
        if (res.status >= 500) throw new DeliveryFailure('retry', `短信网关 HTTP ${res.status}: ${answer}`);
        if (res.status >= 400) throw new DeliveryFailure('refused', `短信网关拒绝 / the SMS gateway refused: HTTP ${res.status}: ${answer}`);
      }
      return { receipt: d.key };
    },
  };
}
