import type { Client } from '@temporalio/client';
import { ZRemoveCooperatingUnitSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, removeCooperatingUnitUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfMeasure } from './measure-update';

/** 移除配合单位 / remove a cooperating unit; it is chased no more. Audited under the request id. */
export async function removeCooperatingUnit(db: Db, client: Client, measureId: string, raw: unknown): Promise<TActionAnswer> {
  const parsed = ZRemoveCooperatingUnitSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(parsed.error)}`);
  return executeMeasureUpdate(client, await workflowIdOfMeasure(db, measureId), removeCooperatingUnitUpdate, parsed.data);
}
