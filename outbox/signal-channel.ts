import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { BROADCAST_WORKFLOW_TYPE, broadcastWorkflowId, ZAnnouncementSchema, type TBroadcastInput } from '../workflows/broadcast/definitions';
import type { TChannelAdapter } from './channels';

/**
 * Telling running measures of a change (a new calendar, a plan's new thresholds): the delivery starts the change's
 * broadcast workflow (workflows/broadcast), which signals every open measure durably, so it is delivered once Temporal
 * has accepted the start. The workflow id is the change's and is never reused: a delivery sent again (a crash before
 * the mark, a lease run out) starts nothing twice, even after the broadcast has finished.
 */
export function signalChannel(temporal: { client: Client; taskQueue: string }): TChannelAdapter {
  return {
    channel: 'signal',
    concurrency: 4,
    maxItems: 1,
    compose: ([m]) => ({ subject: '', html: '', text: '', payload: ZAnnouncementSchema.parse(m!.facts) }),
    async deliver(d, { deadline }) {
      const { changeId, planId, kind } = ZAnnouncementSchema.parse(d.payload);
      const workflowId = broadcastWorkflowId(changeId);
      const input: TBroadcastInput = { changeId, ...(planId ? { planId } : {}), message: { kind } };
      try {
        await temporal.client.withDeadline(deadline, () =>
          temporal.client.workflow.start(BROADCAST_WORKFLOW_TYPE, { workflowId, taskQueue: temporal.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE' }),
        );
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      return { receipt: workflowId };
    },
  };
}
