import { z } from 'zod';
import { appLink, type TConfig } from '../../lib/config';
import { AppError } from '../../lib/errors';
import { DeliveryFailure } from '../../outbox/channels';
import { dingtalkChannel, wecomChannel } from '../../outbox/robot-channels';
import { smsChannel, smsGatewayOf } from '../../outbox/sms-channel';
import { unitChannelEndpoints } from '../../outbox/unit-endpoints';
import type { TServiceDeps } from '../deps';

export const ZSendTestMessageInputSchema = z.object({ channelId: z.string().min(1).max(64).describe('the unit channel (robot or SMS numbers) to test') });
export type TSendTestMessageInput = z.infer<typeof ZSendTestMessageInputSchema>;

export const ZTestMessageResultSchema = z.object({
  unit: z.string().describe('whose channel it is: the unit’s name, or the person’s for their own'),
  kind: z.enum(['wecom', 'dingtalk', 'sms']),
  shown: z.string().describe('the channel as the pages show it (masked)'),
  ok: z.boolean(),
  error: z.string().nullable().describe('what the robot or gateway answered when it did not take the message'),
});
export type TTestMessageResult = z.infer<typeof ZTestMessageResultSchema>;

type TDeps = Pick<TServiceDeps, 'db' | 'now'> & {
  config: Pick<TConfig, 'publicUrl' | 'secretKey' | 'DUBAN_SMS_URL' | 'DUBAN_SMS_BODY' | 'DUBAN_SMS_CONTENT_TYPE' | 'DUBAN_SMS_TEMPLATE_CODE'>;
};

/** Whose channels the caller may test: any unit's (a coordinator), or their own only. */
export type TChannelOwner = { units: true } | { personId: string };

/**
 * "发送测试消息": sends a test message through a unit's or a person's robot (or to its SMS numbers) at once, outside
 * the outbox, and says what the robot answered. A robot that takes it is no longer shown as broken.
 */
export async function sendTestMessage(deps: TDeps, owner: TChannelOwner, input: TSendTestMessageInput): Promise<TTestMessageResult> {
  const row = await deps.db.unitChannel.findUnique({
    where: { id: input.channelId },
    select: { id: true, kind: true, shown: true, phones: true, personId: true, unit: { select: { name: true } }, person: { select: { name: true } } },
  });
  const mine = row && ('units' in owner ? row.unit !== null : row.personId === owner.personId);
  if (!row || !mine || (row.kind !== 'wecom' && row.kind !== 'dingtalk' && row.kind !== 'sms')) throw new AppError('NOT_FOUND');
  const channel = { ...row, kind: row.kind, unit: { name: row.unit?.name ?? row.person?.name ?? '' } };
  const endpoints = unitChannelEndpoints(deps.db, deps.config.secretKey);
  const adapter = channel.kind === 'wecom' ? wecomChannel(endpoints) : channel.kind === 'dingtalk' ? dingtalkChannel(endpoints) : smsChannel(smsGatewayOf(deps.config));
  const link = appLink(deps.config.publicUrl, 'units' in owner ? '/units' : '/account');
  const at = deps.now();
  const content = adapter.compose([
    {
      id: `test-${channel.id}`,
      source: `test:${channel.id}:${at.toISOString()}`,
      recipient: `unit:${channel.unit.name}`,
      channel: channel.kind,
      step: 'test',
      to: [],
      replyTo: [],
      subject: '【督办】测试消息',
      html: '',
      text: `这是督办系统发给${channel.unit.name}的测试消息：收到即说明本群机器人（或短信）设置正确，无需回复。\n${link}`,
      facts: { link },
      digestKey: null,
    },
  ]);
  const key = `test:${channel.id}:${at.getTime()}`;
  const to = channel.kind === 'sms' ? channel.phones : [channel.id];
  try {
    await adapter.deliver({ ...content, id: key, key, channel: channel.kind, to, replyTo: [], items: 1, attempts: 1 }, { deadline: Date.now() + 15_000 });
  } catch (err) {
    const error = err instanceof DeliveryFailure ? err.message : `发送失败 / failed: ${(err as Error).message}`;
    return { unit: channel.unit.name, kind: channel.kind, shown: channel.shown, ok: false, error };
  }
  await deps.db.unitChannel.update({ where: { id: channel.id }, data: { brokenSince: null, lastError: null } });
  return { unit: channel.unit.name, kind: channel.kind, shown: channel.shown, ok: true, error: null };
}
