import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { UpdateDefinition } from '@temporalio/common';
import { requestKey, type TKeyedRequest } from '../../domain/request-keys';
import { UserError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, measureWorkflowId } from '../../workflows/measure/definitions';

/** A refused measure action: `type` is one of MEASURE_FAILURE (or MeasureNotLaunched), for the API to map. */
export class MeasureActionError extends UserError {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = 'MeasureActionError';
  }
}

/** The workflow a measure runs in: the one it was launched as, or the id its plan and measure ids derive. */
export function workflowIdOf(measure: { id: string; planId: string; workflowId: string | null }): string {
  return measure.workflowId ?? measureWorkflowId(measure.planId, measure.id);
}

const MEASURE_IDS = { id: true, planId: true, workflowId: true } as const;

export async function workflowIdOfMeasure(db: Db, measureId: string): Promise<string> {
  const m = await db.measure.findUnique({ where: { id: measureId }, select: MEASURE_IDS });
  if (!m) throw new MeasureActionError(MEASURE_FAILURE.measureNotFound, `任务不存在 / no measure ${measureId}`);
  return workflowIdOf(m);
}

export async function workflowIdOfAssignment(db: Db, assignmentId: string): Promise<string> {
  const a = await db.assignment.findUnique({ where: { id: assignmentId }, select: { measure: { select: MEASURE_IDS } } });
  if (!a) throw new MeasureActionError(MEASURE_FAILURE.unknownAssignment, `分工不存在 / no assignment ${assignmentId}`);
  return workflowIdOf(a.measure);
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
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        throw new MeasureActionError(err.cause.type ?? 'Error', err.cause.message);
      }
      if (err instanceof WorkflowNotFoundError) {
        // An update that reaches a run in the instant it continues as new finds that run closed; the measure goes on
        // in the next run, which the same update id reaches safely.
        if (attempt < 5 && (await isRunning(client, workflowId))) {
          await new Promise((r) => setTimeout(r, 100 * attempt));
          continue;
        }
        throw new MeasureActionError('MeasureNotLaunched', `任务尚未启动或已结束 / measure workflow ${workflowId} is not running`);
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
