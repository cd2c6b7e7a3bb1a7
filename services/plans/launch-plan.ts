import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { shanghaiDate, shanghaiMidnight } from '../../calendar/working-days';
import { ZClockSchema, type TClock } from '../../domain/clock';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { UserError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import { planSettingsOf } from './plan-settings';
import { MEASURE_TASK_QUEUE, MEASURE_WORKFLOW_TYPE, measureWorkflowId, type TMeasureWorkflowInput } from '../../workflows/measure/definitions';

export type LaunchPlanOptions = {
  taskQueue?: string;
  /** Workflow starts in flight at once: the dev server serialises writes to SQLite. */
  concurrency?: number;
  /** The measures' first day; default today in Shanghai, or 1 January of the plan's year if that is later. */
  startDate?: string;
  /** Demo and tests: a compressed or shifted clock (see domain/clock). */
  clock?: Partial<TClock>;
  now?: () => Date;
  /** Called as workflows start (new or already running), for progress on a large plan. */
  onProgress?: (done: number, total: number) => void;
  /** Who launched it, for the audit record: a person, or the command line, the demo, a benchmark. */
  actor?: { id: string | null; label: string };
};

export type LaunchPlanResult = { planId: string; measures: number; started: number; alreadyRunning: number; workflowIds: string[] };

/**
 * Starts one MeasureWorkflow per measure of the plan. Workflow ids come from plan and measure ids and a closed id is
 * never reused, so launching again starts nothing new. Sets the plan launched.
 */
export async function launchPlan(db: Db, client: Client, planId: string, options: LaunchPlanOptions = {}): Promise<LaunchPlanResult> {
  const plan = await db.plan.findUnique({
    where: { id: planId },
    include: {
      measures: { where: { status: { not: 'cancelled' } }, orderBy: { seq: 'asc' }, include: { parties: true } },
    },
  });
  if (!plan) throw new UserError(`计划不存在 / no plan ${planId}`);
  if (plan.status === 'cancelled' || plan.status === 'closed') throw new UserError(`计划已${plan.status === 'closed' ? '关闭' : '撤销'} / the plan is ${plan.status}`);
  if (!plan.coordinatorUnitId) {
    const orphans = plan.measures.filter((m) => m.responsibility === 'unspecified' || m.parties.length === 0 || m.parties.some((p) => !p.unitId && !p.groupId));
    if (orphans.length) {
      throw new UserError(
        `计划未设牵头协调单位，${orphans.length} 项任务无法交办（${orphans.slice(0, 5).map((m) => m.ref).join('、')}）/ ` +
          'the plan has no coordinator unit for measures with no resolved responsible unit',
      );
    }
  }
  const now = (options.now ?? (() => new Date()))();
  const yearStart = `${plan.year}-01-01`;
  const startDate = options.startDate ?? (shanghaiDate(now) > yearStart ? shanghaiDate(now) : yearStart);
  const clock = ZClockSchema.parse({ realStartMs: now.getTime(), virtualStartMs: options.clock?.dayMs ? shanghaiMidnight(startDate) : now.getTime(), ...options.clock });
  const { schedule: planSchedule, ladder } = planSettingsOf(plan);

  const inputs = plan.measures.map((m): TMeasureWorkflowInput => ({
    planId,
    measureId: m.id,
    startDate,
    finalDue: shanghaiDate(m.due),
    schedule: m.schedule ? ZReportingScheduleSchema.parse(m.schedule) : planSchedule,
    ladder,
    clock,
  }));
  let started = 0;
  let alreadyRunning = 0;
  let next = 0;
  const taskQueue = options.taskQueue ?? MEASURE_TASK_QUEUE;
  const startOne = async () => {
    while (next < inputs.length) {
      const input = inputs[next++]!;
      try {
        await client.workflow.start(MEASURE_WORKFLOW_TYPE, {
          workflowId: measureWorkflowId(planId, input.measureId),
          taskQueue,
          args: [input],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        started += 1;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        alreadyRunning += 1;
      }
      options.onProgress?.(started + alreadyRunning, inputs.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, inputs.length)) }, startOne));
  // Audited however it was launched (page, API, command line, demo); a repeat that started nothing is not news.
  await db.$transaction([
    ...(plan.status === 'draft' ? [db.plan.update({ where: { id: planId }, data: { status: 'launched', launchedAt: now } })] : []),
    ...(started > 0 || plan.status === 'draft'
      ? [
          db.auditEvent.create({
            data: {
              actorId: options.actor?.id ?? null,
              actorLabel: options.actor?.label ?? 'cli',
              action: 'plan.launch',
              subjectType: 'plan',
              subjectId: planId,
              planId,
              data: { started, alreadyRunning },
            },
          }),
        ]
      : []),
  ]);
  return { planId, measures: inputs.length, started, alreadyRunning, workflowIds: inputs.map((i) => measureWorkflowId(planId, i.measureId)) };
}
