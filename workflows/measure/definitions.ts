import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { ZClockSchema } from '../../domain/clock';
import { ZIsoDateSchema } from '../../domain/dates';
import { ZEscalationLadderSchema } from '../../domain/ladder';
import type {
  TAddCooperatingUnit,
  TCancelMeasure,
  TChangeDueDate,
  TChaseUnits,
  TCloseMeasure,
  TConfirmAssignment,
  TExtensionDecision,
  TExtensionRequest,
  TReassignUnit,
  TRemoveCooperatingUnit,
  TReturnPart,
  TReviewReport,
} from '../../domain/measure-actions';
import type { TAcknowledge, TRefuseAssignment } from '../../domain/acknowledgement';
import type { TIssueInstruction, TReplyInstruction } from '../../domain/instructions';
import type { TAddSubtask, TSubtaskDone } from '../../domain/subtasks';
import type { TMeasureState } from '../../domain/measure-state';
import type { TProgressSubmission } from '../../domain/progress';
import { ZOfficeCycleSchema } from '../../domain/office-cycle';
import { ZReportingScheduleSchema } from '../../domain/schedule';

export const MEASURE_TASK_QUEUE = 'duban-measures';
/** The workflow function's name, its type in history. */
export const MEASURE_WORKFLOW_TYPE = 'measureWorkflow';

/** Business ids: starting the same measure twice is refused by Temporal, so a second launch starts nothing. */
export const measureWorkflowId = (planId: string, measureId: string) => `measure:${planId}:${measureId}`;

export { MEASURE_FAILURE, type TMeasureFailure } from '../../domain/measure-failures';

/** One input object; every threshold has a default so fields can be added without breaking running executions. */
export const ZMeasureWorkflowInputSchema = z.object({
  planId: z.string().min(1),
  measureId: z.string().min(1),
  startDate: ZIsoDateSchema.describe('the first day the measure runs (virtual, Asia/Shanghai)'),
  finalDue: ZIsoDateSchema.describe('the measure’s final due date'),
  schedule: ZReportingScheduleSchema.prefault({}),
  ladder: ZEscalationLadderSchema.prefault({}),
  cycle: ZOfficeCycleSchema.prefault({}),
  clock: ZClockSchema.prefault({}),
  /** What an earlier run knew, when this run continues it. */
  carried: z
    .object({
      state: z.custom<TMeasureState>((v) => typeof v === 'object' && v !== null),
      /** The answers a retry may still ask for, by request key (domain/measure-carry). */
      answers: z.array(z.tuple([z.string(), z.object({ at: z.number(), answer: z.unknown() })])),
    })
    .optional(),
});
export type TMeasureWorkflowInput = z.input<typeof ZMeasureWorkflowInputSchema>;
export type TMeasureInput = z.output<typeof ZMeasureWorkflowInputSchema>;

/** `awaitingReview`: the report waits for the office's review (审核) before it counts. */
export type TProgressAnswer = { reportId: string; period: string; due: string; workingDaysLate: number; measureStatus: TMeasureState['status']; awaitingReview: boolean };
export type TAcknowledgeAnswer = { assignmentId: string; acknowledgedAt: string };
/** A review's outcome; a returned report's unit reports again by `reworkDue`. */
export type TReviewAnswer = { reportId: string; review: 'accepted' | 'returned'; reworkDue: string | null; auditKey: string };
export type TExtensionAnswer = { extensionId: string; period: string; originalDue: string; requestedDue: string; status: 'pending' | 'approved' | 'refused' };
export type TActionAnswer = { action: string; auditKey: string; assignmentId?: string };
/** A 批示 as the measure holds it: the units it awaits and their reply deadline. */
export type TInstructionAnswer = { instructionId: string; replyBy: string; assignmentIds: string[]; auditKey: string };
export type TInstructionReplyAnswer = { instructionId: string; assignmentId: string; repliedAt: string };
/** A sub-task as the measure holds it, and the unit's progress on its sub-tasks since. */
export type TSubtaskAnswer = { subtaskId: string; assignmentId: string; due: string; done: boolean; progress: { done: number; total: number } };
export type TMeasureOutcome = { status: TMeasureState['status']; reports: number; escalations: number };

export type TMeasureView = TMeasureState & {
  now: string;
  assignmentsDue: { assignmentId: string; period: string; due: string; reported: boolean }[];
};

/*
 * Each update's argument is its schema's output, as the services send it: the workflow's validator refuses anything
 * else, so its handler, which runs without the validator on replay, reads the recorded argument as typed.
 */
export const submitProgressUpdate = defineUpdate<TProgressAnswer, [TProgressSubmission]>('submitProgress');
export const requestExtensionUpdate = defineUpdate<TExtensionAnswer, [TExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<TExtensionAnswer, [TExtensionDecision]>('decideExtension');
export const reassignUnitUpdate = defineUpdate<TActionAnswer, [TReassignUnit]>('reassignUnit');
export const addCooperatingUnitUpdate = defineUpdate<TActionAnswer, [TAddCooperatingUnit]>('addCooperatingUnit');
export const removeCooperatingUnitUpdate = defineUpdate<TActionAnswer, [TRemoveCooperatingUnit]>('removeCooperatingUnit');
export const changeDueDateUpdate = defineUpdate<TActionAnswer, [TChangeDueDate]>('changeDueDate');
export const cancelMeasureUpdate = defineUpdate<TActionAnswer, [TCancelMeasure]>('cancelMeasure');
/** 签收: the unit acknowledges its assignment, naming its 责任领导 and 经办人. */
export const acknowledgeAssignmentUpdate = defineUpdate<TAcknowledgeAnswer, [TAcknowledge]>('acknowledgeAssignment');
/** 审核: the coordinating office accepts (通过) or returns (退回) a report waiting for its review. */
export const reviewReportUpdate = defineUpdate<TReviewAnswer, [TReviewReport]>('reviewReport');
/**
 * 退回 by the lead unit (cycle.reportTo = lead): a cooperating unit's part goes back for rework by a deadline, against
 * which the unit is chased. Named apart from every activity, so a history's update and activity names never read alike.
 */
export const returnPartToCooperatingUpdate = defineUpdate<TReviewAnswer, [TReturnPart]>('returnPartToCooperating');
/** 拒签: the unit refuses its assignment with a reason; its clock stands still until the office decides. */
export const refuseAssignmentUpdate = defineUpdate<TActionAnswer, [TRefuseAssignment]>('refuseAssignment');
/** The office confirms a refused assignment (the other decision, 改派, is reassignUnit). */
export const confirmAssignmentUpdate = defineUpdate<TActionAnswer, [TConfirmAssignment]>('confirmAssignment');
/** 催办 by hand: the office's own words to units of the measure. */
export const chaseUnitsUpdate = defineUpdate<TActionAnswer, [TChaseUnits]>('chaseUnits');
/** 办结销号 by a coordinator, with a reason: the measure is done. Named apart from the `closeMeasure` activity, which
 * records any completion, so a history's update and activity names never read alike. */
export const closeMeasureByOfficeUpdate = defineUpdate<TActionAnswer, [TCloseMeasure]>('closeMeasureByOffice');
/** 领导批示: a leader of the office (or a coordinator for one) instructs units of the measure, who reply by a deadline. */
export const issueInstructionUpdate = defineUpdate<TInstructionAnswer, [TIssueInstruction]>('issueInstruction');
/** 落实情况: a unit's reply to a 批示 sent to it. */
export const replyInstructionUpdate = defineUpdate<TInstructionReplyAnswer, [TReplyInstruction]>('replyInstruction');
/** 分解: the lead unit gives part of its assignment to a section or person, due no later than the assignment. */
export const addSubtaskUpdate = defineUpdate<TSubtaskAnswer, [TAddSubtask]>('addSubtask');
/** A sub-task done: its reminders stop, and the unit's reports carry its progress. */
export const completeSubtaskUpdate = defineUpdate<TSubtaskAnswer, [TSubtaskDone]>('completeSubtask');
export const measureStateQuery = defineQuery<TMeasureView>('measureState');
/** A coordinator changed the working-day calendar: the measure reloads it and counts its remaining steps on it. */
export const calendarChangedSignal = defineSignal('calendarChanged');
/** A coordinator changed the plan's reminder and escalation thresholds: the measure reads them and its remaining steps follow them. */
export const ladderChangedSignal = defineSignal('ladderChanged');
