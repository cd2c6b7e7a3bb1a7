import { CancelledFailure, WorkflowNotFoundError } from '@temporalio/common';
import { z } from 'zod';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { sayIn } from '../../lib/text';
import type { Db, Prisma } from '../../prisma/client';
import { measureWorkflowId } from '../../workflows/measure/definitions';
import { planToday, type TAssessmentActor } from '../assessment/assessment-year';
import type { TAuditAction } from '../audit-actions';
import type { TTemporal } from '../deps';

type Tx = Prisma.TransactionClient;

export const ZClosePlanSchema = z.object({
  reason: z.string().trim().min(1).max(2000).describe('why the office closes the plan now, kept with the plan and in its audit log'),
});
export type TClosePlan = z.input<typeof ZClosePlanSchema>;

/** What a close leaves to do once committed: the workflows of the measures it recorded as 未办结, to be ended. */
export type TClosed = { planId: string; closedAt: Date; unfinished: { measureId: string; workflowId: string }[] };

/**
 * A coordinator closes a launched plan whose period is over, with a reason. The caller has checked the person
 * coordinates the plan. See closePlanIn for what a close records and endMeasureWorkflows for what it ends.
 */
export async function closePlan(
  deps: { db: Db; temporal: TTemporal | null; now: () => Date },
  planId: string,
  input: TClosePlan,
  actor: TAssessmentActor,
): Promise<{ planId: string; status: 'closed'; closedAt: string; unfinished: number }> {
  const { reason } = ZClosePlanSchema.parse(input);
  const closed = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Plan" WHERE "id" = ${planId} FOR UPDATE`;
    return closePlanIn(tx, planId, reason, actor, deps.now());
  });
  await endMeasureWorkflows(deps.temporal, closed);
  return { planId, status: 'closed', closedAt: closed.closedAt.toISOString(), unfinished: closed.unfinished.length };
}

/**
 * Closes the plan inside the caller's transaction, which holds the plan's row: refused unless it is launched and its
 * period is over on its clock (the plan's today is after the period's last day). The plan becomes `closed` with when,
 * who and why; every measure not 办结 (status `active`, the only status that claims neither 办结 nor 撤销) keeps that
 * status — it was not done and is not cancelled, so scoring still counts it as unfinished — and is recorded in the
 * audit log as 未办结 at close. Audited.
 */
export async function closePlanIn(tx: Tx, planId: string, reason: string, actor: TAssessmentActor, at: Date): Promise<TClosed> {
  const plan = await tx.plan.findUnique({ where: { id: planId }, select: { status: true, period: true, year: true, clock: true, closedAt: true } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  if (plan.status === 'closed') throw new AppError('CONFLICT', say('planReadOnly', { date: plan.closedAt ? planToday(plan.clock, plan.closedAt) : '' }));
  if (plan.status !== 'launched') throw new AppError('CONFLICT', say('planNotRunningToClose'));
  const { period } = planSettingsOf(plan, ['period']);
  if (planToday(plan.clock, at) <= period.to) throw new AppError('CONFLICT', say('planPeriodNotOver', { to: period.to }));

  await tx.plan.update({ where: { id: planId }, data: { status: 'closed', closedAt: at, closedById: actor.id, closeReason: reason } });
  const open = await tx.measure.findMany({ where: { planId, status: 'active' }, select: { id: true, ref: true, workflowId: true }, orderBy: { id: 'asc' } });
  await tx.auditEvent.create({
    data: {
      actorId: actor.id,
      actorLabel: actor.label,
      action: 'plan.closed' satisfies TAuditAction,
      subjectType: 'plan',
      subjectId: planId,
      planId,
      data: { reason, periodTo: period.to, unfinished: open.length },
    },
  });
  if (open.length) {
    await tx.auditEvent.createMany({
      data: open.map((m) => ({
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'measure.unfinished_at_close' satisfies TAuditAction,
        subjectType: 'measure',
        subjectId: m.id,
        planId,
        data: { ref: m.ref },
      })),
    });
  }
  return { planId, closedAt: at, unfinished: open.map((m) => ({ measureId: m.id, workflowId: m.workflowId ?? measureWorkflowId(planId, m.id) })) };
}

/**
 * At 定稿 of the plan's last year, when its period is over on its clock, the plan closes with it (inside 定稿's
 * transaction, which holds the plan's row); otherwise nothing happens and null comes back.
 */
export async function closePlanAtFinal(tx: Tx, planId: string, year: number, actor: TAssessmentActor, at: Date): Promise<TClosed | null> {
  const plan = await tx.plan.findUniqueOrThrow({ where: { id: planId }, select: { status: true, period: true, year: true, clock: true } });
  const { period } = planSettingsOf(plan, ['period']);
  if (plan.status !== 'launched' || year !== Math.max(...periodYears(period)) || planToday(plan.clock, at) <= period.to) return null;
  return closePlanIn(tx, planId, sayIn(say('planClosedAtFinal', { year, to: period.to }), 'zh'), actor, at);
}

/**
 * Ends the closed plan's running measure workflows by asking Temporal to cancel them: each stops chasing at once and
 * ends as cancelled, with no further step. A workflow already ended is passed over. Without a workflow service (a
 * read-only app) there is nothing running to end from here.
 */
export async function endMeasureWorkflows(temporal: TTemporal | null, closed: TClosed): Promise<void> {
  if (!temporal) return;
  for (const { workflowId } of closed.unfinished) {
    try {
      await temporal.client.workflow.getHandle(workflowId).cancel();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError || err instanceof CancelledFailure)) throw err;
    }
  }
}

/** Refused once the plan is closed: a closed plan is read, never changed. */
export async function refuseIfPlanClosed(db: Db | Tx, planId: string): Promise<void> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { status: true, closedAt: true, clock: true } });
  if (plan?.status === 'closed') throw new AppError('CONFLICT', say('planReadOnly', { date: plan.closedAt ? planToday(plan.clock, plan.closedAt) : '' }));
}
