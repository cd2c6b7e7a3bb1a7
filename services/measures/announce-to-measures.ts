import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { BROADCAST_WORKFLOW_TYPE, broadcastWorkflowId, type TBroadcastInput } from '../../workflows/broadcast/definitions';

/**
 * Starts the workflow that tells running measures of a change (workflows/broadcast); a change announced twice is
 * announced once. Returns the workflow's id.
 */
export async function announceToMeasures(temporal: { client: Client; taskQueue: string }, input: TBroadcastInput): Promise<string> {
  const workflowId = broadcastWorkflowId(input.changeId);
  try {
    await temporal.client.workflow.start(BROADCAST_WORKFLOW_TYPE, { workflowId, taskQueue: temporal.taskQueue, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return workflowId;
}
