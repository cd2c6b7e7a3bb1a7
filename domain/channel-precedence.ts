import type { TRoute } from './step-channels';

/**
 * Where one message goes besides email (issue 25): plan settings override unit settings, which override a person's own.
 *
 * - The plan's setting for the step (domain/step-channels) decides the kinds at all: chat, SMS, and whether email too.
 *   Nothing a unit or a person set sends a step on a kind the plan leaves out.
 * - For each kind the plan names, the unit's setting is used when it has one of that kind; the person's own only when
 *   the unit has none. "The unit's setting" is what the registry or the unit page set for the recipient: the unit's
 *   robots and numbers for the unit, its robots and the leader's registry phone for 督办, the phone the lead unit gave
 *   a sub-task's person.
 * - Email goes when the plan keeps it on, and always when no other channel was found: a step is never sent nowhere.
 */
export type TChannelRef = { id: string; kind: 'wecom' | 'dingtalk' };
export type TSmsRef = { id: string | null; phones: string[] };
export type TChannelLayer = { robots: TChannelRef[]; sms: TSmsRef | null };

export const NO_CHANNELS: TChannelLayer = { robots: [], sms: null };

export type TMessageChannels = { robots: TChannelRef[]; sms: TSmsRef | null; email: boolean };

export function channelsForMessage(plan: { route: TRoute; email: boolean }, unit: TChannelLayer, person: TChannelLayer): TMessageChannels {
  const robots = plan.route.includes('chat') ? (unit.robots.length ? unit.robots : person.robots) : [];
  const firstSms = [unit.sms, person.sms].find((s) => s !== null && s.phones.length > 0) ?? null;
  const sms = plan.route.includes('sms') ? firstSms : null;
  return { robots, sms, email: plan.email || (robots.length === 0 && sms === null) };
}
