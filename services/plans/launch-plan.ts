import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { toVirtual, ZClockSchema, type TClock } from '../../domain/clock';
import { planSettingsOf } from '../../domain/plan-settings';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { TSay } from '../../lib/text';
import type { Db } from '../../prisma/client';
import { LAUNCH_WORKFLOW_TYPE, launchProgressQuery, launchWorkflowId, type TLaunchInput, type TLaunchOutcome } from '../../workflows/launch/definitions';
import { MEASURE_TASK_QUEUE } from '../../workflows/measure/definitions';
import { settleLaunchDates, type TLaunchDatesChoice } from './launch-dates';

export type LaunchPlanOptions = {
  taskQueue?: string;
  /** Measure workflows started together; the dev server serialises writes to SQLite, so never thousands at once. */
  batch?: number;
  /** The measures' first day; default the launch's today in Shanghai, or the plan's first day if that is later. */
  startDate?: string;
  /** A plan whose dates are past: re-based to a year, or launched as is (services/plans/launch-dates). */
  dates?: TLaunchDatesChoice;
  /** Demo and tests: a compressed or shifted clock (see domain/clock). */
  clock?: Partial<TClock>;
  now?: () => Date;
  /** Who launched it, for the audit record: a person, or the command line, the demo, a benchmark. */
  actor?: { id: string | null; label: string };
};

export type LaunchPlanResult = TLaunchOutcome;

/** A launch as its followers see it: how many of the measures' workflows have started, and how it ended. */
export type TPlanLaunch = {
  planId: string;
  workflowId: string;
  state: 'running' | 'completed' | 'failed';
  /** The plan's measures, once the launch has listed them. */
  total: number | null;
  /** Measure workflows started by this launch or found running; null while the worker cannot be asked. */
  done: number | null;
  started: number | null;
  alreadyRunning: number | null;
  /** Why it failed, when it did. */
  failure: string | null;
};

/** Why a plan in this status is not launched (closed or discarded), or null when it may be. */
export function closedPlanRefusal(status: string): TSay | null {
  return status === 'closed' ? say('planClosed') : status === 'cancelled' ? say('planCancelled') : null;
}

/**
 * The plan to launch, with its measures, once what the person launching can fix is ruled out: no such plan, a plan
 * closed or discarded, measures with no unit while the plan has no coordinator unit. The CLI asks this before it
 * looks for a Temporal server, so a mistyped id is told as such.
 */
export async function launchablePlan(db: Db, planId: string) {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: {
      measures: { where: { status: { not: 'cancelled' } }, orderBy: { seq: 'asc' }, include: { parties: true } },
    },
  });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlanId', { planId }));
  const closed = closedPlanRefusal(plan.status);
  if (closed) throw new AppError('CONFLICT', closed);
  if (!plan.coordinatorUnitId) {
    const orphans = plan.measures.filter((m) => m.responsibility === 'unspecified' || m.parties.length === 0 || m.parties.some((p) => !p.unitId && !p.groupId));
    if (orphans.length) {
      throw new AppError('UNPROCESSABLE', say('noCoordinatorUnit', { n: orphans.length, refs: orphans.slice(0, 5).map((m) => m.ref) }));
    }
  }
  return plan;
}

/**
 * Starts the plan's launch (workflows/launch), or joins the one under way: one MeasureWorkflow per measure, started by
 * a durable workflow so that no restart leaves a plan half launched. What the person launching can fix is refused
 * here, before anything starts. Returns the launch's workflow id and the plan's measures.
 */
export async function startPlanLaunch(db: Db, client: Client, planId: string, options: LaunchPlanOptions = {}): Promise<{ workflowId: string; measures: number }> {
  const plan = await launchablePlan(db, planId);
  const now = (options.now ?? (() => new Date()))();
  const actor = options.actor ?? { id: null, label: 'cli' };
  // The launch's today: the virtual one when the clock is given whole (the demo, tests), else the wall clock's.
  const today = options.clock?.virtualStartMs !== undefined ? shanghaiDate(toVirtual(now.getTime(), ZClockSchema.parse({ realStartMs: now.getTime(), ...options.clock }))) : shanghaiDate(now);
  const firstDay = () => planSettingsOf(plan, ['period']).period.from;
  const wanted = options.startDate ?? (today > firstDay() ? today : firstDay());
  if (plan.status === 'draft') {
    await settleLaunchDates(db, { planId, today, startDate: wanted, choice: options.dates, actor });
    const settled = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { period: true, year: true } });
    plan.period = settled.period;
    plan.year = settled.year;
  }
  const startDate = options.startDate ?? (today > firstDay() ? today : firstDay());
  const clock = ZClockSchema.parse({ realStartMs: now.getTime(), virtualStartMs: options.clock?.dayMs ? shanghaiMidnight(startDate) : now.getTime(), ...options.clock });
  const input: TLaunchInput = { planId, startDate, clock, actor, ...(options.batch ? { batch: options.batch } : {}) };
  const workflowId = launchWorkflowId(planId);
  try {
    await client.workflow.start(LAUNCH_WORKFLOW_TYPE, { workflowId, taskQueue: options.taskQueue ?? MEASURE_TASK_QUEUE, args: [input] });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  // The launch's first step does the same; doing it here too shows the plan launched at once, worker or not.
  if (plan.status === 'draft') await db.plan.updateMany({ where: { id: planId, status: 'draft' }, data: { status: 'launched', launchedAt: now, clock } });
  return { workflowId, measures: plan.measures.length };
}

/** How long a reader waits for the Temporal server, or a worker, to answer about a launch. */
const ASK_MS = 3_000;

/**
 * Where the plan's latest launch is, or null if it was never launched. Progress comes from the launch itself, asked
 * within a few seconds: a launch whose worker is away is reported running with its counts unknown. A server that
 * does not answer in that time is an error (the API's 503), not a wait.
 */
export async function readPlanLaunch(client: Client, planId: string): Promise<TPlanLaunch | null> {
  const workflowId = launchWorkflowId(planId);
  const handle = client.workflow.getHandle(workflowId);
  let status: string;
  try {
    status = (await client.connection.withDeadline(Date.now() + ASK_MS, () => handle.describe())).status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
  const base = { planId, workflowId, failure: null };
  if (status === 'RUNNING') {
    try {
      const p = await client.connection.withDeadline(Date.now() + ASK_MS, () => handle.query(launchProgressQuery));
      return { ...base, state: 'running', total: p.total, done: p.done, started: p.started, alreadyRunning: p.alreadyRunning };
    } catch {
      return { ...base, state: 'running', total: null, done: null, started: null, alreadyRunning: null };
    }
  }
  try {
    const o = await handle.result();
    return { ...base, state: 'completed', total: o.measures, done: o.started + o.alreadyRunning, started: o.started, alreadyRunning: o.alreadyRunning };
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    // The reason is the innermost cause: a failed step's own message, not the activity or workflow wrapped around it.
    let reason: Error = err;
    while (reason.cause instanceof Error) reason = reason.cause;
    return { ...base, state: 'failed', total: null, done: null, started: null, alreadyRunning: null, failure: reason.message };
  }
}

type TFollowOptions = {
  onProgress?: (done: number, total: number) => void;
  /** Called once if the launch makes no progress for `stallMs` (default 15 s): no worker may be running. */
  onStall?: () => void;
  stallMs?: number;
  pollMs?: number;
};

/**
 * Follows the plan's launch until it ends, calling `onProgress` as more measure workflows start. Polls (describe and
 * query) rather than waiting on the result, so a time-skipping test server is never told it may skip ahead meanwhile.
 */
export async function followPlanLaunch(
  client: Client,
  planId: string,
  options: TFollowOptions = {},
): Promise<LaunchPlanResult> {
  let said = 0;
  let movedAt = Date.now();
  let stalled = false;
  for (;;) {
    const launch = await readPlanLaunch(client, planId);
    if (!launch) throw new AppError('NOT_FOUND', say('noLaunchOf', { planId }));
    if (launch.state === 'failed') throw new AppError('UNPROCESSABLE', say('launchFailed', { failure: launch.failure ?? '' }));
    if (launch.done !== null && launch.total !== null && launch.done > said) {
      said = launch.done;
      movedAt = Date.now();
      options.onProgress?.(launch.done, launch.total);
    } else if (!stalled && launch.state === 'running' && Date.now() - movedAt > (options.stallMs ?? 15_000)) {
      stalled = true;
      options.onStall?.();
    }
    if (launch.state === 'completed') return { planId, measures: launch.total ?? 0, started: launch.started ?? 0, alreadyRunning: launch.alreadyRunning ?? 0 };
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
}

/** Launches the plan and waits until every measure's workflow has started: the command line, the demo, tests. */
export async function launchPlan(
  db: Db,
  client: Client,
  planId: string,
  options: LaunchPlanOptions & Pick<TFollowOptions, 'onProgress' | 'onStall'> = {},
): Promise<LaunchPlanResult> {
  await startPlanLaunch(db, client, planId, options);
  return followPlanLaunch(client, planId, { onProgress: options.onProgress, onStall: options.onStall });
}
