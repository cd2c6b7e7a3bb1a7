import type { Client } from '@temporalio/client';
import { ZExtensionRequestSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, requestExtensionUpdate, type TExtensionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfAssignment } from './measure-update';

/** 延期申请: a unit asks, before its report is due, for a later date. */
export async function requestExtension(db: Db, client: Client, raw: unknown, known: { workflowId?: string } = {}): Promise<TExtensionAnswer> {
  const parsed = ZExtensionRequestSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `延期申请无效 / invalid request: ${describeIssue(parsed.error)}`);
  const workflowId = known.workflowId ?? (await workflowIdOfAssignment(db, parsed.data.assignmentId));
  return executeMeasureUpdate(client, workflowId, requestExtensionUpdate, parsed.data);
}
