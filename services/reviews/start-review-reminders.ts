import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  REVIEW_REMINDERS_WORKFLOW_ID,
  REVIEW_REMINDERS_WORKFLOW_TYPE,
  ZReviewRemindersWorkflowInputSchema,
  type TReviewRemindersWorkflowInput,
} from '../../workflows/review-reminders/definitions';

/**
 * Makes sure the offices' daily review reminders run: starts the workflow, or finds it running (its id is fixed), so
 * every worker and `duban up` can call this on start and only one runs.
 */
export async function startReviewReminders(
  client: Client,
  options: { taskQueue: string; input?: TReviewRemindersWorkflowInput },
): Promise<{ workflowId: string; started: boolean }> {
  const input = ZReviewRemindersWorkflowInputSchema.parse(options.input ?? {});
  try {
    await client.workflow.start(REVIEW_REMINDERS_WORKFLOW_TYPE, { workflowId: REVIEW_REMINDERS_WORKFLOW_ID, taskQueue: options.taskQueue, args: [input] });
    return { workflowId: REVIEW_REMINDERS_WORKFLOW_ID, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { workflowId: REVIEW_REMINDERS_WORKFLOW_ID, started: false };
  }
}
