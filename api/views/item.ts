import { z } from 'zod';
import { reportLabel, type TCompletionRule } from '../../domain/schedule';
import { shownTarget } from '../../domain/target-year';
import { shanghaiDate } from '../../calendar/working-days';
import type { Db, Prisma } from '../../prisma/client';
import type { TActor } from '../auth/actor';
import { findAssignmentFor } from '../../services/access/scope';
import { reportAttachments, ZShownAttachmentSchema, type TShownAttachment } from '../../services/evidence/report-attachments';
import { unreportedFiles } from '../../services/evidence/unreported-files';
import { completionRuleOf, loadDueChanges, periodsOf } from '../../services/measures/periods';
import { instructionsOfAssignment, ZShownInstructionSchema } from './instructions';
import { reportSubtasks, subtasksOfAssignment, ZShownSubtaskSchema, ZSubtaskProgressSchema } from './subtasks';
import { loadWorkingDaysLeft, type TDueStanding, type TWorkingDaysLeft } from './days-left';

const COLOURS = ['green', 'yellow', 'red'] as const;

export const ZNextStepSchema = z
  .object({
    kind: z
      .enum(['report', 'report-done', 'await-others', 'await-extension', 'await-launch', 'none'])
      .describe(
        'report: a period’s report is owed by `due`; report-done: every period reported, the unit still owes its report of ' +
          'completion; await-others: this unit’s part is reported, the measure waits for others',
      ),
    period: z.string().nullable(),
    due: z.string().nullable().describe('ISO date the next report is due, after any approved extension'),
    workingDaysLeft: z
      .number()
      .int()
      .nullable()
      .describe('working days from today until `due`: 0 on the due day, negative once overdue (working days late); null with no due date'),
    overdue: z.boolean().describe('`due` has passed (also when no working day has since, as on the weekend after a Friday due date)'),
  })
  .describe('what the unit is expected to do next');
export type TNextStep = z.infer<typeof ZNextStepSchema>;

export const ZReportSchema = z.object({
  id: z.string(),
  period: z.string(),
  status: z.enum(['not_started', 'in_progress', 'done', 'blocked']),
  percent: z.number().int(),
  narrative: z.string(),
  blockedReason: z.string().nullable(),
  targetValues: z.array(z.object({ targetId: z.string(), value: z.number() })),
  attachments: z.array(ZShownAttachmentSchema).describe('links and files (佐证材料)'),
  submittedAt: z.string(),
  submittedBy: z.string().describe('name of the person'),
  review: z.enum(['none', 'pending', 'accepted', 'returned']).describe('the office’s review (审核); none when the report needs none'),
  reviewReason: z.string().nullable().describe('why the office returned it (退回)'),
  reworkDue: z.string().nullable().describe('a returned report’s rework deadline (YYYY-MM-DD)'),
  subtasks: ZSubtaskProgressSchema.nullable().describe('分解: the unit’s sub-tasks done, of all, as the report carried them'),
  toLead: z.boolean().describe('a cooperating unit’s part sent to the measure’s lead unit, not to the office (the plan’s cycle.reportTo)'),
  parts: z.array(z.string()).describe('a lead unit’s report: the ids of the cooperating units’ parts it consolidates'),
});

export const ZSupervisionSheetSchema = z
  .object({
    level: z.enum(['urge', 'supervise', 'coordinator']),
    period: z.string(),
    owedBy: z.string(),
    whatIsDue: z.string(),
    due: z.string().nullable(),
    workingDaysLate: z.number().int(),
    missing: z.array(z.string()),
    sentAt: z.string(),
    recipients: z.array(z.string()),
  })
  .describe('an escalation as a 督办单: what is due, who owes it, how late, what is missing');

export const ZItemSchema = z.object({
  id: z.string(),
  role: z.enum(['lead', 'cooperating']),
  status: z.enum(['assigned', 'in_progress', 'blocked', 'done', 'cancelled']),
  colour: z.enum(COLOURS),
  escalationLevel: z.number().int(),
  unit: z.object({ id: z.string(), name: z.string() }),
  plan: z.object({ id: z.string(), title: z.string() }),
  measure: z.object({
    id: z.string(),
    ref: z.string(),
    title: z.string(),
    text: z.string(),
    due: z.string(),
    originalDue: z.string().nullable().describe('the plan’s own due date when its launch moved it (re-based, or launched as is): 原定'),
    status: z.string(),
    targets: z.array(
      z.object({
        id: z.string(),
        text: z.string().describe('as the plan wrote it, its years moved when its plan was re-based'),
        original: z.string().nullable().describe('the plan’s own year or date when a re-base moved it (原定2020年); null otherwise'),
        indicator: z.string(),
        comparator: z.string(),
        value: z.number(),
        unit: z.string(),
        by: z.string().nullable(),
      }),
    ),
    parties: z.array(z.object({ unit: z.string(), role: z.enum(['lead', 'cooperating']) })).describe('every unit on the measure'),
  }),
  next: ZNextStepSchema,
  acknowledgement: z
    .object({
      at: z.string().describe('ISO instant'),
      by: z.string().nullable().describe('name of the person who acknowledged'),
      responsible: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }).describe('责任领导'),
      handler: z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() }).nullable().describe('经办人'),
      note: z.string().nullable(),
    })
    .nullable()
    .describe('签收, once the unit acknowledged the assignment'),
  refusal: z
    .object({ at: z.string().describe('ISO instant'), reason: z.string() })
    .nullable()
    .describe('拒签, while the office has not yet reassigned the measure or confirmed the unit holds it'),
  canReport: z.boolean().describe('true for people of the assigned unit while the measure is active'),
  reports: z.array(ZReportSchema).describe('newest first'),
  waitingFiles: z
    .array(z.object({ id: z.string(), name: z.string(), size: z.number().int(), contentType: z.string() }))
    .describe('files uploaded for the unit’s next report that no report carries yet (the draft’s files), oldest first'),
  extensions: z.array(
    z.object({ id: z.string(), period: z.string(), originalDue: z.string(), requestedDue: z.string(), reason: z.string(), status: z.enum(['pending', 'approved', 'refused']), decisionNote: z.string().nullable() }),
  ),
  escalations: z.array(ZSupervisionSheetSchema),
  instructions: z.array(ZShownInstructionSchema).describe('领导批示 sent to the unit, newest first, each with its reply'),
  subtasks: z.array(ZShownSubtaskSchema).describe('分解: the unit’s sub-tasks of this assignment, by due date'),
  cooperatingParts: z
    .array(ZReportSchema.extend({ unit: z.string().describe('the cooperating unit') }))
    .describe('to the lead unit: the parts its cooperating units sent it (the plan’s cycle.reportTo = lead), newest first; its report to the office consolidates them'),
});
export type TItem = z.infer<typeof ZItemSchema>;

/** A 责任领导 or 经办人 as the acknowledgement's projection stored it (JSON). */
const ZAckPersonSchema = z.object({ name: z.string(), phone: z.string().optional(), email: z.string().optional() });

/** Dates are stored as the instant a Shanghai day begins. */
const day = (d: Date) => shanghaiDate(d);

type TReportRow = Prisma.ProgressReportGetPayload<{ include: { submittedBy: { select: { name: true } } } }>;

function shownReport(r: TReportRow, attachments: TShownAttachment[]): z.infer<typeof ZReportSchema> {
  return {
    id: r.id,
    period: r.period,
    status: r.status,
    percent: r.percent,
    narrative: r.narrative,
    blockedReason: r.blockedReason,
    targetValues: z.array(z.object({ targetId: z.string(), value: z.number() })).catch([]).parse(r.targetValues),
    attachments,
    submittedAt: r.submittedAt.toISOString(),
    submittedBy: r.submittedBy.name,
    review: r.review ?? 'none',
    reviewReason: r.reviewReason,
    reworkDue: r.reworkDue ? day(r.reworkDue) : null,
    subtasks: reportSubtasks(r.subtasks),
    toLead: r.toLead,
    parts: z.array(z.string()).catch([]).parse(r.parts ?? []),
  };
}

/** The parts the measure's cooperating units sent its lead unit (cycle.reportTo = lead), newest first, with their files. */
async function partsForLead(db: Db, measureId: string): Promise<TItem['cooperatingParts']> {
  const rows = await db.progressReport.findMany({
    where: { toLead: true, assignment: { measureId } },
    orderBy: { submittedAt: 'desc' },
    include: { submittedBy: { select: { name: true } }, assignment: { select: { unit: { select: { name: true } } } } },
  });
  const files = await reportAttachments(db, rows);
  return rows.map((r, i) => ({ ...shownReport(r, files[i]!), unit: r.assignment.unit.name }));
}

type TNextInput = {
  status: string;
  role: 'lead' | 'cooperating';
  /** When the measure counts as done (its schedule's rule): who still owes a report of completion. */
  completion: TCompletionRule;
  measure: { status: string };
  periods: { key: string; due: string }[];
  reportedPeriods: string[];
  extensions: { period: string; status: string; requestedDue: Date }[];
  /** Working days from the plan's today to a date (api/views/days-left). */
  daysLeft: (due: string) => TDueStanding;
};

/** The first period this unit has not reported, with its due date after any approved extension. */
export function nextStepOf(i: TNextInput): TNextStep {
  if (i.measure.status === 'draft') return { kind: 'await-launch', period: null, due: null, workingDaysLeft: null, overdue: false };
  if (i.measure.status !== 'active' || i.status === 'done' || i.status === 'cancelled') return { kind: 'none', period: null, due: null, workingDaysLeft: null, overdue: false };
  const done = new Set(i.reportedPeriods);
  const next = i.periods.find((p) => !done.has(p.key));
  if (!next) {
    const owesDone = i.role === 'lead' || i.completion === 'all-done';
    return { kind: owesDone ? 'report-done' : 'await-others', period: null, due: null, workingDaysLeft: null, overdue: false };
  }
  if (i.extensions.some((e) => e.period === next.key && e.status === 'pending')) {
    return { kind: 'await-extension', period: next.key, due: next.due, ...i.daysLeft(next.due) };
  }
  const approved = i.extensions.filter((e) => e.period === next.key && e.status === 'approved').map((e) => day(e.requestedDue)).sort().at(-1);
  const due = approved ?? next.due;
  return { kind: 'report', period: next.key, due, ...i.daysLeft(due) };
}

/**
 * One assignment as its unit, its leader or its coordinator sees it. Outside the actor's scope: 404. A page showing
 * several items passes the working-day counter it loaded once (api/views/days-left).
 */
export async function loadItem(db: Db, actor: TActor, assignmentId: string, counter?: TWorkingDaysLeft): Promise<TItem> {
  const found = await findAssignmentFor(db, actor, assignmentId);
  const a = await db.assignment.findUniqueOrThrow({
    where: { id: found.id },
    include: {
      unit: { select: { id: true, name: true } },
      measure: {
        include: {
          plan: { select: { id: true, title: true, schedule: true, clock: true } },
          targets: { orderBy: { position: 'asc' } },
          assignments: { select: { role: true, unit: { select: { name: true } } }, orderBy: [{ role: 'asc' }, { assignedAt: 'asc' }] },
        },
      },
      reports: { orderBy: { submittedAt: 'desc' }, include: { submittedBy: { select: { name: true } } } },
      extensions: { orderBy: { requestedAt: 'desc' } },
      escalations: { orderBy: { sentAt: 'desc' } },
      acknowledgedBy: { select: { name: true } },
    },
  });
  const [dueChanges, daysLeft] = await Promise.all([loadDueChanges(db, [a.measureId]), counter ?? loadWorkingDaysLeft(db)]);
  const periods = periodsOf({ startedAt: a.assignedAt, measure: a.measure, dueChanges: dueChanges.get(a.measureId) ?? [] });
  const next = nextStepOf({
    status: a.status,
    role: a.role,
    completion: completionRuleOf(a.measure),
    measure: a.measure,
    periods,
    // A report waiting for review or returned does not count yet (审核).
    reportedPeriods: a.reports.filter((r) => r.review === null || r.review === 'accepted').map((r) => r.period),
    extensions: a.extensions,
    daysLeft: (due) => daysLeft(a.measure.plan.clock, due),
  });
  const periodDue = new Map(periods.map((p) => [p.key, p.due]));
  const [attachments, waiting, instructions, subtasks, parts] = await Promise.all([
    reportAttachments(db, a.reports),
    unreportedFiles(db, a.id),
    instructionsOfAssignment(db, a.id),
    subtasksOfAssignment(db, a.id),
    a.role === 'lead' ? partsForLead(db, a.measureId) : Promise.resolve([]),
  ]);
  const latest = a.reports[0];
  const reportedTargets = new Set(
    z.array(z.object({ targetId: z.string() })).catch([]).parse(latest?.targetValues).map((t) => t.targetId),
  );
  return {
    id: a.id,
    role: a.role,
    status: a.status,
    colour: a.colour,
    escalationLevel: a.escalationLevel,
    unit: a.unit,
    plan: { id: a.measure.plan.id, title: a.measure.plan.title },
    measure: {
      id: a.measure.id,
      ref: a.measure.ref,
      title: a.measure.title,
      text: a.measure.text,
      due: day(a.measure.due),
      originalDue: a.measure.originalDue ? day(a.measure.originalDue) : null,
      status: a.measure.status,
      targets: a.measure.targets.map((t) => ({ id: t.id, ...shownTarget(t), indicator: t.indicator, comparator: t.comparator, value: t.value, unit: t.unit, by: t.by })),
      parties: a.measure.assignments.map((p) => ({ unit: p.unit.name, role: p.role })),
    },
    next,
    acknowledgement: a.acknowledgedAt
      ? {
          at: a.acknowledgedAt.toISOString(),
          by: a.acknowledgedBy?.name ?? null,
          responsible: ZAckPersonSchema.catch({ name: '' }).parse(a.ackResponsible),
          handler: ZAckPersonSchema.nullable().catch(null).parse(a.ackHandler),
          note: a.ackNote,
        }
      : null,
    refusal: a.refusedAt ? { at: a.refusedAt.toISOString(), reason: a.refusalReason ?? '' } : null,
    canReport: actor.unitId === a.unitId && a.measure.status === 'active' && a.status !== 'cancelled',
    waitingFiles: waiting.map((f) => ({ id: f.id, name: f.name, size: f.size, contentType: f.contentType })),
    reports: a.reports.map((r, i) => shownReport(r, attachments[i]!)),
    cooperatingParts: parts,
    extensions: a.extensions.map((e) => ({
      id: e.id,
      period: e.period,
      originalDue: day(e.originalDue),
      requestedDue: day(e.requestedDue),
      reason: e.reason,
      status: e.status,
      decisionNote: e.decisionNote,
    })),
    instructions,
    subtasks,
    escalations: a.escalations.map((e) => {
      const reportedThisPeriod = a.reports.some((r) => r.period === e.period);
      const missing = [
        ...(reportedThisPeriod ? [] : [reportLabel(e.period)]),
        ...a.measure.targets.filter((t) => !reportedTargets.has(t.id)).map((t) => `${t.indicator}完成值`),
      ];
      const ext = a.extensions.find((x) => x.period === e.period && x.status === 'approved');
      return {
        level: e.level,
        period: e.period,
        owedBy: a.unit.name,
        whatIsDue: `${a.measure.ref} ${a.measure.title}：${reportLabel(e.period)}`,
        due: ext ? day(ext.requestedDue) : (periodDue.get(e.period) ?? null),
        workingDaysLate: e.workingDaysLate,
        missing,
        sentAt: e.sentAt.toISOString(),
        recipients: e.recipients,
      };
    }),
  };
}
