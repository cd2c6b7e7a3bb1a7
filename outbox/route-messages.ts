import { channelsForMessage, NO_CHANNELS, type TChannelLayer } from '../domain/channel-precedence';
import { mainlandMobile } from '../domain/unit-channels';
import { planSettingsOf } from '../domain/plan-settings';
import { routedStepOf, type TStepChannels } from '../domain/step-channels';
import type { Prisma } from '../prisma/client';
import type { TOutboxDb, TOutboxMessage } from './messages';

/**
 * What a message on a robot or SMS keeps in its facts besides the mail's: the channel row it goes through (marked
 * broken when it gives up) and the email addresses it falls back to.
 */
export type TRoutedFacts = { channelId: string | null; fallbackTo: string[]; fallbackReplyTo: string[] };

type TChannelRow = { id: string; kind: string; phones: string[] };

/**
 * A step's email messages, and the same messages on the channels its plan's setting routes it to, chosen by
 * domain/channel-precedence from the unit's settings and the person's own: to a unit (unit:), its leader (leader:),
 * one person (person:) or a sub-task's person (subtask:). With email turned off, a message that found another channel
 * goes there only. Messages of other steps and recipients pass as they are.
 */
export async function routeMessages(db: TOutboxDb, messages: TOutboxMessage[]): Promise<TOutboxMessage[]> {
  const settings = new Map<string, TStepChannels>();
  const layers = new Map<string, { unit: TChannelLayer; person: TChannelLayer }>();
  const out: TOutboxMessage[] = [];
  for (const m of messages) {
    const step = routedStepOf(m.step);
    const [who, id] = m.recipient.split(':');
    if (m.channel !== 'email' || !m.planId || !id || !step || !(who === 'unit' || who === 'leader' || who === 'person' || who === 'subtask')) {
      out.push(m);
      continue;
    }
    if (!settings.has(m.planId)) {
      const plan = await db.plan.findUniqueOrThrow({ where: { id: m.planId }, select: { channels: true } });
      settings.set(m.planId, planSettingsOf(plan, ['channels']).channels);
    }
    if (!layers.has(m.recipient)) layers.set(m.recipient, await recipientLayers(db, who, id));
    const setting = settings.get(m.planId)!;
    const { unit, person } = layers.get(m.recipient)!;
    const chosen = channelsForMessage({ route: setting[step], email: setting.email }, unit, person);
    const copy = (channel: 'wecom' | 'dingtalk' | 'sms', channelId: string | null, to: string[]): TOutboxMessage => {
      const facts: TRoutedFacts = { channelId, fallbackTo: m.to ?? [], fallbackReplyTo: m.replyTo ?? [] };
      return { ...m, channel, to, replyTo: [], facts: { ...(m.facts as Prisma.InputJsonObject), ...facts } };
    };
    if (chosen.email) out.push(m);
    for (const r of chosen.robots) out.push(copy(r.kind, r.id, [r.id]));
    if (chosen.sms) out.push(copy('sms', chosen.sms.id, chosen.sms.phones));
  }
  return out;
}

function layerOf(rows: TChannelRow[]): TChannelLayer {
  const sms = rows.find((c) => c.kind === 'sms');
  return {
    robots: rows.flatMap((c) => (c.kind === 'wecom' || c.kind === 'dingtalk' ? [{ id: c.id, kind: c.kind }] : [])),
    sms: sms ? { id: sms.id, phones: sms.phones } : null,
  };
}

/** A phone the registry (or the lead unit) gave for one person: the unit's setting for them, sent with no channel row. */
const givenPhone = (phone: string | null | undefined): TChannelLayer => {
  const mobile = phone ? mainlandMobile(phone) : null;
  return { robots: [], sms: mobile ? { id: null, phones: [mobile] } : null };
};

const CHANNEL_ROW = { select: { id: true, kind: true, phones: true } } as const;

async function recipientLayers(db: TOutboxDb, who: string, id: string): Promise<{ unit: TChannelLayer; person: TChannelLayer }> {
  if (who === 'unit') {
    const unit = await db.unit.findUniqueOrThrow({ where: { id }, select: { channels: CHANNEL_ROW } });
    return { unit: layerOf(unit.channels), person: NO_CHANNELS };
  }
  if (who === 'leader') {
    // 督办: the unit's robots for chat and the leader's registry phone for SMS, then the leader's own.
    const unit = await db.unit.findUniqueOrThrow({ where: { id }, select: { channels: CHANNEL_ROW, leader: { select: { phone: true, channels: CHANNEL_ROW } } } });
    return { unit: { robots: layerOf(unit.channels).robots, sms: givenPhone(unit.leader?.phone).sms }, person: layerOf(unit.leader?.channels ?? []) };
  }
  if (who === 'person') {
    const person = await db.person.findUnique({ where: { id }, select: { phone: true, channels: CHANNEL_ROW } });
    return { unit: givenPhone(person?.phone), person: layerOf(person?.channels ?? []) };
  }
  // subtask: the phone the lead unit gave, then the person's own when the sub-task's email is a person's.
  const sub = await db.subtask.findUnique({ where: { id }, select: { assigneeEmail: true, assigneePhone: true } });
  const person = sub?.assigneeEmail ? await db.person.findUnique({ where: { email: sub.assigneeEmail }, select: { channels: CHANNEL_ROW } }) : null;
  return { unit: givenPhone(sub?.assigneePhone), person: layerOf(person?.channels ?? []) };
}
