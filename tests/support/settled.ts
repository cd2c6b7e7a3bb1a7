import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../prisma/client';
import { measureWorkflowId } from '../../workflows/measure/definitions';

/**
 * Whether nothing is under way: every workflow named, and every measure's, is closed (or was never started) or waits
 * on a timer or a message with no task or activity in flight, and the outbox holds nothing unsent (no message waiting
 * for its delivery, no delivery waiting for its next attempt). Once it holds, mail a test
 * does not expect would have arrived, until the clock moves again: the condition to wait on instead of "letting
 * strays arrive".
 */
export async function isSettled(client: Client, db: Db, workflowIds: string[] = []): Promise<boolean> {
  const measures = await db.measure.findMany({ select: { id: true, planId: true, workflowId: true } });
  for (const id of [...workflowIds, ...measures.map((m) => m.workflowId ?? measureWorkflowId(m.planId, m.id))]) {
    if (!(await isIdle(client, id))) return false;
  }
  const [messages, deliveries] = await Promise.all([db.outboxMessage.count({ where: { status: 'pending' } }), db.outboxDelivery.count({ where: { status: 'pending' } })]);
  return messages + deliveries === 0;
}

/**
 * A workflow (its latest run) does nothing until a timer fires or a message arrives: it is closed, or its last
 * workflow task has completed and no activity is pending. Local activities run inside a workflow task, so a task
 * started and not completed covers them.
 */
async function isIdle(client: Client, workflowId: string): Promise<boolean> {
  const handle = client.workflow.getHandle(workflowId);
  let described;
  try {
    described = await handle.describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return true;
    throw err;
  }
  if (described.status.name !== 'RUNNING') return true;
  if ((described.raw.pendingActivities ?? []).length > 0) return false;
  const events = (await handle.fetchHistory()).events ?? [];
  const lastTask = events.findLast(
    (e) =>
      e.workflowTaskScheduledEventAttributes ||
      e.workflowTaskStartedEventAttributes ||
      e.workflowTaskCompletedEventAttributes ||
      e.workflowTaskFailedEventAttributes ||
      e.workflowTaskTimedOutEventAttributes,
  );
  return Boolean(lastTask?.workflowTaskCompletedEventAttributes);
}
