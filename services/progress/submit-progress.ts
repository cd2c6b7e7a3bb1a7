import type { Client } from '@temporalio/client';
import { describeIssue, ZProgressSubmissionSchema, type TProgressSubmissionInput } from '../../domain/progress';
import type { Db } from '../../prisma/client';
import { MEASURE_FAILURE, submitProgressUpdate, type TProgressAnswer } from '../../workflows/measure/definitions';
import { executeMeasureUpdate, MeasureActionError, workflowIdOfAssignment } from '../measures/measure-update';

/**
 * Submits a progress report to its measure's workflow, with the same schema the workflow's validator runs.
 * `workflowId`: given by a caller that has already read the assignment's measure (the API, checking scope).
 */
export async function submitProgress(
  db: Db,
  client: Client,
  raw: TProgressSubmissionInput | unknown,
  known: { workflowId?: string } = {},
): Promise<TProgressAnswer> {
  const parsed = ZProgressSubmissionSchema.safeParse(raw);
  if (!parsed.success) throw new MeasureActionError(MEASURE_FAILURE.invalidInput, `进展报告无效 / invalid report: ${describeIssue(parsed.error)}`);
  const s = parsed.data;
  const workflowId = known.workflowId ?? (await workflowIdOfAssignment(db, s.assignmentId));
  return executeMeasureUpdate(client, workflowId, submitProgressUpdate, s);
}
