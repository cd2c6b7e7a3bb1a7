import { mainlandMobile } from '../domain/unit-channels';
import { planSettingsOf } from '../domain/plan-settings';
import { isRoutedStep, type TStepChannels } from '../domain/step-channels';
import type { Prisma } from '../prisma/client';
import type { TOutboxDb, TOutboxMessage } from './messages';

/**
 * What a message on a robot or SMS keeps in its facts besides the mail's: the channel row it goes through (marked
 * broken when it gives up) and the email addresses it falls back to.
 */
export type TRoutedFacts = { channelId: string | null; fallbackTo: string[]; fallbackReplyTo: string[] };

type TUnitRoutes = { robots: { id: string; kind: 'wecom' | 'dingtalk' }[]; sms: { id: string; phones: string[] } | null; leaderPhone: string | null };

/**
 * A step's email messages, and the same messages on the channels its plan's setting routes it to (domain/step-channels)
 * where the unit has them: its robots for chat, its SMS numbers (the leader's mobile for 督办). With email turned off,
 * a message that found another channel goes there only. Messages of other steps and recipients pass as they are.
 */
export async function routeMessages(db: TOutboxDb, messages: TOutboxMessage[]): Promise<TOutboxMessage[]> {
  const settings = new Map<string, TStepChannels>();
  const units = new Map<string, TUnitRoutes>();
  const out: TOutboxMessage[] = [];
  for (const m of messages) {
    const [who, unitId] = m.recipient.split(':');
    if (m.channel !== 'email' || !m.planId || !unitId || (who !== 'unit' && who !== 'leader') || !isRoutedStep(m.step)) {
      out.push(m);
      continue;
    }
    if (!settings.has(m.planId)) {
      const plan = await db.plan.findUniqueOrThrow({ where: { id: m.planId }, select: { channels: true } });
      settings.set(m.planId, planSettingsOf(plan, ['channels']).channels);
    }
    if (!units.has(unitId)) units.set(unitId, await unitRoutes(db, unitId));
    const setting = settings.get(m.planId)!;
    const unit = units.get(unitId)!;
    const route = setting[m.step];
    const copy = (channel: 'wecom' | 'dingtalk' | 'sms', channelId: string | null, to: string[]): TOutboxMessage => {
      const facts: TRoutedFacts = { channelId, fallbackTo: m.to ?? [], fallbackReplyTo: m.replyTo ?? [] };
      return { ...m, channel, to, replyTo: [], facts: { ...(m.facts as Prisma.InputJsonObject), ...facts } };
    };
    const routed: TOutboxMessage[] = [];
    if (route.includes('chat')) for (const r of unit.robots) routed.push(copy(r.kind, r.id, [r.id]));
    // 督办 reaches the leader's own mobile (from the registry's leader entry), 催办 the unit's numbers.
    const phones = who === 'leader' ? (unit.leaderPhone ? [unit.leaderPhone] : []) : (unit.sms?.phones ?? []);
    if (route.includes('sms') && phones.length) routed.push(copy('sms', who === 'leader' ? null : unit.sms!.id, phones));
    if (setting.email || routed.length === 0) out.push(m);
    out.push(...routed);
  }
  return out;
}

async function unitRoutes(db: TOutboxDb, unitId: string): Promise<TUnitRoutes> {
  const unit = await db.unit.findUniqueOrThrow({ where: { id: unitId }, select: { leader: { select: { phone: true } }, channels: { select: { id: true, kind: true, phones: true } } } });
  const sms = unit.channels.find((c) => c.kind === 'sms');
  return {
    robots: unit.channels.flatMap((c) => (c.kind === 'wecom' || c.kind === 'dingtalk' ? [{ id: c.id, kind: c.kind }] : [])),
    sms: sms ? { id: sms.id, phones: sms.phones } : null,
    leaderPhone: unit.leader?.phone ? mainlandMobile(unit.leader.phone) : null,
  };
}
