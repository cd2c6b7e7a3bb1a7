import type { Client } from '@temporalio/client';
import { ZCancelMeasureSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, cancelMeasureUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfMeasure } from './measure-update';

/** 撤销任务 / cancel the measure: its workflow ends and no one is chased. Audited under the request id. */
export async function cancelMeasure(db: Db, client: Client, measureId: string, raw: unknown): Promise<TActionAnswer> {
  const parsed = ZCancelMeasureSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(parsed.error)}`);
  return executeMeasureUpdate(client, await workflowIdOfMeasure(db, measureId), cancelMeasureUpdate, parsed.data);
}
