import { allHandlersFinished, condition, continueAsNew, log, workflowInfo } from '@temporalio/workflow';
import { calendarFromDays, shanghaiDate } from '../../calendar/working-days';
import { realDuration } from '../../domain/clock';
import { isEscalation } from '../../domain/ladder';
import { instructionStepKey } from '../../domain/instructions';
import { subtaskStepKey } from '../../domain/subtasks';
import { acknowledgeStepKey, countEscalations, currentPeriod, decideNext, runClose, stepKey, type TMeasureAction } from '../../domain/measure-rules';
import { periodClosedAt } from '../../domain/schedule';
import { steps } from './proxies';
import { ZMeasureWorkflowInputSchema, type TMeasureOutcome, type TMeasureWorkflowInput } from './definitions';
import { registerHandlers } from './handlers';
import { carried, hold, iso, periodsView, startRun, virtualNow, type TMeasureRun } from './run';

/**
 * One measure of a plan, from assignment to done: asks the rules (domain/measure-rules) what to do next, does it
 * through activities, and waits for the next step or a message. Continues as new at each period's close but the
 * last, carrying its state.
 */
export async function measureWorkflow(raw: TMeasureWorkflowInput): Promise<TMeasureOutcome> {
  const run = startRun(ZMeasureWorkflowInputSchema.parse(raw), workflowInfo().workflowId);
  const { input, state } = run;
  registerHandlers(run);

  // Handlers are in place; now the work that may wait.
  run.cal = calendarFromDays(await steps.loadCalendar());
  if (!input.carried) await assignUnits(run);
  /** The period this run started in: when it moves on, this run has done its period. */
  const runPeriod = currentPeriod(state, shanghaiDate(virtualNow(run)));
  /** The due date whose close this run has owed the plan scores for; a date moved past its close is owed again. */
  let owedClose: string | null = null;

  while (state.status === 'active') {
    // Only the calendarChanged signal makes the calendar stale.
    if (run.calendarStale) {
      run.calendarStale = false;
      run.cal = calendarFromDays(await steps.loadCalendar());
      continue;
    }
    // Nor the plan's thresholds, but the ladderChanged signal: read where they live, so the latest change wins.
    if (run.ladderStale) {
      run.ladderStale = false;
      run.ladder = await steps.loadPlanLadder({ planId: input.planId });
      continue;
    }
    const now = virtualNow(run);
    const { actions, wakeAt } = decideNext(state, now, run.cal!, run.ladder, input.schedule.completion, input.cycle);
    if (actions.length > 0) {
      for (const action of actions) await perform(run, action, now);
      continue;
    }
    const { closedDue, nextRun } = runClose(state, runPeriod, shanghaiDate(now));
    if (closedDue !== null && closedDue !== owedClose) {
      // The close owes the plan its scores as of the close, and the worker's score keeper pays: in the workflow task
      // that notices the close (with its colour changes when a unit is overdue), with no timer and no activity round
      // trip of its own. A plan's measures closing together cost one computation.
      owedClose = closedDue;
      await steps.owePlanScoresAtClose({ planId: input.planId, closedAt: iso(periodClosedAt(closedDue)) });
      continue;
    }
    if (nextRun || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      log.info('continuing as new for the next period', { workflowId: run.workflowId, runPeriod });
      return continueAsNew<typeof measureWorkflow>({ ...input, ladder: run.ladder, carried: carried(run) });
    }
    run.changed = false;
    const arrived = () => run.changed || state.status !== 'active';
    if (wakeAt === null) await condition(arrived);
    else await condition(arrived, realDuration(wakeAt - now, input.clock));
  }
  await condition(allHandlersFinished);
  return { status: state.status, reports: state.reportsReceived, escalations: countEscalations(state) };
}

/**
 * Assigns the measure's units on its first run; the same step writes each unit's 交办通知 (a launch's notices to a
 * unit go as one, once the launch is over).
 */
async function assignUnits(run: TMeasureRun): Promise<void> {
  const { input, state, workflowId } = run;
  const assigned = await steps.assignUnits({ workflowId, measureId: input.measureId, at: iso(virtualNow(run)), periods: periodsView(state) });
  // A coordinator may already have added a unit through an update while this ran. The 签收 deadline counts from the
  // plan's first day, as the rest of the launch does, even for a measure whose workflow started late.
  const known = new Set(state.assignments.map((a) => a.id));
  for (const a of assigned) if (!known.has(a.id)) hold(state, a, input.startDate);
}

/** Carries out one of the rules' actions and records it in the state. */
async function perform(run: TMeasureRun, action: TMeasureAction, now: number): Promise<void> {
  const { input, state, workflowId } = run;
  switch (action.type) {
    case 'notify': {
      const { step, assignmentId, period, due } = action;
      if (isEscalation(step)) {
        await steps.escalateAssignment({ level: step, assignmentId, period, due, workingDaysLate: action.workingDaysLate, at: iso(now), rework: action.rework });
      } else {
        await steps.sendNotice({ kind: step, assignmentId, period, due, periods: periodsView(state) });
      }
      state.fired.push(stepKey(assignmentId, period, step, due, action.rework));
      return;
    }
    case 'colour': {
      const { assignmentId, from, to, reason } = action;
      await steps.recordColourChange({ key: `${workflowId}:${assignmentId ?? 'measure'}:${now}:${to}`, measureId: input.measureId, assignmentId, from, to, reason, at: iso(now) });
      if (assignmentId === null) state.colour = to;
      else state.assignments.find((a) => a.id === assignmentId)!.colour = to;
      return;
    }
    case 'acknowledge-chase':
      await steps.sendAcknowledgeChase({ step: action.step, assignmentId: action.assignmentId, due: action.due });
      state.fired.push(acknowledgeStepKey(action.assignmentId, action.step));
      return;
    case 'instruction-chase':
      await steps.sendInstructionChase({ step: action.step, instructionId: action.instructionId, assignmentId: action.assignmentId, replyBy: action.replyBy });
      state.fired.push(instructionStepKey(action.instructionId, action.assignmentId, action.step));
      return;
    case 'subtask-chase':
      await steps.sendSubtaskChase({ step: action.step, subtaskId: action.subtaskId });
      state.fired.push(subtaskStepKey(action.subtaskId, action.assignmentId, action.step));
      return;
    case 'complete':
      await steps.closeMeasure({ workflowId, measureId: input.measureId, status: 'done', at: iso(now) });
      state.status = 'done';
      return;
  }
}
