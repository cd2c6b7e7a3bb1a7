import { ApplicationFailure, condition, setHandler, uuid4 } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { TCoordinatorAction } from '../../activities/measures/apply-coordinator-action';
import { shanghaiDate, workingDaysBetween } from '../../calendar/working-days';
import {
  ZAddCooperatingUnitSchema,
  ZCancelMeasureSchema,
  ZChangeDueDateSchema,
  ZChaseUnitsSchema,
  ZCloseMeasureSchema,
  ZConfirmAssignmentSchema,
  ZExtensionDecisionSchema,
  ZExtensionRequestSchema,
  ZReassignUnitSchema,
  ZRemoveCooperatingUnitSchema,
  ZReturnPartSchema,
  ZReviewReportSchema,
  type TExtensionDecision,
  type TExtensionRequest,
  type TReturnPart,
  type TReviewReport,
} from '../../domain/measure-actions';
import { MEASURE_FAILURE, refusal, refusalFailure, type TRefusal } from '../../domain/measure-failures';
import {
  assignmentOfUnit,
  periodAsked,
  refuseAddCooperating,
  refuseCancel,
  refuseChase,
  refuseConfirmAssignment,
  refuseRefusal,
  refuseDueDateChange,
  refuseExtensionDecision,
  refuseExtensionRequest,
  refuseReassign,
  refuseRemoveCooperating,
  refuseAcknowledge,
  refuseInstruction,
  refuseInstructionReply,
  refuseReport,
  refuseReturnPart,
  refuseSubtask,
  refuseSubtaskDone,
  refuseReview,
} from '../../domain/measure-requests';
import { needsReview, reworkDeadline } from '../../domain/office-cycle';
import { ZAcknowledgeSchema, ZRefuseAssignmentSchema } from '../../domain/acknowledgement';
import { subtaskProgress, ZAddSubtaskSchema, ZSubtaskDoneSchema } from '../../domain/subtasks';
import { replyDeadline, ZIssueInstructionSchema, ZReplyInstructionSchema, type TIssueInstruction } from '../../domain/instructions';
import { assignmentsDue } from '../../domain/measure-rules';
import { consolidatesParts, partReceiver } from '../../domain/report-to';
import { describeIssue, ZProgressSubmissionSchema, type TProgressSubmission } from '../../domain/progress';
import { requestKey, type TKeyedRequest } from '../../domain/request-keys';
import { periodClosedAt } from '../../domain/schedule';
import { decisions, steps, surfacing } from './proxies';
import {
  acknowledgeAssignmentUpdate,
  addCooperatingUnitUpdate,
  addSubtaskUpdate,
  calendarChangedSignal,
  cancelMeasureUpdate,
  changeDueDateUpdate,
  chaseUnitsUpdate,
  closeMeasureByOfficeUpdate,
  completeSubtaskUpdate,
  confirmAssignmentUpdate,
  decideExtensionUpdate,
  issueInstructionUpdate,
  ladderChangedSignal,
  measureStateQuery,
  reassignUnitUpdate,
  refuseAssignmentUpdate,
  removeCooperatingUnitUpdate,
  replyInstructionUpdate,
  requestExtensionUpdate,
  returnPartToCooperatingUpdate,
  reviewReportUpdate,
  submitProgressUpdate,
  type TAcknowledgeAnswer,
  type TActionAnswer,
  type TExtensionAnswer,
  type TInstructionAnswer,
  type TInstructionReplyAnswer,
  type TProgressAnswer,
  type TReviewAnswer,
  type TSubtaskAnswer,
} from './definitions';
import { answered, hold, iso, notifyAssigned, once, virtualNow, type TMeasureRun } from './run';

/** What a measure answers to: its query, its updates (each a rule of domain/measure-requests, then its work) and its signals. */
export function registerHandlers(run: TMeasureRun): void {
  const today = () => shanghaiDate(virtualNow(run));
  setHandler(measureStateQuery, () => ({ ...run.state, now: iso(virtualNow(run)), assignmentsDue: assignmentsDue(run.state) }));

  onUpdate(run, submitProgressUpdate, ZProgressSubmissionSchema, (s) => refuseReport(run.state, s), (s) => acceptReport(run, s));
  onUpdate(run, requestExtensionUpdate, ZExtensionRequestSchema, (r) => refuseExtensionRequest(run.state, r, today()), (r) => acceptExtensionRequest(run, r));
  onUpdate(run, decideExtensionUpdate, ZExtensionDecisionSchema, (d) => refuseExtensionDecision(run.state, d), (d, key) => decideExtension(run, d, key));
  onUpdate(run, reviewReportUpdate, ZReviewReportSchema, (r) => refuseReview(run.state, r), (r, key) => reviewReport(run, r, key));
  onUpdate(run, returnPartToCooperatingUpdate, ZReturnPartSchema, (r) => refuseReturnPart(run.state, r), (r, key) => returnPart(run, r, key));
  onUpdate(run, acknowledgeAssignmentUpdate, ZAcknowledgeSchema, (r) => refuseAcknowledge(run.state, r), async (r): Promise<TAcknowledgeAnswer> => {
    const now = virtualNow(run);
    await surfacing(decisions.recordAcknowledgement({ ...r, at: iso(now) }));
    run.state.assignments.find((a) => a.id === r.assignmentId)!.acknowledgedAt = now;
    return { assignmentId: r.assignmentId, acknowledgedAt: iso(now) };
  });

  onUpdate(run, refuseAssignmentUpdate, ZRefuseAssignmentSchema, (r) => refuseRefusal(run.state, r), async (r, key): Promise<TActionAnswer> => {
    const now = virtualNow(run);
    await applyAction(run, { actorId: r.requestedBy, reason: r.reason }, key, { action: 'refuse-assignment', assignmentId: r.assignmentId }, iso(now));
    run.state.assignments.find((a) => a.id === r.assignmentId)!.refused = { reason: r.reason, at: now };
    return { action: 'refuse-assignment', assignmentId: r.assignmentId, auditKey: auditKey(run, key) };
  });
  onAction(run, confirmAssignmentUpdate, ZConfirmAssignmentSchema, (r) => refuseConfirmAssignment(run.state, r), async (r, apply) => {
    const held = assignmentOfUnit(run.state, r.unitId)!;
    await apply({ action: 'confirm-assignment', assignmentId: held.id });
    // The unit's clock runs again, its 签收 deadline counted from today.
    delete held.refused;
    held.assignedOn = today();
    return { action: 'confirm-assignment', assignmentId: held.id };
  });

  onUpdate(run, chaseUnitsUpdate, ZChaseUnitsSchema, (r) => refuseChase(run.state, r), async (r, key): Promise<TActionAnswer> => {
    const assignmentIds = r.unitIds.map((u) => assignmentOfUnit(run.state, u)!.id);
    await applyAction(run, { actorId: r.actorId, reason: r.text }, key, { action: 'chase', assignmentIds });
    return { action: 'chase', auditKey: auditKey(run, key) };
  });
  onAction(run, reassignUnitUpdate, ZReassignUnitSchema, (r) => refuseReassign(run.state, r), async (r, apply) => {
    const { assigned } = await apply({ action: 'reassign-unit', fromUnitId: r.fromUnitId, toUnitId: r.toUnitId });
    assignmentOfUnit(run.state, r.fromUnitId)!.active = false;
    const next = hold(run.state, assigned!, today());
    await notifyAssigned(run, next);
    return { action: 'reassign-unit', assignmentId: next.id };
  });
  onAction(run, addCooperatingUnitUpdate, ZAddCooperatingUnitSchema, (r) => refuseAddCooperating(run.state, r), async (r, apply) => {
    const next = hold(run.state, (await apply({ action: 'add-cooperating-unit', unitId: r.unitId })).assigned!, today());
    await notifyAssigned(run, next);
    return { action: 'add-cooperating-unit', assignmentId: next.id };
  });
  onAction(run, removeCooperatingUnitUpdate, ZRemoveCooperatingUnitSchema, (r) => refuseRemoveCooperating(run.state, r), async (r, apply) => {
    await apply({ action: 'remove-cooperating-unit', unitId: r.unitId });
    const removed = assignmentOfUnit(run.state, r.unitId)!;
    removed.active = false;
    return { action: 'remove-cooperating-unit', assignmentId: removed.id };
  });
  onAction(run, changeDueDateUpdate, ZChangeDueDateSchema, (r) => refuseDueDateChange(run.state, r, today()), async (r, apply) => {
    const period = run.state.periods.find((p) => p.key === r.period)!;
    await apply({ action: 'change-due-date', period: r.period, from: run.state.dueOverrides[r.period] ?? period.due, due: r.due, final: period.final });
    run.state.dueOverrides[r.period] = r.due;
    return { action: 'change-due-date' };
  });
  onAction(run, cancelMeasureUpdate, ZCancelMeasureSchema, () => refuseCancel(run.state), async (_r, apply) => {
    // The projection owes the plan its rescoring, which drops the cancelled measure.
    await apply({ action: 'cancel-measure' });
    run.state.status = 'cancelled';
    return { action: 'cancel-measure' };
  });

  onAction(run, closeMeasureByOfficeUpdate, ZCloseMeasureSchema, () => refuseCancel(run.state), async (_r, apply) => {
    await apply({ action: 'close-measure' });
    run.state.status = 'done';
    return { action: 'close-measure' };
  });

  onUpdate(run, issueInstructionUpdate, ZIssueInstructionSchema, (r) => refuseInstruction(run.state, r, today()), (r, key) => issueInstruction(run, r, key));
  onUpdate(run, replyInstructionUpdate, ZReplyInstructionSchema, (r) => refuseInstructionReply(run.state, r), async (r, key): Promise<TInstructionReplyAnswer> => {
    const now = virtualNow(run);
    const { idempotencyKey: _key, ...reply } = r;
    await surfacing(decisions.recordInstructionReply({ ...reply, auditKey: auditKey(run, key), at: iso(now) }));
    run.state.instructions!.find((i) => i.id === r.instructionId)!.replied[r.assignmentId] = now;
    return { instructionId: r.instructionId, assignmentId: r.assignmentId, repliedAt: iso(now) };
  });

  onUpdate(run, addSubtaskUpdate, ZAddSubtaskSchema, (r) => refuseSubtask(run.state, r, today()), async (r, key): Promise<TSubtaskAnswer> => {
    const subtaskId = uuid4();
    const { idempotencyKey: _key, ...sub } = r;
    await surfacing(decisions.recordSubtask({ kind: 'add', subtaskId, ...sub, auditKey: auditKey(run, key), at: iso(virtualNow(run)) }));
    run.state.subtasks = [...(run.state.subtasks ?? []), { id: subtaskId, assignmentId: r.assignmentId, due: r.due, done: false }];
    return { subtaskId, assignmentId: r.assignmentId, due: r.due, done: false, progress: subtaskProgress(run.state.subtasks, r.assignmentId)! };
  });
  onUpdate(run, completeSubtaskUpdate, ZSubtaskDoneSchema, (r) => refuseSubtaskDone(run.state, r), async (r, key): Promise<TSubtaskAnswer> => {
    const { idempotencyKey: _key, ...done } = r;
    await surfacing(decisions.recordSubtask({ kind: 'done', ...done, auditKey: auditKey(run, key), at: iso(virtualNow(run)) }));
    const sub = run.state.subtasks!.find((s) => s.id === r.subtaskId)!;
    sub.done = true;
    return { subtaskId: sub.id, assignmentId: sub.assignmentId, due: sub.due, done: true, progress: subtaskProgress(run.state.subtasks, r.assignmentId)! };
  });

  setHandler(calendarChangedSignal, () => {
    run.calendarStale = true;
    run.changed = true;
  });
  setHandler(ladderChangedSignal, () => {
    run.ladderStale = true;
    run.changed = true;
  });
}

/**
 * A report counts for the period periodAsked gives; its projection also owes the plan its rescoring. A repeat whose
 * answer this run no longer holds finds the first report in the database, and is answered with it.
 */
async function acceptReport(run: TMeasureRun, s: TProgressSubmission): Promise<TProgressAnswer> {
  const now = virtualNow(run);
  const { period, due } = periodAsked(run.state, s.assignmentId, shanghaiDate(now));
  // A cooperating unit's part sent to the lead unit waits for no review by the office: it counts for its unit (on
  // time or not) when it reaches the lead, whose own report consolidates it.
  const toLead = partReceiver(run.state, run.input.cycle.reportTo, s.assignmentId);
  const review = toLead === null && needsReview(run.input.cycle, s.status);
  const subtasks = subtaskProgress(run.state.subtasks, s.assignmentId);
  const routing = toLead ? { toLead } : consolidatesParts(run.state, run.input.cycle.reportTo, s.assignmentId) ? { consolidate: true } : {};
  const sent = { reportId: uuid4(), submission: s, period, dueAt: iso(periodClosedAt(due) - 1), submittedAt: iso(now), review, ...(subtasks ? { subtasks } : {}), ...routing };
  const stored = await surfacing(steps.recordProgressReport(sent));
  if (stored.recorded) {
    const held = { reportId: stored.reportId, assignmentId: s.assignmentId, period, status: s.status, percent: s.percent, at: now, ...(toLead ? { toLead: true as const } : {}) };
    run.state.reports.push(review ? { ...held, review: 'pending' } : held);
    run.state.reportsReceived += 1;
  }
  const [storedDue, submittedOn] = [shanghaiDate(Date.parse(stored.dueAt)), shanghaiDate(Date.parse(stored.submittedAt))];
  const workingDaysLate = run.cal ? workingDaysBetween(storedDue, submittedOn, run.cal) : 0;
  return { reportId: stored.reportId, period: stored.period, due: storedDue, workingDaysLate, measureStatus: run.state.status, awaitingReview: review };
}

/**
 * 审核: audited as a coordinator's action and projected onto the report. Accepted, the report counts (its lateness as
 * of when it was submitted); returned, the unit owes the period's report again by the rework deadline, in working days
 * from today, and the loop reminds and escalates against it.
 */
async function reviewReport(run: TMeasureRun, r: TReviewReport, requestKey: string): Promise<TReviewAnswer> {
  const report = run.state.reports.find((x) => x.reportId === r.reportId)!;
  // A review may reach a run in the instant it starts, before it has loaded the calendar the deadline is counted on.
  await condition(() => run.cal !== null);
  const reworkDue = r.decision === 'return' ? reworkDeadline(shanghaiDate(virtualNow(run)), r.reworkDays, run.cal!) : undefined;
  await applyAction(run, { actorId: r.actorId, reason: r.reason ?? '' }, requestKey, { action: 'review-report', reportId: report.reportId, decision: r.decision, reworkDue });
  report.review = r.decision === 'accept' ? 'accepted' : 'returned';
  if (reworkDue) report.reworkDue = reworkDue;
  return { reportId: report.reportId, review: report.review, reworkDue: reworkDue ?? null, auditKey: auditKey(run, requestKey) };
}

/**
 * 退回 by the lead unit: projected onto the part (with its letter to the cooperating unit and its audit record) as the
 * office's 退回 is; the part no longer counts, and the unit owes its period's part again by the rework deadline, against
 * which the loop chases it (within cycle.cooperatingChase).
 */
async function returnPart(run: TMeasureRun, r: TReturnPart, requestKey: string): Promise<TReviewAnswer> {
  const part = run.state.reports.find((x) => x.reportId === r.reportId)!;
  await condition(() => run.cal !== null);
  const reworkDue = reworkDeadline(shanghaiDate(virtualNow(run)), r.reworkDays, run.cal!);
  await applyAction(run, { actorId: r.actorId, reason: r.reason }, requestKey, { action: 'return-part', reportId: part.reportId, reworkDue });
  part.review = 'returned';
  part.reworkDue = reworkDue;
  return { reportId: part.reportId, review: 'returned', reworkDue, auditKey: auditKey(run, requestKey) };
}

/**
 * 领导批示: to the units named (every unit holding the measure when none are), replying by the date given or in the
 * working days given from today. Recorded with its audit record and mailed to each unit; the loop then reminds on the
 * deadline and tells the office of a unit that has not replied.
 */
async function issueInstruction(run: TMeasureRun, r: TIssueInstruction, requestKey: string): Promise<TInstructionAnswer> {
  // An instruction may reach a run in the instant it starts, before it has loaded the calendar its deadline is counted on.
  await condition(() => run.cal !== null);
  const now = virtualNow(run);
  const replyBy = replyDeadline(r, shanghaiDate(now), run.cal!);
  const assignmentIds = r.unitIds ? r.unitIds.map((u) => assignmentOfUnit(run.state, u)!.id) : run.state.assignments.filter((a) => a.active).map((a) => a.id);
  const instructionId = uuid4();
  const { measureId } = run.input;
  const key = auditKey(run, requestKey);
  await surfacing(decisions.recordInstruction({ auditKey: key, instructionId, measureId, leaderId: r.leaderId, actorId: r.actorId, text: r.text, replyBy, assignmentIds, at: iso(now) }));
  run.state.instructions = [...(run.state.instructions ?? []), { id: instructionId, replyBy, assignmentIds, replied: {} }];
  return { instructionId, replyBy, assignmentIds, auditKey: key };
}

/** 延期申请: recorded for the period it is about, with the email that tells the coordinating office. */
async function acceptExtensionRequest(run: TMeasureRun, r: TExtensionRequest): Promise<TExtensionAnswer> {
  const now = virtualNow(run);
  const { period, due } = periodAsked(run.state, r.assignmentId, shanghaiDate(now));
  const ext = { id: uuid4(), assignmentId: r.assignmentId, period, originalDue: due, requestedDue: r.requestedDue, status: 'pending' as const };
  const key = `${run.workflowId}:${ext.id}`;
  await surfacing(decisions.recordExtension({ kind: 'request', ...ext, key, reason: r.reason, requestedById: r.requestedBy, at: iso(now) }));
  run.state.extensions.push(ext);
  return { extensionId: ext.id, period, originalDue: due, requestedDue: ext.requestedDue, status: ext.status };
}

/** A decision on a 延期 request: audited as a coordinator's action, then recorded with the email that tells the unit. */
async function decideExtension(run: TMeasureRun, d: TExtensionDecision, requestKey: string): Promise<TExtensionAnswer> {
  const ext = run.state.extensions.find((e) => e.id === d.extensionId)!;
  const status = d.approve ? ('approved' as const) : ('refused' as const);
  const at = iso(virtualNow(run));
  const action = { action: 'decide-extension' as const, extensionId: ext.id, approve: d.approve };
  await applyAction(run, { actorId: d.decidedBy, reason: d.note ?? (d.approve ? '同意延期' : '不同意延期') }, requestKey, action, at);
  await decisions.recordExtension({ kind: 'decision', key: `${run.workflowId}:${ext.id}`, status, decidedById: d.decidedBy, note: d.note, at });
  ext.status = status;
  return { extensionId: ext.id, period: ext.period, originalDue: ext.originalDue, requestedDue: ext.requestedDue, status };
}

/** Where a coordinator's action is audited: one record per request, so a retried projection writes nothing twice. */
const auditKey = (run: TMeasureRun, requestKey: string) => `${run.workflowId}:${requestKey}`;

/** Projects a coordinator's action with its audit record, before the handler changes the state. */
function applyAction(run: TMeasureRun, by: { actorId: string; reason: string }, requestKey: string, action: TCoordinatorAction, at = iso(virtualNow(run))) {
  const { measureId } = run.input;
  return surfacing(decisions.applyCoordinatorAction({ auditKey: auditKey(run, requestKey), measureId, actorId: by.actorId, reason: by.reason, at, ...action }));
}

/**
 * An update whose payload the validator parses once, refuses by `refuse` before it enters history, and answers once
 * per request key: a repeat gets the first answer, even after the measure moved on.
 */
function onUpdate<T extends TKeyedRequest, R>(
  run: TMeasureRun,
  update: UpdateDefinition<R, [T]>,
  schema: z.ZodType<T>,
  refuse: (r: T) => TRefusal | null,
  work: (r: T, key: string) => Promise<R>,
): void {
  const keyOf = (r: T) => requestKey(update.name, r);
  setHandler(update, (r) => once(run, keyOf(r), () => work(r, keyOf(r))), {
    validator: (payload) => {
      const r = asSent(schema, payload);
      if (answered(run, keyOf(r))) return;
      const refused = refuse(r);
      if (refused) throw ApplicationFailure.create(refusalFailure(refused));
    },
  });
}

/** A coordinator's action (改派, 增减配合单位, 调整期限, 撤销): projected with its audit record by `apply`, answered with its audit key. */
function onAction<T extends { requestId: string; actorId: string; reason: string }>(
  run: TMeasureRun,
  update: UpdateDefinition<TActionAnswer, [T]>,
  schema: z.ZodType<T>,
  refuse: (r: T) => TRefusal | null,
  work: (r: T, apply: (action: TCoordinatorAction) => ReturnType<typeof applyAction>) => Promise<Omit<TActionAnswer, 'auditKey'>>,
): void {
  onUpdate(run, update, schema, refuse, async (r, key) => ({ ...(await work(r, (action) => applyAction(run, r, key, action))), auditKey: auditKey(run, key) }));
}

/**
 * The payload as the handler will read it. The validator runs only when an update first arrives, never on replay, so
 * it accepts a payload only if it is already its schema's output (defaults filled, text trimmed: what the services
 * send); the handler then reads the recorded payload as it is.
 */
function asSent<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  const issue = parsed.success ? differsAt(parsed.data, payload) : describeIssue(parsed.error);
  if (issue !== null) throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.invalidInput, { issue })));
  return parsed.data!;
}

/** Where a payload differs from its parsed form, or null when it is the same data. */
function differsAt(parsed: unknown, sent: unknown, path = '(root)'): string | null {
  if (typeof parsed !== 'object' || parsed === null || typeof sent !== 'object' || sent === null) {
    return Object.is(parsed, sent) ? null : `${path}: 须为校验后的值（默认值已补足、首尾空白已去除）`;
  }
  const keys = new Set([...Object.keys(parsed), ...Object.keys(sent)]);
  for (const k of keys) {
    const a = (parsed as Record<string, unknown>)[k];
    const b = (sent as Record<string, unknown>)[k];
    if (a === undefined && b === undefined) continue;
    const at = differsAt(a, b, path === '(root)' ? k : `${path}.${k}`);
    if (at !== null) return at;
  }
  return Array.isArray(parsed) === Array.isArray(sent) ? null : `${path}: 须为校验后的值`;
}
