import { MEASURE_FAILURE, refusal, type TRefusal } from './measure-failures';
import { awaitingReview, effectiveDue, periodForReport } from './measure-rules';
import type { TSubtaskState } from './subtasks';
import type { TAssignmentState, TMeasureState } from './measure-state';

/*
 * What a running measure accepts from people, one rule per request: each returns the refusal to answer with, or null
 * when the request may go ahead. The workflow runs them in its updates' validators, so a refused request leaves no
 * trace in history; `today` is the measure's own date (Asia/Shanghai, on its clock).
 */

/** A closed measure takes nothing more. */
export function refuseWhenClosed(state: TMeasureState): TRefusal | null {
  return state.status === 'active' ? null : refusal(MEASURE_FAILURE.measureClosed, { status: state.status });
}

/** The unit's assignment on this measure while it holds one. */
export const assignmentOfUnit = (state: TMeasureState, unitId: string): TAssignmentState | undefined =>
  state.assignments.find((a) => a.unitId === unitId && a.active);

/** A unit's request comes from an active assignment of an open measure. */
function refuseUnitRequest(state: TMeasureState, r: { assignmentId: string }): TRefusal | null {
  if (state.status !== 'active') return refuseWhenClosed(state);
  const holds = state.assignments.some((a) => a.id === r.assignmentId && a.active);
  return holds ? null : refusal(MEASURE_FAILURE.unknownAssignment, { assignmentId: r.assignmentId });
}

/**
 * A report comes from an active assignment of an open measure, and not while the unit's last report waits for the
 * office's review: the review says which period the next one is for (the same, returned; the next, accepted).
 */
export function refuseReport(state: TMeasureState, r: { assignmentId: string }): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  const waiting = awaitingReview(state, r.assignmentId);
  return waiting ? refusal(MEASURE_FAILURE.reportAwaitingReview, { reportId: waiting.reportId }) : null;
}

/** 签收: by the unit, once, while it holds the assignment on an open measure. */
export function refuseAcknowledge(state: TMeasureState, r: { assignmentId: string }): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  const held = state.assignments.find((a) => a.id === r.assignmentId)!;
  if (held.acknowledgedAt !== undefined) return refusal(MEASURE_FAILURE.alreadyAcknowledged, { assignmentId: r.assignmentId });
  // A refused assignment waits for the office: confirmed, it may be acknowledged; reassigned, it is no longer the unit's.
  return held.refused ? refusal(MEASURE_FAILURE.alreadyRefused, { assignmentId: r.assignmentId }) : null;
}

/** 拒签: by the unit, before it acknowledges, once until the office decides. */
export const refuseRefusal = refuseAcknowledge;

/** The office confirms a refused assignment: the unit holds it still, and refused it. (改派 is reassign-unit.) */
export function refuseConfirmAssignment(state: TMeasureState, r: { unitId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const held = assignmentOfUnit(state, r.unitId);
  if (!held) return refusal(MEASURE_FAILURE.unitNotAssigned, { unitId: r.unitId });
  return held.refused ? null : refusal(MEASURE_FAILURE.assignmentNotRefused, { unitId: r.unitId });
}

/** 催办 by hand: every unit named holds an assignment on the open measure. */
export function refuseChase(state: TMeasureState, r: { unitIds: string[] }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const missing = r.unitIds.find((u) => !assignmentOfUnit(state, u));
  return missing === undefined ? null : refusal(MEASURE_FAILURE.unitNotAssigned, { unitId: missing });
}

/** 审核: a report of this measure that waits for the office's review is accepted or returned once. */
export function refuseReview(state: TMeasureState, r: { reportId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const report = state.reports.find((x) => x.reportId === r.reportId);
  if (!report) return refusal(MEASURE_FAILURE.unknownReport, { reportId: r.reportId });
  return report.review === 'pending' ? null : refusal(MEASURE_FAILURE.reportNotAwaitingReview, { reportId: r.reportId, review: report.review ?? 'none' });
}

/**
 * 退回 by the lead unit: a cooperating unit's part sent to the lead, returned once, and only the unit's latest part
 * (a newer one supersedes it: that is the one to return).
 */
export function refuseReturnPart(state: TMeasureState, r: { reportId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const part = state.reports.find((x) => x.reportId === r.reportId);
  if (!part) return refusal(MEASURE_FAILURE.unknownReport, { reportId: r.reportId });
  if (!part.toLead || !state.assignments.some((a) => a.id === part.assignmentId && a.active)) return refusal(MEASURE_FAILURE.notAPart, { reportId: r.reportId });
  if (part.review === 'returned') return refusal(MEASURE_FAILURE.partReturned, { reportId: r.reportId });
  const latest = state.reports.findLast((x) => x.assignmentId === part.assignmentId)!;
  return latest === part ? null : refusal(MEASURE_FAILURE.partSuperseded, { reportId: r.reportId, latestId: latest.reportId });
}

/** The period a unit's report or 延期 request made on `today` is for, and the due date in force for that unit. */
export function periodAsked(state: TMeasureState, assignmentId: string, today: string): { period: string; due: string } {
  const p = periodForReport(state, assignmentId, today);
  return { period: p.key, due: effectiveDue(state, assignmentId, p) };
}

/** 延期: asked by the unit before its report is due, for a later date, one request at a time for a period. */
export function refuseExtensionRequest(state: TMeasureState, r: { assignmentId: string; requestedDue: string }, today: string): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  const { period, due } = periodAsked(state, r.assignmentId, today);
  if (today > due) return refusal(MEASURE_FAILURE.extensionTooLate, { period, due });
  if (r.requestedDue <= due) return refusal(MEASURE_FAILURE.extensionNotLater, { period, due, requestedDue: r.requestedDue });
  const pending = state.extensions.some((e) => e.assignmentId === r.assignmentId && e.period === period && e.status === 'pending');
  return pending ? refusal(MEASURE_FAILURE.extensionPending, { period }) : null;
}

/** A 延期 request is decided once. */
export function refuseExtensionDecision(state: TMeasureState, d: { extensionId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const ext = state.extensions.find((e) => e.id === d.extensionId);
  if (!ext) return refusal(MEASURE_FAILURE.unknownExtension, { extensionId: d.extensionId });
  return ext.status === 'pending' ? null : refusal(MEASURE_FAILURE.extensionDecided, { extensionId: ext.id, status: ext.status });
}

/** 改派: from a unit that holds the measure to one that does not. */
export function refuseReassign(state: TMeasureState, r: { fromUnitId: string; toUnitId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  if (!assignmentOfUnit(state, r.fromUnitId)) return refusal(MEASURE_FAILURE.unitNotAssigned, { unitId: r.fromUnitId });
  return assignmentOfUnit(state, r.toUnitId) ? refusal(MEASURE_FAILURE.unitAlreadyAssigned, { unitId: r.toUnitId }) : null;
}

/** 增加配合单位: a unit that does not already hold the measure. */
export function refuseAddCooperating(state: TMeasureState, r: { unitId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  return assignmentOfUnit(state, r.unitId) ? refusal(MEASURE_FAILURE.unitAlreadyAssigned, { unitId: r.unitId }) : null;
}

/** 减少配合单位: only a cooperating unit; the lead is reassigned instead. */
export function refuseRemoveCooperating(state: TMeasureState, r: { unitId: string }): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  return assignmentOfUnit(state, r.unitId)?.role === 'cooperating' ? null : refusal(MEASURE_FAILURE.unitNotCooperating, { unitId: r.unitId });
}

/**
 * 调整期限: a period of this measure, to today or later. A date already past would make every unit overdue at once and
 * send every escalation step together.
 */
export function refuseDueDateChange(state: TMeasureState, r: { period: string; due: string }, today: string): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  if (!state.periods.some((p) => p.key === r.period)) {
    return refusal(MEASURE_FAILURE.unknownPeriod, { period: r.period, periods: state.periods.map((p) => p.key) });
  }
  return r.due < today ? refusal(MEASURE_FAILURE.dueDateBeforeToday, { period: r.period, due: r.due, today }) : null;
}

/** 撤销: while the measure is open. */
export const refuseCancel = (state: TMeasureState): TRefusal | null => refuseWhenClosed(state);

/** 领导批示: on an open measure, to units that hold it, with a reply deadline not before today. */
export function refuseInstruction(state: TMeasureState, r: { unitIds?: string[]; replyBy?: string }, today: string): TRefusal | null {
  const refused = refuseWhenClosed(state);
  if (refused) return refused;
  const missing = (r.unitIds ?? []).find((u) => !assignmentOfUnit(state, u));
  if (missing !== undefined) return refusal(MEASURE_FAILURE.unitNotAssigned, { unitId: missing });
  return r.replyBy !== undefined && r.replyBy < today ? refusal(MEASURE_FAILURE.replyByBeforeToday, { replyBy: r.replyBy, today }) : null;
}

/** 落实情况: once per unit the instruction was sent to, while the unit holds the measure. */
export function refuseInstructionReply(state: TMeasureState, r: { instructionId: string; assignmentId: string }): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  const ins = (state.instructions ?? []).find((i) => i.id === r.instructionId);
  if (!ins) return refusal(MEASURE_FAILURE.unknownInstruction, { instructionId: r.instructionId });
  const facts = { instructionId: r.instructionId, assignmentId: r.assignmentId };
  if (!ins.assignmentIds.includes(r.assignmentId)) return refusal(MEASURE_FAILURE.notInstructed, facts);
  return ins.replied[r.assignmentId] === undefined ? null : refusal(MEASURE_FAILURE.alreadyReplied, facts);
}

/** The day an assignment is due: its final period's date in force for the unit (moved, extended or reworked). */
export function assignmentDue(state: TMeasureState, assignmentId: string): string {
  return effectiveDue(state, assignmentId, state.periods.at(-1)!);
}

/** 分解: by the lead unit holding the measure, due no later than its assignment and not before today. */
export function refuseSubtask(state: TMeasureState, r: { assignmentId: string; due: string }, today: string): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  if (state.assignments.find((a) => a.id === r.assignmentId)!.role !== 'lead') return refusal(MEASURE_FAILURE.subtasksLeadOnly, { assignmentId: r.assignmentId });
  const by = assignmentDue(state, r.assignmentId);
  if (r.due > by) return refusal(MEASURE_FAILURE.subtaskAfterAssignment, { due: r.due, assignmentDue: by });
  return r.due < today ? refusal(MEASURE_FAILURE.dueDateBeforeToday, { period: state.periods.at(-1)!.key, due: r.due, today }) : null;
}

/** A sub-task of the unit's own assignment, done once. */
export function refuseSubtaskDone(state: TMeasureState, r: { assignmentId: string; subtaskId: string }): TRefusal | null {
  const refused = refuseUnitRequest(state, r);
  if (refused) return refused;
  const sub: TSubtaskState | undefined = (state.subtasks ?? []).find((s) => s.id === r.subtaskId && s.assignmentId === r.assignmentId);
  if (!sub) return refusal(MEASURE_FAILURE.unknownSubtask, { subtaskId: r.subtaskId });
  return sub.done ? refusal(MEASURE_FAILURE.subtaskDone, { subtaskId: r.subtaskId }) : null;
}
