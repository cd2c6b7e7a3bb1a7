import type { TConfig } from '../../lib/config';
import { UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { seal } from '../../lib/secret-box';
import { maskedPhone, maskedUrl, webhookHostProblem, type TUnitChannel } from '../../domain/unit-channels';
import type { Prisma } from '../../prisma/client';

/** What storing a unit's channels needs from the configuration: where webhooks may point, and the key that seals them. */
export type TChannelPolicy = { allowedHosts: readonly string[]; secretKey: Buffer | undefined };

export const channelPolicyOf = (config: Pick<TConfig, 'DUBAN_CHANNEL_HOSTS' | 'secretKey'>): TChannelPolicy => ({
  allowedHosts: config.DUBAN_CHANNEL_HOSTS,
  secretKey: config.secretKey,
});

/**
 * A unit's channels as rows to store, each webhook sealed; refused in one line naming the unit and the field when a
 * webhook's host is not allowed, or no key is configured to seal it.
 */
export function unitChannelRows(unit: string, channels: readonly TUnitChannel[], policy: TChannelPolicy | undefined): Omit<Prisma.UnitChannelCreateManyInput, 'unitId'>[] {
  return channels.map((c, i) => channelRow(`unit ${unit}`, ` channels.${i}.`, c, policy));
}

/** One channel as a row to store (a unit's or a person's own), refused in one line naming `at` and the field. */
export function channelRow(at: string, fieldPrefix: string, c: TUnitChannel, policy: TChannelPolicy | undefined): Omit<Prisma.UnitChannelCreateManyInput, 'unitId'> {
  const refuse = (field: string, issue: string) => new UserError(say('registryInvalid', { at, field: `${fieldPrefix}${field}`, issue }));
  if (c.kind === 'sms') return { kind: 'sms', shown: c.phones.map(maskedPhone).join(', '), phones: c.phones };
  const problem = webhookHostProblem(c.url, policy?.allowedHosts ?? []);
  if (problem) throw refuse('url', problem);
  if (!policy?.secretKey) throw refuse('url', '未配置 DUBAN_SECRET_KEY，无法加密保存 / DUBAN_SECRET_KEY is not set: the webhook cannot be stored encrypted');
  const secret = c.kind === 'dingtalk' ? c.secret : undefined;
  return { kind: c.kind, sealed: seal(policy.secretKey, JSON.stringify({ url: c.url, secret })), shown: maskedUrl(c.url) + (secret ? ' (加签)' : ''), phones: [] };
}
