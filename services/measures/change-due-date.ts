import type { Client } from '@temporalio/client';
import { ZChangeDueDateSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, changeDueDateUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfMeasure } from './measure-update';

/** 调整报送期限 / change the due date of one reporting period for every unit. Audited under the request id. */
export async function changeDueDate(db: Db, client: Client, measureId: string, raw: unknown): Promise<TActionAnswer> {
  const parsed = ZChangeDueDateSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(parsed.error)}`);
  return executeMeasureUpdate(client, await workflowIdOfMeasure(db, measureId), changeDueDateUpdate, parsed.data);
}
