import { ApplicationFailure } from '@temporalio/activity';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { shanghaiDate } from '../../calendar/working-days';
import type { TClock } from '../../domain/clock';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { planSettingsOf } from '../../domain/plan-settings';
import { closedPlanMessage, LAUNCH_FAILURE } from '../../workflows/launch/definitions';
import { MEASURE_WORKFLOW_TYPE, measureWorkflowId, type TMeasureWorkflowInput } from '../../workflows/measure/definitions';
import type { TActivityDeps } from '../deps';

export type TOpenedLaunch = { measureIds: string[] };
export type TStartedBatch = { started: number; alreadyRunning: number };

/** Measure workflows started at once from one batch. */
const START_CONCURRENCY = 8;

/**
 * The steps of a plan's launch (workflows/launch): the database's part, and starting the measures' workflows. Those
 * are started by a client, not as the launch's children: a measure outlives its launch by a year and answers to no
 * parent (and the time-skipping test server stops skipping time for children of a closed parent, sdk-java#1540).
 */
export function createLaunchSteps({ db, clock, temporal }: Pick<TActivityDeps, 'db' | 'clock'> & { temporal: Client }) {
  return {
    /**
     * Moves a draft plan to launched, with the clock its measures run on, so its settings and measures are no longer
     * edited as a draft while their workflows start, and lists the measures to start, in plan order. Running it again
     * changes nothing.
     */
    async openPlanLaunch({ planId, clock: measureClock }: { planId: string; clock?: TClock }): Promise<TOpenedLaunch> {
      return db.$transaction(async (tx) => {
        const plan = await tx.plan.findUnique({ where: { id: planId }, select: { status: true } });
        if (!plan) throw ApplicationFailure.create({ type: LAUNCH_FAILURE.planNotFound, nonRetryable: true, message: `计划不存在 / no plan ${planId}` });
        const closed = closedPlanMessage(plan.status);
        if (closed) throw ApplicationFailure.create({ type: LAUNCH_FAILURE.planClosed, nonRetryable: true, message: closed });
        if (plan.status === 'draft') await tx.plan.update({ where: { id: planId }, data: { status: 'launched', launchedAt: clock(), clock: measureClock } });
        const measures = await tx.measure.findMany({ where: { planId, status: { not: 'cancelled' } }, orderBy: { seq: 'asc' }, select: { id: true } });
        return { measureIds: measures.map((m) => m.id) };
      });
    },

    /**
     * Starts these measures' workflows, a few at a time (the dev server serialises writes), each with its final due
     * date, its own schedule or the plan's, and the plan's ladder as they stand now (a threshold changed while a large
     * plan launches reaches the measures not yet started this way, and the ones already running by the change's
     * broadcast). A workflow id already taken counts as already running, unless this launch took it (its memo says
     * so): a retried call after a crash counts what it started before as started.
     */
    async startMeasureWorkflows(input: { launchKey: string; planId: string; measureIds: string[]; startDate: string; clock: TClock; taskQueue: string }): Promise<TStartedBatch> {
      const { planId, startDate } = input;
      const plan = await db.plan.findUniqueOrThrow({ where: { id: planId }, select: { schedule: true, ladder: true, cycle: true } });
      const { schedule, ladder, cycle } = planSettingsOf(plan, ['schedule', 'ladder', 'cycle']);
      const measures = await db.measure.findMany({ where: { planId, id: { in: input.measureIds } }, select: { id: true, due: true, schedule: true } });
      const inputs = measures.map(
        (m): TMeasureWorkflowInput => ({
          planId,
          measureId: m.id,
          startDate,
          finalDue: shanghaiDate(m.due),
          schedule: m.schedule ? ZReportingScheduleSchema.parse(m.schedule) : schedule,
          ladder,
          cycle,
          clock: input.clock,
        }),
      );
      const outcome: TStartedBatch = { started: 0, alreadyRunning: 0 };
      const startOne = async (args: TMeasureWorkflowInput) => {
        const workflowId = measureWorkflowId(planId, args.measureId);
        try {
          await temporal.workflow.start(MEASURE_WORKFLOW_TYPE, {
            workflowId,
            taskQueue: input.taskQueue,
            args: [args],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            memo: { launch: input.launchKey },
          });
          outcome.started += 1;
        } catch (err) {
          if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
          const { memo } = await temporal.workflow.getHandle(workflowId).describe();
          if (memo?.launch === input.launchKey) outcome.started += 1;
          else outcome.alreadyRunning += 1;
        }
      };
      for (let i = 0; i < inputs.length; i += START_CONCURRENCY) await Promise.all(inputs.slice(i, i + START_CONCURRENCY).map(startOne));
      return outcome;
    },

    /**
     * The launch's audit record, whoever launched it (page, API, command line, demo), once per launch (`key`: a
     * retried call writes nothing); a repeat that started nothing is not news, a plan of no measures is.
     */
    async closePlanLaunch(input: {
      key: string;
      planId: string;
      started: number;
      alreadyRunning: number;
      actor: { id: string | null; label: string };
    }): Promise<void> {
      if (input.started === 0 && input.alreadyRunning > 0) return;
      await db.auditEvent.createMany({
        skipDuplicates: true,
        data: {
          key: input.key,
          actorId: input.actor.id,
          actorLabel: input.actor.label,
          action: 'plan.launch',
          subjectType: 'plan',
          subjectId: input.planId,
          planId: input.planId,
          data: { started: input.started, alreadyRunning: input.alreadyRunning },
        },
      });
    },
  };
}
