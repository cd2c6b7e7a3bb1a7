import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { MEASURE_FAILURE, MEASURE_FAILURE_TEXT, type TMeasureFailure } from '../../domain/measure-failures';
import { requestKey, type TKeyedRequest } from '../../domain/request-keys';
import { AppError, type TErrorCode } from '../../lib/errors';
import { say } from '../../lib/messages';
import { sayBoth, type TSay, type TText } from '../../lib/text';
import type { Db } from '../../prisma/client';
import { MEASURE_REF, type TMeasureRef } from '../access/scope';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { refuseIfPlanClosed } from '../plans/close-plan';

/** Raised here, not by the workflow: the measure's workflow is not running (never launched, or ended). */
const NOT_LAUNCHED = 'MeasureNotLaunched';

/** What each refusal is to the application (the API's status follows): a missing thing, a bad input, a conflict. */
const ERROR_CODE: Record<TMeasureFailure | typeof NOT_LAUNCHED, TErrorCode> = {
  [MEASURE_FAILURE.invalidInput]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownUnit]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownPerson]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownPeriod]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.dueDateBeforeToday]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unitAlreadyAssigned]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownAssignment]: 'NOT_FOUND',
  [MEASURE_FAILURE.unitNotAssigned]: 'NOT_FOUND',
  [MEASURE_FAILURE.unitNotCooperating]: 'NOT_FOUND',
  [MEASURE_FAILURE.unknownExtension]: 'NOT_FOUND',
  [MEASURE_FAILURE.measureNotFound]: 'NOT_FOUND',
  [MEASURE_FAILURE.measureClosed]: 'CONFLICT',
  [MEASURE_FAILURE.extensionTooLate]: 'CONFLICT',
  [MEASURE_FAILURE.extensionNotLater]: 'CONFLICT',
  [MEASURE_FAILURE.extensionPending]: 'CONFLICT',
  [MEASURE_FAILURE.extensionDecided]: 'CONFLICT',
  [MEASURE_FAILURE.noCoordinatorUnit]: 'CONFLICT',
  [MEASURE_FAILURE.unknownReport]: 'NOT_FOUND',
  [MEASURE_FAILURE.reportNotAwaitingReview]: 'CONFLICT',
  [MEASURE_FAILURE.reportAwaitingReview]: 'CONFLICT',
  [MEASURE_FAILURE.alreadyAcknowledged]: 'CONFLICT',
  [MEASURE_FAILURE.alreadyRefused]: 'CONFLICT',
  [MEASURE_FAILURE.assignmentNotRefused]: 'CONFLICT',
  [MEASURE_FAILURE.replyByBeforeToday]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownInstruction]: 'NOT_FOUND',
  [MEASURE_FAILURE.notInstructed]: 'FORBIDDEN',
  [MEASURE_FAILURE.alreadyReplied]: 'CONFLICT',
  [MEASURE_FAILURE.subtaskAfterAssignment]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.subtasksLeadOnly]: 'FORBIDDEN',
  [MEASURE_FAILURE.unknownSubtask]: 'NOT_FOUND',
  [MEASURE_FAILURE.subtaskDone]: 'CONFLICT',
  [MEASURE_FAILURE.notAPart]: 'NOT_FOUND',
  [MEASURE_FAILURE.partReturned]: 'CONFLICT',
  [MEASURE_FAILURE.partSuperseded]: 'CONFLICT',
  [NOT_LAUNCHED]: 'CONFLICT',
};
const isKnown = (type: string): type is keyof typeof ERROR_CODE => Object.hasOwn(ERROR_CODE, type);

/**
 * A refused measure action: `type` is one of MEASURE_FAILURE (or MeasureNotLaunched), said by its code in the reader's
 * language (domain/measure-failures.ts). `message` holds both languages, for the CLI and logs.
 */
export class MeasureActionError extends AppError {
  constructor(
    readonly type: string,
    said: TSay,
    message = sayBoth(said),
  ) {
    super(isKnown(type) ? ERROR_CODE[type] : 'UNPROCESSABLE', said);
    this.name = 'MeasureActionError';
    this.message = message;
  }

  /**
   * The workflow's refusal: its type is the code, its first detail the facts the sentence names
   * (domain/measure-failures refusalFailure). A failure of another kind keeps its own words.
   */
  static of(failure: ApplicationFailure): MeasureActionError {
    const type = failure.type ?? 'Error';
    const facts: unknown = failure.details?.[0];
    if (Object.hasOwn(MEASURE_FAILURE_TEXT, type) && facts && typeof facts === 'object') {
      return new MeasureActionError(type, { text: (MEASURE_FAILURE_TEXT[type as TMeasureFailure] as (p: unknown) => TText)(facts) });
    }
    return new MeasureActionError(type, { text: { zh: failure.message, en: failure.message } }, failure.message);
  }
}

/** The workflow a measure runs in: the one it was launched as, or the id its plan and measure ids derive. */
export function workflowIdOf(measure: TMeasureRef): string {
  return measure.workflowId ?? measureWorkflowId(measure.planId, measure.id);
}

export async function measureOfAssignment(db: Db, assignmentId: string): Promise<TMeasureRef> {
  const a = await db.assignment.findUnique({ where: { id: assignmentId }, select: { measure: { select: MEASURE_REF } } });
  if (!a) throw new MeasureActionError(MEASURE_FAILURE.unknownAssignment, { text: MEASURE_FAILURE_TEXT.UnknownAssignment({ assignmentId }) });
  return a.measure;
}

/**
 * One of the measure workflow's updates to `measure`. A measure of a closed plan is refused before its workflow is
 * asked: the plan is read-only. A measure whose workflow has ended is refused as the workflow refuses one that is
 * closed, naming why (done or cancelled), rather than as one never launched.
 */
export async function updateMeasure<Ret, Arg extends TKeyedRequest>(
  deps: { db: Db; client: Client },
  measure: TMeasureRef,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  await refuseIfPlanClosed(deps.db, measure.planId);
  try {
    return await executeMeasureUpdate(deps.client, workflowIdOf(measure), update, arg);
  } catch (err) {
    if (!(err instanceof MeasureActionError && err.type === NOT_LAUNCHED)) throw err;
    const { status } = await deps.db.measure.findUniqueOrThrow({ where: { id: measure.id }, select: { status: true } });
    if (status === 'done' || status === 'cancelled') {
      throw new MeasureActionError(MEASURE_FAILURE.measureClosed, { text: MEASURE_FAILURE_TEXT.MeasureClosed({ status }) });
    }
    throw err;
  }
}

/**
 * Executes one of the measure workflow's updates. Its update id is the request's key as the workflow scopes it
 * (domain/request-keys), so the server also folds concurrent repeats into one, and never another sender's request
 * under the same key. A refusal comes back as a MeasureActionError with the workflow's failure type.
 */
export async function executeMeasureUpdate<Ret, Arg extends TKeyedRequest>(
  client: Client,
  workflowId: string,
  update: UpdateDefinition<Ret, [Arg]>,
  arg: Arg,
): Promise<Ret> {
  const handle = client.workflow.getHandle(workflowId);
  const updateId = requestKey(update.name, arg);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await handle.executeUpdate(update, { args: [arg], updateId });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) throw MeasureActionError.of(err.cause);
      if (err instanceof WorkflowNotFoundError) {
        // An update that reaches a run in the instant it continues as new finds that run closed; the measure goes on
        // in the next run, which the same update id reaches safely.
        if (attempt < 5 && (await isRunning(client, workflowId))) {
          await new Promise((r) => setTimeout(r, 100 * attempt));
          continue;
        }
        throw new MeasureActionError(NOT_LAUNCHED, say('measureNotRunning'), `${sayBoth(say('measureNotRunning'))} (${workflowId})`);
      }
      throw err;
    }
  }
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
