import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Db } from '../../prisma/client';
import { calendarChangedSignal, ladderChangedSignal, measureWorkflowId } from '../../workflows/measure/definitions';
import type { TBroadcastMessage, TBroadcastOutcome } from '../../workflows/broadcast/definitions';

export function createTellOpenMeasures({ db, temporal }: { db: Db; temporal: Client }) {
  /**
   * The workflow ids of every measure of a launched plan (or of one) that is not done or cancelled, derived as at
   * launch: a measure whose workflow has started but not yet assigned its units is still a draft row and must hear of
   * a change too.
   */
  const openMeasureWorkflows = async (planId: string | undefined): Promise<string[]> => {
    const measures = await db.measure.findMany({
      where: { ...(planId ? { planId } : {}), plan: { status: 'launched' }, status: { notIn: ['done', 'cancelled'] } },
      select: { id: true, planId: true },
      orderBy: [{ planId: 'asc' }, { seq: 'asc' }],
    });
    return measures.map((m) => measureWorkflowId(m.planId, m.id));
  };

  return {
    /**
     * Signals every open measure that the calendar or its plan's thresholds changed, `concurrency` at a time. From
     * the client, not from the broadcast workflow: a workflow's signals each come back to it as events, so it could
     * only go on once the worker had run its task between the measures' own tasks, and with a bounded cache those
     * are replays (a calendar change to 2,000 open measures took minutes). A retry starts again from the batch its
     * heartbeat last recorded; a measure told twice reloads twice, which changes nothing.
     */
    tellOpenMeasures: async ({ planId, message, concurrency }: { planId?: string; message: TBroadcastMessage; concurrency: number }): Promise<TBroadcastOutcome> => {
      const ids = await openMeasureWorkflows(planId);
      const context = Context.current();
      const resumed = (context.info.heartbeatDetails as (TBroadcastOutcome & { next: number }) | undefined) ?? { next: 0, told: 0, closed: 0 };
      let { told, closed } = resumed;
      for (let i = resumed.next; i < ids.length; i += concurrency) {
        const sent = await Promise.allSettled(
          ids.slice(i, i + concurrency).map((id) => temporal.workflow.getHandle(id).signal(message.kind === 'calendar' ? calendarChangedSignal : ladderChangedSignal)),
        );
        for (const s of sent) {
          if (s.status === 'fulfilled') told++;
          // A measure that closed since the list was read has nothing left to count.
          else if (s.reason instanceof WorkflowNotFoundError) closed++;
          else throw s.reason;
        }
        context.heartbeat({ next: i + concurrency, told, closed });
      }
      return { told, closed };
    },
  };
}
