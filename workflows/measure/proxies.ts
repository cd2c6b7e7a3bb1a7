import { ActivityFailure, ApplicationFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { TActivities } from '../../activities';

/*
 * Each proxy names the only activities it may call, so an activity cannot be given another's timeout and retries by
 * picking the wrong variable.
 */

/** The database may be away for a while: retried with backoff for as long as it takes. */
const DATABASE_RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' } as const;

/**
 * A measure's own steps (set-up, a report's projection, colour changes, completion, a period's close, the messages
 * its steps owe) run as local activities, in the worker that holds the workflow: one workflow task per step instead
 * of a round trip through the activity queue, which is what lets a plan launch and its reminders fall due at the pace
 * of the database, and lets the person who reports wait for one task. Each is a short idempotent write; a step's
 * message is written to the outbox (with the step's record where there is one) and sent by the worker's dispatcher,
 * so no step waits on a mail server. Past a few seconds of failures the retries wait in timers, so an outage does
 * not hold the workflow's task.
 */
export const steps = proxyLocalActivities<
  Pick<
    TActivities,
    | 'loadCalendar'
    | 'loadPlanLadder'
    | 'assignUnits'
    | 'recordProgressReport'
    | 'recordColourChange'
    | 'closeMeasure'
    | 'owePlanScoresAtClose'
    | 'sendNotice'
    | 'sendAcknowledgeChase'
    | 'sendInstructionChase'
    | 'sendSubtaskChase'
    | 'escalateAssignment'
  >
>({ startToCloseTimeout: '30s', localRetryThreshold: '10s', retry: DATABASE_RETRY });

/**
 * A coordinator's decision, a 延期 request (with the email it owes), a 签收 and a 批示 or its reply, projected (with
 * their audit records) by regular activities.
 */
export const decisions = proxyActivities<
  Pick<TActivities, 'applyCoordinatorAction' | 'recordExtension' | 'recordAcknowledgement' | 'recordInstruction' | 'recordInstructionReply' | 'recordSubtask'>
>({
  startToCloseTimeout: '30s',
  retry: DATABASE_RETRY,
});

/** An activity's business failure reaches the caller of an update as itself, not wrapped. */
export async function surfacing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
      const { type, message, details } = err.cause;
      throw ApplicationFailure.create({ type: type ?? undefined, message, details: details ? [...details] : undefined, nonRetryable: true });
    }
    throw err;
  }
}
