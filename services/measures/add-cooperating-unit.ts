import type { Client } from '@temporalio/client';
import { ZAddCooperatingUnitSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, addCooperatingUnitUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfMeasure } from './measure-update';

/** 增加配合单位 / add a cooperating unit, which is notified. Audited under the request id. */
export async function addCooperatingUnit(db: Db, client: Client, measureId: string, raw: unknown): Promise<TActionAnswer> {
  const parsed = ZAddCooperatingUnitSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(parsed.error)}`);
  return executeMeasureUpdate(client, await workflowIdOfMeasure(db, measureId), addCooperatingUnitUpdate, parsed.data);
}
