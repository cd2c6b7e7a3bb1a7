import { z } from 'zod';

/** Where a step goes besides email: the unit's chat robots (企业微信, 钉钉), or SMS. */
const ZRouteSchema = z.array(z.enum(['chat', 'sms'])).refine((r) => new Set(r).size === r.length, 'each channel once');
export type TRoute = z.infer<typeof ZRouteSchema>;

/**
 * Which steps go out on which channels (issue 25), a plan setting. Notices and reminders to the unit's chat, 催办 to
 * chat and SMS, 督办 to the leader by SMS; everything also by email unless `email` is turned off (then a recipient with
 * no other channel configured still gets the email: a step is never sent nowhere).
 */
export const ZStepChannelsSchema = z.object({
  notice: ZRouteSchema.default(['chat']).describe('交办通知'),
  reminder: ZRouteSchema.default(['chat']).describe('报送提醒'),
  due: ZRouteSchema.default(['chat']).describe('今日到期'),
  urge: ZRouteSchema.default(['chat', 'sms']).describe('催办, to the unit'),
  supervise: ZRouteSchema.default(['sms']).describe('督办, to the unit’s leader (SMS to the leader’s phone; chat is the unit’s)'),
  instruction: ZRouteSchema.default(['chat']).describe('领导批示: to the unit, its reminder, and the unit’s reply to the leader'),
  subtask: ZRouteSchema.default(['chat']).describe('分解 sub-task reminders: to the person named, or to the unit when overdue'),
  email: z.boolean().default(true).describe('every step also by email'),
});
export type TStepChannels = z.infer<typeof ZStepChannelsSchema>;
export type TRoutedStep = Exclude<keyof TStepChannels, 'email'>;

export const ROUTED_STEPS = ['notice', 'reminder', 'due', 'urge', 'supervise', 'instruction', 'subtask'] as const satisfies readonly TRoutedStep[];

/** The setting a message's step reads: the step itself, or its family (instruction-reminder → instruction); null when no setting routes it. */
export function routedStepOf(step: string): TRoutedStep | null {
  if ((ROUTED_STEPS as readonly string[]).includes(step)) return step as TRoutedStep;
  if (step === 'instruction-reminder' || step === 'instruction-replied') return 'instruction';
  if (step === 'subtask-added' || step === 'subtask-due' || step === 'subtask-overdue') return 'subtask';
  return null;
}
