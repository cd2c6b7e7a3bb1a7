import type { Client } from '@temporalio/client';
import { ZExtensionDecisionSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { decideExtensionUpdate, MEASURE_FAILURE, type TExtensionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfAssignment } from './measure-update';

/** A coordinator approves or refuses a 延期 request; refused, lateness still counts from the original date. */
export async function decideExtension(db: Db, client: Client, raw: unknown): Promise<TExtensionAnswer> {
  const parsed = ZExtensionDecisionSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `审批无效 / invalid decision: ${describeIssue(parsed.error)}`);
  const ext = await db.extension.findUnique({ where: { id: parsed.data.extensionId }, select: { assignmentId: true } });
  if (!ext) throw new MeasureActionError(MEASURE_FAILURE.unknownExtension, `无此延期申请 / no extension ${parsed.data.extensionId}`);
  const workflowId = await workflowIdOfAssignment(db, ext.assignmentId);
  return executeMeasureUpdate(client, workflowId, decideExtensionUpdate, parsed.data);
}
