import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import {
  LEADER_SUMMARY_WORKFLOW_ID,
  LEADER_SUMMARY_WORKFLOW_TYPE,
  ZLeaderSummaryWorkflowInputSchema,
  type TLeaderSummaryWorkflowInput,
} from '../../workflows/leader-summary/definitions';

/**
 * Makes sure the leaders' summary workflow runs: starts it, or finds it already running (its id is fixed), so the
 * worker or `duban up` can call this on every start.
 */
export async function startLeaderSummaries(
  client: Client,
  options: { taskQueue: string; input?: TLeaderSummaryWorkflowInput },
): Promise<{ workflowId: string; started: boolean }> {
  const input = ZLeaderSummaryWorkflowInputSchema.parse(options.input ?? {});
  try {
    await client.workflow.start(LEADER_SUMMARY_WORKFLOW_TYPE, {
      workflowId: LEADER_SUMMARY_WORKFLOW_ID,
      taskQueue: options.taskQueue,
      args: [input],
    });
    return { workflowId: LEADER_SUMMARY_WORKFLOW_ID, started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { workflowId: LEADER_SUMMARY_WORKFLOW_ID, started: false };
  }
}
