import { z } from 'zod';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { ZIsoDateSchema } from '../../domain/dates';
import { finalDueOf } from '../../domain/final-due';
import type { TPlanPeriod } from '../../domain/plan-period';
import { afterLaunch, planSettingsOf, ZPlanSettingsSchema, type TPlanSettings } from '../../domain/plan-settings';
import type { Prisma } from '../../prisma/client';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import type { TBroadcastMessage } from '../../workflows/broadcast/definitions';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TServiceDeps } from '../deps';
import { announceToMeasures } from '../measures/announce-to-measures';
import type { TAuditAction } from '../audit-actions';

/** The settings a coordinator sets on the plan's review page and through the API. */
const EDITABLE = ['period', 'schedule', 'ladder', 'cycle', 'channels', 'annualSummary'] as const;
type TEditable = (typeof EDITABLE)[number];
export const ZEditablePlanSettingsSchema = ZPlanSettingsSchema.pick({ period: true, schedule: true, ladder: true, cycle: true, channels: true, annualSummary: true });
export type TEditablePlanSettings = Pick<TPlanSettings, TEditable>;

/** The period as a coordinator sets it: its two ends; the reasons are the service's (set in review, or kept). */
export const ZPeriodChangeSchema = z
  .object({ from: ZIsoDateSchema.describe('the plan’s first day'), to: ZIsoDateSchema.describe('its last day') })
  .strict()
  .refine((p) => p.to >= p.from, { path: ['to'], message: issue('periodEndsBeforeStart') });

export const ZChangePlanSettingsInputSchema = ZEditablePlanSettingsSchema.omit({ period: true })
  .partial()
  .extend({ period: ZPeriodChangeSchema.optional() })
  .strict()
  .refine((b) => EDITABLE.some((k) => b[k] !== undefined), { message: issue('nothingToChange') });
export type TChangePlanSettingsInput = z.infer<typeof ZChangePlanSettingsInputSchema>;

/** The period with its changed ends set in review; an end left where it was keeps its reason. */
function periodAfter(before: TPlanPeriod, change: { from: string; to: string }): TPlanPeriod {
  return {
    ...before,
    from: change.from,
    to: change.to,
    fromReason: change.from === before.from ? before.fromReason : { kind: 'coordinator', text: null, ref: null },
    toReason: change.to === before.to ? before.toReason : { kind: 'coordinator', text: null, ref: null },
  };
}

/**
 * A draft's measures that name no date of their own are due at the plan's end (domain/final-due): when the end moves,
 * so do they — those still due at the old end, so a due date the coordinator set on a measure stays. A measure due
 * before the new start is refused, naming it, and nothing is saved.
 */
async function followPeriod(tx: Prisma.TransactionClient, planId: string, before: TPlanPeriod, after: TPlanPeriod): Promise<void> {
  const measures = await tx.measure.findMany({
    where: { planId, status: { not: 'cancelled' } },
    orderBy: { seq: 'asc' },
    select: { id: true, ref: true, due: true, deadlines: true, targets: { select: { by: true, milestones: true } } },
  });
  for (const m of measures) {
    const targets = m.targets.map((t) => ({ by: t.by, milestones: Array.isArray(t.milestones) ? (t.milestones as { by: string }[]) : [] }));
    const ownDates = finalDueOf({ deadlines: m.deadlines.map((d) => d.toISOString().slice(0, 10)), targets, planEnd: '' }) !== '';
    const due = shanghaiDate(m.due);
    const next = !ownDates && due === before.to ? after.to : due;
    if (next < after.from) {
      const refusal = say('dueBeforePlanStart', { field: 'period.from', due: next, from: after.from, ref: m.ref });
      throw new AppError('VALIDATION_FAILED', refusal, [{ path: 'period.from', say: refusal }]);
    }
    if (next !== due) await tx.measure.update({ where: { id: m.id }, data: { due: new Date(shanghaiMidnight(next)) } });
  }
}

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
    const plan = await tx.plan.findUniqueOrThrow({ where: { id }, select: { status: true, year: true, period: true, schedule: true, ladder: true, cycle: true, channels: true, annualSummary: true } });
    if (plan.status === 'launched') {
      for (const key of changed) {
        const after = afterLaunch(key);
        if (after.kind === 'frozen') throw new AppError('CONFLICT', { text: after.refusal });
      }
    } else if (plan.status !== 'draft') {
      throw new AppError('CONFLICT', say('planOver'));
    }
    const before = planSettingsOf(plan, EDITABLE);
    const { period, ...rest } = change;
    const next: TEditablePlanSettings = { ...before, ...rest, period: period ? periodAfter(before.period, period) : before.period };
    if (period) await followPeriod(tx, id, before.period, next.period);
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
