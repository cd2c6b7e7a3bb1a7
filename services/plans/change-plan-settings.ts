import type { z } from 'zod';
import { afterLaunch, planSettingsOf, ZPlanSettingsSchema, type TPlanSettings } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import type { TBroadcastMessage } from '../../workflows/broadcast/definitions';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TServiceDeps } from '../deps';
import { announceToMeasures } from '../measures/announce-to-measures';
import type { TAuditAction } from '../audit-actions';

/** The settings a coordinator sets on the plan's review page and through the API. */
const EDITABLE = ['schedule', 'ladder', 'cycle'] as const;
type TEditable = (typeof EDITABLE)[number];
export const ZEditablePlanSettingsSchema = ZPlanSettingsSchema.pick({ schedule: true, ladder: true, cycle: true });
export type TEditablePlanSettings = Pick<TPlanSettings, TEditable>;

export const ZChangePlanSettingsInputSchema = ZEditablePlanSettingsSchema.partial()
  .strict()
  .refine((b) => EDITABLE.some((k) => b[k] !== undefined), { message: issue('nothingToChange') });
export type TChangePlanSettingsInput = z.infer<typeof ZChangePlanSettingsInputSchema>;

/**
 * What running measures are told of a change to the settings they are told of (domain/plan-settings): one announcement
 * per change, named by its audit record; each measure reads the new value from the plan. The ladder is the only such
 * setting yet; another needs a kind of its own.
 */
function tell(told: readonly TEditable[]): TBroadcastMessage['kind'] {
  if (told.length === 1 && told[0] === 'ladder') return 'ladder';
  throw new Error(`no broadcast tells running measures of ${told.join(', ')}`);
}

/**
 * A coordinator sets the plan's settings during review. Once the plan is launched each setting behaves as its schema
 * says (domain/plan-settings): a frozen one (the schedule: its periods, reports and scores are counted on it) is
 * refused; a told one (the thresholds) is saved with its announcement, which the outbox tells the running measures
 * once Temporal accepts, however long that takes; their remaining reminders and escalations follow it — a step
 * already sent is not sent again. Audited with what each changed setting was.
 */
export async function changePlanSettings(
  deps: Pick<TServiceDeps, 'db'>,
  person: TPerson,
  planId: string,
  change: TChangePlanSettingsInput,
): Promise<TEditablePlanSettings> {
  const { id } = await findPlanFor(deps.db, person, planId);
  const changed = EDITABLE.filter((k) => change[k] !== undefined);
  const told = changed.filter((k) => afterLaunch(k).kind === 'told');
  return deps.db.$transaction(async (tx) => {
    const plan = await tx.plan.findUniqueOrThrow({ where: { id }, select: { status: true, schedule: true, ladder: true, cycle: true } });
    if (plan.status === 'launched') {
      for (const key of changed) {
        const after = afterLaunch(key);
        if (after.kind === 'frozen') throw new AppError('CONFLICT', { text: after.refusal });
      }
    } else if (plan.status !== 'draft') {
      throw new AppError('CONFLICT', say('planOver'));
    }
    const before = planSettingsOf(plan, EDITABLE);
    const next: TEditablePlanSettings = { ...before, ...change };
    await tx.plan.update({ where: { id }, data: next });
    // With what each changed setting was before, so the trail can say 督办：逾期 3 → 2 个工作日.
    const previous = Object.fromEntries(changed.map((k) => [k, before[k]]));
    const event = await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'plan.settings_changed' satisfies TAuditAction, subjectType: 'plan', subjectId: id, planId: id, data: { ...change, previous } },
    });
    if (plan.status === 'launched' && told.length) await announceToMeasures(tx, { changeId: String(event.id), planId: id, kind: tell(told) });
    return next;
  });
}
