import { startPlanLaunch, type TPlanLaunch } from '../../services/plans/launch-plan';
import { closedPlanMessage } from '../../workflows/launch/definitions';
import { AppError } from '../errors';
import type { TDeps } from '../route';
import { readWarnings, reviewWarnings } from '../views/warnings';

/**
 * Starts a reviewed plan's launch: refused while any parser warning is open; then a durable workflow starts one
 * MeasureWorkflow per measure. Launching again starts nothing new (the workflow ids are the plan's and measures' ids).
 */
export async function launchReviewedPlan(deps: TDeps, actorId: string, planId: string): Promise<TPlanLaunch> {
  const plan = await deps.db.plan.findUniqueOrThrow({
    where: { id: planId },
    include: { measures: { select: { ref: true, parties: { select: { role: true, unitId: true, groupId: true } } } } },
  });
  // A closed or discarded plan is told as such, not as one with warnings left to resolve.
  const closed = closedPlanMessage(plan.status);
  if (closed) throw new AppError('CONFLICT', closed);
  const open = reviewWarnings(readWarnings(plan.warnings), plan.measures).filter((w) => w.state === 'open');
  if (open.length) {
    throw new AppError(
      'PLAN_NOT_READY',
      `还有 ${open.length} 条提示未处理，处理后方可启动 / ${open.length} warnings are still open: resolve them before launch`,
      open.map((w) => ({ index: w.index, code: w.code, ref: w.ref, message: w.message })),
    );
  }
  if (!deps.temporal) throw new AppError('WORKFLOWS_UNAVAILABLE');
  const demoDay = deps.config.DUBAN_DEMO_DAY_SECONDS;
  const { workflowId, measures } = await startPlanLaunch(deps.db, deps.temporal, planId, {
    taskQueue: deps.config.TEMPORAL_TASK_QUEUE,
    ...(demoDay ? { clock: { dayMs: demoDay * 1000 } } : {}),
    actor: { id: actorId, label: 'web' },
  });
  // Just started (or joined): how far it is, the launch itself answers at GET /api/plans/:id/launch.
  return { planId, workflowId, state: 'running', total: measures, done: null, started: null, alreadyRunning: null, failure: null };
}
