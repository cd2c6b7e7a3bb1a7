import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { z } from 'zod';
import { ZClockSchema } from '../../domain/clock';
import { ZIsoDateSchema } from '../../domain/dates';
import { ZEscalationLadderSchema, type TEscalationLadderInput } from '../../domain/ladder';
import type {
  TAddCooperatingUnit,
  TCancelMeasure,
  TChangeDueDate,
  TExtensionDecision,
  TExtensionRequest,
  TReassignUnit,
  TRemoveCooperatingUnit,
} from '../../domain/measure-actions';
import type { TMeasureState } from '../../domain/measure-state';
import type { TProgressSubmissionInput } from '../../domain/progress';
import { ZReportingScheduleSchema } from '../../domain/schedule';

export const MEASURE_TASK_QUEUE = 'duban-measures';
/** The workflow function's name, its type in history. */
export const MEASURE_WORKFLOW_TYPE = 'measureWorkflow';

/** Business ids: starting the same measure twice is refused by Temporal, so a second launch starts nothing. */
export const measureWorkflowId = (planId: string, measureId: string) => `measure:${planId}:${measureId}`;

/** Measures rescore their plan after a report and at a period's close; histories recorded before that lack it. */
export const RECOMPUTE_SCORES_PATCH = 'recompute-scores-on-report';
/** A cancelled measure rescores its plan as it ends; histories recorded before that end without it. */
export const RESCORE_ON_CANCEL_PATCH = 'rescore-on-cancel';
/** A report is projected by a local activity; histories recorded before schedule a regular one. */
export const LOCAL_REPORT_PATCH = 'local-report-projection';
/**
 * A measure's own steps (set-up, notices, escalations, colour changes, completion) run as local activities, and the
 * assignment notices go out together; histories recorded before schedule each as a regular activity, one by one.
 */
export const LOCAL_STEPS_PATCH = 'local-steps';
/**
 * Reports, completions and coordinator actions owe the plan a rescoring in the database, which the worker's score
 * keeper pays (worker/score-keeper.ts); histories recorded before call the scoring activity after a report and on
 * cancellation.
 */
export const SCORES_KEPT_PATCH = 'scores-kept-by-worker';
/**
 * A measure continues as new at each period's close but the final one: past it, the run carries on with the overdue
 * steps. Histories recorded before start a run after the final close too.
 */
export const FINAL_CLOSE_STAYS_PATCH = 'final-close-stays';
/**
 * At a period's close a measure owes its plan scores as of the close, in the step that notices the close, and the
 * worker's score keeper pays; histories recorded before wait a spread moment and call the scoring activity.
 */
export const CLOSE_OWES_SCORES_PATCH = 'close-owes-scores';
/**
 * A final due date moved past its close reopens the period, and its new close owes the plan scores again; histories
 * recorded before score only the first close of a run.
 */
export const MOVED_CLOSE_RESCORES_PATCH = 'moved-close-rescores';

/**
 * A 延期 request is mailed to the coordinating office, and the decision to the unit, by the run after the update;
 * histories recorded before send neither.
 */
export const EXTENSION_MAIL_PATCH = 'extension-mail';

export { MEASURE_FAILURE, type TMeasureFailure } from '../../domain/measure-failures';

/** One input object; every threshold has a default so fields can be added without breaking running executions. */
export const ZMeasureWorkflowInputSchema = z.object({
  planId: z.string().min(1),
  measureId: z.string().min(1),
  startDate: ZIsoDateSchema.describe('the first day the measure runs (virtual, Asia/Shanghai)'),
  finalDue: ZIsoDateSchema.describe('the measure’s final due date'),
  schedule: ZReportingScheduleSchema.prefault({}),
  ladder: ZEscalationLadderSchema.prefault({}),
  clock: ZClockSchema.prefault({}),
  scoringSpreadMs: z
    .number()
    .int()
    .min(0)
    .default(30 * 60_000)
    .describe('virtual ms after a period closes over which the plan’s measures spread their rescoring, in runs from before CLOSE_OWES_SCORES_PATCH (domain/period-close-scoring)'),
  /** What an earlier run knew, when this run continues it. */
  carried: z
    .object({ state: z.custom<TMeasureState>((v) => typeof v === 'object' && v !== null), answers: z.record(z.string(), z.unknown()) })
    .optional(),
});
export type TMeasureWorkflowInput = z.input<typeof ZMeasureWorkflowInputSchema>;

export type TProgressAnswer = { reportId: string; period: string; due: string; workingDaysLate: number; measureStatus: TMeasureState['status'] };
export type TExtensionAnswer = { extensionId: string; period: string; originalDue: string; requestedDue: string; status: 'pending' | 'approved' | 'refused' };
export type TActionAnswer = { action: string; auditKey: string; assignmentId?: string };
export type TMeasureOutcome = { status: TMeasureState['status']; reports: number; escalations: number };

export type TMeasureView = TMeasureState & {
  now: string;
  assignmentsDue: { assignmentId: string; period: string; due: string; reported: boolean }[];
};

export const submitProgressUpdate = defineUpdate<TProgressAnswer, [TProgressSubmissionInput]>('submitProgress');
export const requestExtensionUpdate = defineUpdate<TExtensionAnswer, [TExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<TExtensionAnswer, [TExtensionDecision]>('decideExtension');
export const reassignUnitUpdate = defineUpdate<TActionAnswer, [TReassignUnit]>('reassignUnit');
export const addCooperatingUnitUpdate = defineUpdate<TActionAnswer, [TAddCooperatingUnit]>('addCooperatingUnit');
export const removeCooperatingUnitUpdate = defineUpdate<TActionAnswer, [TRemoveCooperatingUnit]>('removeCooperatingUnit');
export const changeDueDateUpdate = defineUpdate<TActionAnswer, [TChangeDueDate]>('changeDueDate');
export const cancelMeasureUpdate = defineUpdate<TActionAnswer, [TCancelMeasure]>('cancelMeasure');
export const measureStateQuery = defineQuery<TMeasureView>('measureState');
/** A coordinator changed the working-day calendar: the measure reloads it and counts its remaining steps on it. */
export const calendarChangedSignal = defineSignal('calendarChanged');
/** A coordinator changed the plan's reminder and escalation thresholds: the measure's remaining steps follow them. */
export const ladderChangedSignal = defineSignal<[TEscalationLadderInput]>('ladderChanged');
