import type { Client } from '@temporalio/client';
import { ZReassignUnitSchema } from '../../domain/measure-actions';
import { describeIssue } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, reassignUnitUpdate, type TActionAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfMeasure } from './measure-update';

/** 改派责任单位 / reassign a unit: the old assignment is cancelled and the new unit is notified. Audited under the request id. */
export async function reassignUnit(db: Db, client: Client, measureId: string, raw: unknown): Promise<TActionAnswer> {
  const parsed = ZReassignUnitSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(parsed.error)}`);
  return executeMeasureUpdate(client, await workflowIdOfMeasure(db, measureId), reassignUnitUpdate, parsed.data);
}
