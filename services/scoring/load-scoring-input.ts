import { readCalendarDays } from '../calendar/calendar-years';
import { calendarFromDays, shanghaiMidnight, type TCalendar } from '../../calendar/working-days';
import { UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db, Prisma } from '../../prisma/client';
import { annualSummaryDue } from '../../domain/annual-summary';
import { periodYears } from '../../domain/plan-period';
import { planInstant, planToday } from '../assessment/assessment-year';
import { ZTargetOriginalSchema } from '../../domain/target-year';
import { planSettingsOf } from '../../domain/plan-settings';
import { ZRubricSchema, type TRubric } from '../../scoring/rubric';
import type { TPlanHeader, TScoringInput } from '../../scoring/types';
import { loadDueChanges, periodsOf } from '../measures/periods';

export type TScoringSnapshot = { plan: TPlanHeader; rubric: TRubric; calendar: TCalendar; input: TScoringInput };

/** The plan is not there: the CLI says so in one line, the activity fails without retrying. */
export class PlanNotFoundError extends UserError {
  constructor(readonly planId: string) {
    super(say('noPlanToScore', { planId }));
    this.name = 'PlanNotFoundError';
  }
}

export class InvalidRubricError extends UserError {
  constructor(planId: string, detail: string) {
    super(say('rubricInvalid', { planId, detail }));
    this.name = 'InvalidRubricError';
  }
}

/**
 * Everything scoring needs about one plan, read in a handful of queries (not one per measure), as of `asOf`:
 * - cancelled measures and assignments are left out: what was withdrawn is not assessed;
 * - a report waiting for review or returned is left out, and an accepted one counts from its acceptance on, as of
 *   when it was submitted; the office's corrections of its indicator values made by then come beside it, and count;
 * - each measure's required reports come from its schedule (else the plan's), from the day its first unit was
 *   assigned to its final period, each due on the date a coordinator last set for it — the periods the workflow
 *   holds and the API shows (services/measures/periods);
 * - the rubric is validated and carries Plan.rubricVersion, the column a rubric edit bumps;
 * - the calendar is the shipped schedule with the CalendarDay rows laid over it;
 * - where the plan asks for 年度总结, each year's due date and the summaries sent (scoring counts those sent by then);
 * - what the office recorded (加分, 一票否决, 评议) and every report it returned (退回) by then, and the units the rubric
 *   names as 考核对象 (and `alsoUnits`: those a 方案 being previewed names), each with its kind for 分类考核.
 */
export async function loadScoringInput(db: Db | Prisma.TransactionClient, planId: string, asOf: Date, alsoUnits: readonly string[] = []): Promise<TScoringSnapshot> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    select: { id: true, title: true, year: true, issuer: true, rubric: true, rubricVersion: true, schedule: true, period: true, annualSummary: true, clock: true },
  });
  if (!plan) throw new PlanNotFoundError(planId);
  const parsed = ZRubricSchema.safeParse(plan.rubric ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InvalidRubricError(planId, `${issue.path.join('.')} ${issue.message}`);
  }
  const rubric: TRubric = { ...parsed.data, version: plan.rubricVersion };

  const ofPlan = { assignment: { status: { not: 'cancelled' as const }, measure: { planId, status: { not: 'cancelled' as const } } } };
  const { period, annualSummary } = planSettingsOf(plan, ['period', 'annualSummary']);
  const [measures, reports, extensions, escalations, days, recorded, returned, summaries] = await Promise.all([
    db.measure.findMany({
      where: { planId, status: { not: 'cancelled' } },
      orderBy: { seq: 'asc' },
      select: {
        id: true,
        ref: true,
        title: true,
        weight: true,
        due: true,
        schedule: true,
        targets: { orderBy: { position: 'asc' }, select: { id: true, indicator: true, text: true, comparator: true, value: true, unit: true, by: true, milestones: true, original: true, baseline: true } },
        assignments: {
          where: { status: { not: 'cancelled' } },
          orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }],
          select: { id: true, unitId: true, role: true, assignedAt: true, unit: { select: { name: true } } },
        },
      },
    }),
    db.progressReport.findMany({
      // Only what counts: a report that needs no review, or one the office accepted by then (审核).
      where: { ...ofPlan, submittedAt: { lte: asOf }, OR: [{ review: null }, { review: 'accepted', reviewedAt: { lte: asOf } }] },
      select: { id: true, assignmentId: true, period: true, status: true, percent: true, targetValues: true, submittedAt: true },
    }),
    db.extension.findMany({
      where: ofPlan,
      select: { id: true, assignmentId: true, period: true, originalDue: true, requestedDue: true, status: true },
    }),
    db.escalation.findMany({
      where: { ...ofPlan, sentAt: { lte: asOf } },
      select: { id: true, assignmentId: true, level: true, period: true, workingDaysLate: true, sentAt: true },
    }),
    readCalendarDays(db),
    // Filtered by asOf below, once read on the plan's clock.
    db.assessmentRecord.findMany({ where: { planId }, select: { id: true, unitId: true, year: true, kind: true, points: true, title: true, recordedAt: true } }),
    db.progressReport.findMany({
      // The office's 退回 only: a lead unit's return of a cooperating unit's part (cycle.reportTo = lead) is a step
      // between departments, not the office's judgement, and the part's lateness against its rework date already counts.
      where: { ...ofPlan, review: 'returned', toLead: false, reviewedAt: { lte: asOf } },
      select: { id: true, assignmentId: true, period: true, reviewedAt: true },
    }),
    annualSummary.due === null
      ? []
      : db.annualSummary.findMany({ where: { planId }, select: { id: true, unitId: true, year: true, submittedAt: true, dueOn: true } }),
  ]);

  // 加分, 一票否决 and 评议 carry the office's real time, like summaries: read on the plan's clock, as its workflows record
  // every other fact, so a plan on a demo or test clock counts them in the year it recorded them in.
  const records = recorded.flatMap((r) => {
    const recordedAt = planInstant(plan.clock, r.recordedAt);
    return recordedAt.getTime() <= asOf.getTime() ? [{ ...r, recordedAt }] : [];
  });
  const corrections = await db.indicatorCorrection.findMany({
    where: { reportId: { in: reports.map((r) => r.id) }, correctedAt: { lte: asOf } },
    select: { reportId: true, targetId: true, value: true, correctedAt: true },
  });
  const units = new Map<string, string>();
  const input: TScoringInput = {
    planId,
    years: periodYears(period),
    asOf,
    units: [],
    measures: [],
    assignments: [],
    reports: reports.map((r) => ({ ...r, targetValues: targetValuesOf(r.targetValues) })),
    corrections,
    extensions,
    escalations,
    assessment: {
      bonuses: records.flatMap((r) => (r.kind === 'bonus' ? [{ id: r.id, unitId: r.unitId, year: r.year, points: r.points ?? 0, title: r.title, recordedAt: r.recordedAt }] : [])),
      vetoes: records.flatMap((r) => (r.kind === 'veto' ? [{ id: r.id, unitId: r.unitId, year: r.year, reason: r.title, recordedAt: r.recordedAt }] : [])),
      appraisals: records.flatMap((r) => (r.kind === 'appraisal' ? [{ id: r.id, unitId: r.unitId, year: r.year, points: r.points ?? 0, recordedAt: r.recordedAt }] : [])),
      returns: returned.map((r) => ({ id: r.id, assignmentId: r.assignmentId, period: r.period, returnedAt: r.reviewedAt! })),
      ...(annualSummary.due === null
        ? {}
        : {
            annualSummaries: {
              dueByYear: Object.fromEntries(periodYears(period).map((y) => [y, annualSummaryDue(annualSummary.due!, y)])),
              // Judged as the results list judges it (services/assessment/annual-summaries): the day it came on the plan's
              // clock against the due date it was sent under.
              // A summary's time is the office's real one; scoring reads every fact on the plan's clock, as its workflows record them.
              sent: summaries.map(({ dueOn, submittedAt, ...x }) => ({
                ...x,
                due: dueOn.toISOString().slice(0, 10),
                submittedOn: planToday(plan.clock, submittedAt),
                submittedAt: planInstant(plan.clock, submittedAt),
              })),
            },
          }),
    },
  };
  const dueChanges = await loadDueChanges(db, measures.map((m) => m.id));
  for (const m of measures) {
    const firstAssigned = m.assignments.reduce<Date | null>((min, a) => (!min || a.assignedAt < min ? a.assignedAt : min), null);
    const periods = periodsOf({ startedAt: firstAssigned ?? m.due, measure: { ...m, plan }, dueChanges: dueChanges.get(m.id) ?? [] });
    input.measures.push({
      id: m.id,
      ref: m.ref,
      title: m.title,
      weight: m.weight,
      due: m.due,
      periods: periods.map((p) => ({ period: p.key, dueAt: new Date(shanghaiMidnight(p.due)), year: Number(p.start.slice(0, 4)) })),
      targets: m.targets.map((t) => ({ ...t, milestones: milestonesOf(t.milestones), original: ZTargetOriginalSchema.parse(t.original) })),
      ...(firstAssigned ? { start: firstAssigned } : {}),
    });
    for (const a of m.assignments) {
      units.set(a.unitId, a.unit.name);
      input.assignments.push({ id: a.id, measureId: m.id, unitId: a.unitId, role: a.role });
    }
  }
  const named = [...new Set([...units.keys(), ...rubric.subjects, ...rubric.classes.flatMap((c) => c.units), ...alsoUnits])];
  const kinds = await db.unit.findMany({ where: { id: { in: named } }, select: { id: true, name: true, kind: true } });
  const kindOf = new Map(kinds.map((u) => [u.id, u]));
  // A unit the rubric names that has since left the registry is left out: there is nobody to assess.
  input.units = named.flatMap((id) => {
    const u = kindOf.get(id);
    return u ? [{ id, name: units.get(id) ?? u.name, kind: u.kind }] : [];
  });
  return {
    plan: { id: plan.id, title: plan.title, year: plan.year, issuer: plan.issuer, rubricVersion: plan.rubricVersion },
    rubric,
    calendar: calendarFromDays(days),
    input,
  };
}

/** Target.milestones as the import wrote them: [{ by, value }]. */
export function milestonesOf(json: unknown): { by: string; value: number }[] {
  return Array.isArray(json) ? json.filter((m): m is { by: string; value: number } => typeof m?.by === 'string' && typeof m?.value === 'number') : [];
}

/** ProgressReport.targetValues is JSON written by the workflow's projection; anything unreadable in it is skipped. */
function targetValuesOf(json: unknown): { targetId: string; value: number }[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((v) =>
    v && typeof v === 'object' && typeof v.targetId === 'string' && typeof v.value === 'number' && Number.isFinite(v.value)
      ? [{ targetId: v.targetId as string, value: v.value as number }]
      : [],
  );
}
