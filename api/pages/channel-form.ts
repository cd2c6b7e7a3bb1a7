import { z } from 'zod';
import { ZUnitChannelSchema, type TUnitChannel } from '../../domain/unit-channels';
import { AppError, UserError } from '../../lib/errors';
import { splitNames } from './forms';
import { html, type Raw } from './html';
import type { TMessageKey } from './i18n';
import type { TPage } from './layout';

export const CHANNEL_KEY = { wecom: 'channelWecom', dingtalk: 'channelDingtalk', sms: 'channelSms' } as const satisfies Record<string, TMessageKey>;

/** The channel form as posted: every field a string, what does not apply to the kind left empty. */
export const ZChannelFormSchema = z.object({ kind: z.string().default(''), url: z.string().default(''), secret: z.string().default(''), phones: z.string().default('') });
export type TChannelFormBody = z.infer<typeof ZChannelFormSchema>;

/** What was typed, kept when the form is shown again (never the secret). */
export const keptValues = (b: TChannelFormBody): Record<string, string> => ({ kind: b.kind, url: b.url, phones: b.phones });

/**
 * The form read as the registry's channel entry, or the one line that refuses it (the first problem, naming its field).
 * `store` saves it; its own refusals (a host off the allowlist, no key to seal with) come back the same way.
 */
export async function readChannelForm(p: TPage, body: TChannelFormBody, store: (c: TUnitChannel) => Promise<unknown>): Promise<string | null> {
  const phones = splitNames(body.phones);
  const input = body.kind === 'sms' ? { kind: 'sms', phones } : { kind: body.kind, url: body.url.trim(), secret: body.secret.trim() || undefined };
  const parsed = ZUnitChannelSchema.safeParse(input);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    return `${first.path.join('.')}：${first.message}`;
  }
  try {
    await store(parsed.data);
  } catch (err) {
    if (!(err instanceof UserError) || err instanceof AppError) throw err;
    return err.say ? p.t.say(err.say) : err.message;
  }
  return null;
}

/** The fields of a channel form; `id` keeps the labels of several forms on one page apart. */
export function channelFields(p: TPage, id: string, values: Record<string, string> = {}, kinds: readonly (keyof typeof CHANNEL_KEY)[] = ['wecom', 'dingtalk', 'sms']): Raw {
  const { t } = p;
  return html`<label for="${id}-kind">${t('channelKind')}</label><select id="${id}-kind" name="kind">${kinds.map((k) => html`<option value="${k}"${values.kind === k ? html` selected` : ''}>${t(CHANNEL_KEY[k])}</option>`)}</select>
<label for="${id}-url">${t('webhookUrl')}</label><input id="${id}-url" name="url" type="url" value="${values.url ?? ''}" autocomplete="off">
<label for="${id}-secret">${t('dingtalkSecret')}</label><input id="${id}-secret" name="secret" autocomplete="off">
<label for="${id}-phones">${t('mobilePhones')}</label><input id="${id}-phones" name="phones" inputmode="tel" value="${values.phones ?? ''}">`;
}
