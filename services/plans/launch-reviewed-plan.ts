import { readWarnings, reviewWarnings } from '../../domain/plan-warnings';
import type { TClock } from '../../domain/clock';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { findPlanFor, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { shanghaiDate } from '../../calendar/working-days';
import { pastDatesRefusal, type TLaunchDatesChoice } from './launch-dates';
import { closedPlanRefusal, startPlanLaunch, type TPlanLaunch } from './launch-plan';

/**
 * A coordinator launches a plan they reviewed: refused while any parser warning is open; then a durable workflow
 * starts one MeasureWorkflow per measure. Launching again starts nothing new (the workflow ids are the plan's and
 * measures' ids). `clock`: the demo's compressed days. `dates`: for a plan whose dates are past, re-based or as is
 * (refused without either, naming the dates).
 */
export async function launchReviewedPlan(
  deps: Pick<TServiceDeps, 'db' | 'temporal'>,
  person: TPerson,
  planId: string,
  options: { clock?: Partial<TClock>; dates?: TLaunchDatesChoice } = {},
): Promise<TPlanLaunch> {
  const { id } = await findPlanFor(deps.db, person, planId);
  const plan = await deps.db.plan.findUniqueOrThrow({
    where: { id },
    include: { measures: { select: { ref: true, parties: { select: { role: true, unitId: true, groupId: true } } } } },
  });
  // A closed or discarded plan is told as such, not as one with warnings left to resolve.
  const closed = closedPlanRefusal(plan.status);
  if (closed) throw new AppError('CONFLICT', closed);
  const open = reviewWarnings(readWarnings(plan.warnings), plan.measures).filter((w) => w.state === 'open');
  if (open.length) {
    throw new AppError(
      'PLAN_NOT_READY',
      say('warningsOpen', { n: open.length }),
      open.map((w) => ({ index: w.index, code: w.code, ref: w.ref, message: w.message })),
    );
  }
  // Past dates with no way chosen are told before the workflow service is looked for, as on the command line.
  if (plan.status === 'draft') {
    const refusal = await pastDatesRefusal(deps.db, id, shanghaiDate(new Date()), options.dates);
    if (refusal) throw refusal;
  }
  const temporal = temporalOf(deps);
  const { workflowId, measures } = await startPlanLaunch(deps.db, temporal.client, id, {
    taskQueue: temporal.taskQueue,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.dates ? { dates: options.dates } : {}),
    actor: { id: person.id, label: 'web' },
  });
  // Just started (or joined): how far it is, the launch itself answers at GET /api/plans/:id/launch.
  return { planId: id, workflowId, state: 'running', total: measures, done: null, started: null, alreadyRunning: null, failure: null };
}
