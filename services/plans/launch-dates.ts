import { z } from 'zod';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { asIsDates, describePast, firstReportingDateAfter, pastDates, rebasedDates, type TLaunchDates, type TMilestone, type TPlanDates } from '../../domain/past-dates';
import { planSettingsOf } from '../../domain/plan-settings';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';

/**
 * How a plan whose dates are past is launched, as the coordinator chose it: re-based so that it starts in `rebase`, or
 * as is. Neither is needed for a plan whose dates are still ahead. The API body, the page's form and the command
 * line's flags (`--rebase YEAR`, `--as-is`) are read with it.
 */
export const ZLaunchDatesSchema = z
  .object({
    rebase: z
      .number()
      .int()
      .min(2000, issue('rebaseYearRange'))
      .max(2100, issue('rebaseYearRange'))
      .optional()
      .describe('re-base: shift every date of the plan by whole years so that it starts in this year (targets’ years included)'),
    asIs: z
      .literal(true)
      .optional()
      .describe('launch as is: the plan keeps its own dates; whatever fell due before the launch is due at the first reporting date after it'),
  })
  .strict()
  .refine((d) => d.rebase === undefined || d.asIs === undefined, { path: ['asIs'], message: issue('rebaseOrAsIs') });
export type TLaunchDatesChoice = z.infer<typeof ZLaunchDatesSchema>;

const isoOf = (d: Date) => shanghaiDate(d);
const milestonesOf = (json: unknown): TMilestone[] =>
  Array.isArray(json) ? json.filter((m): m is TMilestone => typeof m?.by === 'string' && typeof m?.value === 'number') : [];

/** Every date of a plan that its launch may move, as stored. */
export async function loadPlanDates(db: Db, planId: string): Promise<TPlanDates> {
  const plan = await db.plan.findUniqueOrThrow({
    where: { id: planId },
    select: {
      year: true,
      period: true,
      schedule: true,
      measures: {
        where: { status: { not: 'cancelled' } },
        orderBy: { seq: 'asc' },
        select: {
          id: true,
          ref: true,
          due: true,
          originalDue: true,
          deadlines: true,
          schedule: true,
          targets: { orderBy: { position: 'asc' }, select: { id: true, by: true, milestones: true, original: true } },
        },
      },
    },
  });
  const { period, schedule } = planSettingsOf(plan, ['period', 'schedule']);
  return {
    year: plan.year,
    period,
    schedule,
    measures: plan.measures.map((m) => ({
      id: m.id,
      ref: m.ref,
      due: isoOf(m.due),
      originalDue: m.originalDue ? isoOf(m.originalDue) : null,
      deadlines: m.deadlines.map((d) => d.toISOString().slice(0, 10)),
      schedule: m.schedule ? ZReportingScheduleSchema.parse(m.schedule) : null,
      targets: m.targets.map((t) => {
        const original = t.original as { by?: unknown; milestones?: unknown } | null;
        return {
          id: t.id,
          by: t.by,
          milestones: milestonesOf(t.milestones),
          original: original ? { by: typeof original.by === 'string' ? original.by : null, milestones: milestonesOf(original.milestones) } : null,
        };
      }),
    })),
  };
}

/**
 * The refusal a launch on `today` meets when the plan's dates are past and neither way was chosen, or null: what the
 * command line asks before it looks for a Temporal server.
 */
export async function pastDatesRefusal(db: Db, planId: string, today: string, choice: TLaunchDatesChoice | undefined): Promise<AppError | null> {
  if (choice?.rebase !== undefined || choice?.asIs) return null;
  const past = pastDates(await loadPlanDates(db, planId), today);
  return past.length ? new AppError('PLAN_DATES_PAST', say('datesPast', { n: past.length, first: describePast(past) }), past) : null;
}

/**
 * Settles a draft plan's dates for its launch on `today` (the launch's own today: the demo's and the tests' virtual
 * one) and `startDate`, and writes what moved with its audit record, all in one transaction; returns what it did.
 * - Past dates and no choice: refused (PLAN_DATES_PAST), naming each past date, so the person launching chooses.
 * - Re-based: every date shifted by whole years; a year that still leaves dates past, or that is out of range, is
 *   refused naming `rebase`.
 * - As is: measures past due are due at the first reporting date after `today`; the period ends no earlier.
 * - Either way, or neither: the period starts on the launch day when that is later than its own start.
 * Running it again with the same choice changes nothing (a re-base to the year it starts in shifts nothing).
 */
export async function settleLaunchDates(
  db: Db,
  input: { planId: string; today: string; startDate: string; choice: TLaunchDatesChoice | undefined; actor: { id: string | null; label: string } },
): Promise<TLaunchDates | null> {
  const { planId, today, choice } = input;
  const before = await loadPlanDates(db, planId);
  const past = pastDates(before, today);
  let dates = before;
  let done: TLaunchDates | null = null;
  if (choice?.rebase !== undefined) {
    const rebased = rebasedDates(before, choice.rebase);
    const still = pastDates(rebased.dates, today);
    if (still.length) {
      throw new AppError('VALIDATION_FAILED', say('rebaseStillPast', { year: choice.rebase, n: still.length, first: describePast(still) }), [
        { path: 'rebase', say: say('rebaseStillPast', { year: choice.rebase, n: still.length, first: describePast(still) }) },
      ]);
    }
    dates = rebased.dates;
    if (rebased.years !== 0) done = { kind: 'rebase', years: rebased.years, from: Number(before.period.from.slice(0, 4)), to: choice.rebase };
  } else if (past.length) {
    if (!choice?.asIs) throw (await pastDatesRefusal(db, planId, today, choice))!;
    const catchUp = firstReportingDateAfter(before.schedule, today);
    const asIs = asIsDates(before, today, catchUp);
    dates = asIs.dates;
    done = { kind: 'as-is', catchUp, moved: asIs.moved };
  }
  const startDate = input.startDate > dates.period.from ? input.startDate : dates.period.from;
  if (startDate > dates.period.from && startDate <= dates.period.to) {
    dates = { ...dates, period: { ...dates.period, from: startDate, fromReason: { kind: 'launch', text: null, ref: null } } };
  }
  if (dates === before) return null;
  await writePlanDates(db, planId, before, dates, done, input.actor);
  return done;
}

/** Writes the dates that differ, and the audit record of a re-base or an as-is launch, in one transaction. */
async function writePlanDates(
  db: Db,
  id: string,
  before: TPlanDates,
  after: TPlanDates,
  done: TLaunchDates | null,
  actor: { id: string | null; label: string },
): Promise<void> {
  const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
  await db.$transaction(
    async (tx) => {
      await tx.plan.update({ where: { id }, data: { year: after.year, period: after.period, schedule: after.schedule } });
      const was = new Map(before.measures.map((m) => [m.id, m]));
      for (const m of after.measures) {
        const old = was.get(m.id)!;
        if (old !== m) {
          await tx.measure.update({
            where: { id: m.id },
            data: {
              due: new Date(shanghaiMidnight(m.due)),
              originalDue: m.originalDue ? new Date(shanghaiMidnight(m.originalDue)) : null,
              deadlines: m.deadlines.map(day),
              schedule: m.schedule ?? Prisma.DbNull,
            },
          });
        }
        const oldTargets = new Map(old.targets.map((t) => [t.id, t]));
        for (const t of m.targets) {
          if (oldTargets.get(t.id) === t) continue;
          await tx.target.update({ where: { id: t.id }, data: { by: t.by, milestones: t.milestones, original: t.original ?? Prisma.DbNull } });
        }
      }
      if (done) {
        await tx.auditEvent.create({
          data: {
            actorId: actor.id,
            actorLabel: actor.label,
            action: (done.kind === 'rebase' ? 'plan.rebase' : 'plan.launch_as_is') satisfies TAuditAction,
            subjectType: 'plan',
            subjectId: id,
            planId: id,
            data: { ...done, period: { from: after.period.from, to: after.period.to }, original: after.period.original },
          },
        });
      }
    },
    { timeout: 120_000, maxWait: 20_000 },
  );
}
