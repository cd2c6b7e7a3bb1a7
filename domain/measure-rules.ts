import { addDays, addWorkingDays, shanghaiDate, shanghaiMidnight, workingDaysBetween, type TCalendar } from '../calendar/working-days';
import { ESCALATION_LEVEL, isEscalation, NOTICE_STEPS, stepsFor, type TEscalationLadder, type TStep } from './ladder';
import { instructionStepKey, instructionSteps, type TInstructionStep } from './instructions';
import type { TChaseCycle } from './office-cycle';
import { subtaskStepKey, subtaskSteps, type TSubtaskStep } from './subtasks';
import type { TAssignmentState, TColour, TMeasureState, TReportState, TReportStatus } from './measure-state';
import { elapsedPercent, firstDayBehind, type TCompletionRule, type TPeriod } from './schedule';

export type TMeasureAction =
  | { type: 'notify'; step: TStep; assignmentId: string; period: string; due: string; workingDaysLate: number; rework: boolean }
  | { type: 'colour'; assignmentId: string | null; from: TColour; to: TColour; reason: string }
  | { type: 'acknowledge-chase'; step: TAcknowledgeStep; assignmentId: string; due: string }
  | { type: 'instruction-chase'; step: TInstructionStep; instructionId: string; assignmentId: string; replyBy: string }
  | { type: 'subtask-chase'; step: TSubtaskStep; subtaskId: string; assignmentId: string; due: string }
  | { type: 'complete' };

/** 签收 not given in time: the unit is reminded the working day after its deadline, the office told the day after. */
export const ACKNOWLEDGE_STEPS = ['ack-reminder', 'ack-office'] as const;
export type TAcknowledgeStep = (typeof ACKNOWLEDGE_STEPS)[number];
export const acknowledgeStepKey = (assignmentId: string, step: TAcknowledgeStep) => `${assignmentId}/ack/${step}`;

/** The day a unit must acknowledge by, and the instant each of its 签收 steps fires (the ladder's send hour). */
export function acknowledgeSteps(assignedOn: string, days: number, ladder: TEscalationLadder, cal: TCalendar): { due: string; steps: { step: TAcknowledgeStep; at: number }[] } {
  const due = addWorkingDays(assignedOn, days, cal);
  const at = (after: number) => shanghaiMidnight(addWorkingDays(due, after, cal)) + ladder.sendHour * 3_600_000;
  return { due, steps: ACKNOWLEDGE_STEPS.map((step, i) => ({ step, at: at(i + 1) })) };
}

export type TNextStep = { actions: TMeasureAction[]; wakeAt: number | null };

const COLOUR_RANK: Record<TColour, number> = { green: 0, yellow: 1, red: 2 };

/**
 * What makes a step happen once: an escalation once per unit and period (as the Escalation table holds it); a reminder
 * or due notice once per due date, so a unit whose date moved is reminded of the new one. A returned report's rework
 * deadline (退回整改) is a due date of its own that the whole ladder runs against again.
 */
export const stepKey = (assignmentId: string, period: string, step: TStep, due: string, rework = false) =>
  isEscalation(step) && !rework ? `${assignmentId}/${period}/${step}` : `${assignmentId}/${period}/${step}@${due}`;

/** The step a step key was made for (assignment and period keys hold no '/', due dates no '@'). */
export const stepOfKey = (key: string): TStep => key.split('/')[2]!.split('@')[0] as TStep;

/** How many escalation steps (催办, 督办, 提请协调) the measure has carried out. */
export const countEscalations = (state: TMeasureState): number => state.fired.filter((k) => isEscalation(stepOfKey(k))).length;

/** The rework deadline of the unit's latest returned report for a period (退回整改), if any. */
export function reworkDue(state: TMeasureState, assignmentId: string, period: string): string | undefined {
  return state.reports.findLast((r) => r.assignmentId === assignmentId && r.period === period && r.review === 'returned')?.reworkDue;
}

/**
 * The due date in force for one unit's report: a returned report's rework deadline, else an approved extension, else
 * a coordinator's change, else the schedule.
 */
export function effectiveDue(state: TMeasureState, assignmentId: string, period: TPeriod): string {
  const ext = state.extensions.find((e) => e.assignmentId === assignmentId && e.period === period.key && e.status === 'approved');
  return reworkDue(state, assignmentId, period.key) ?? ext?.requestedDue ?? state.dueOverrides[period.key] ?? period.due;
}

/** A report counts once the office accepted it, or at once when it needs no review; one waiting or returned does not. */
const counts = (r: TReportState) => r.review === undefined || r.review === 'accepted';

const reportsOf = (state: TMeasureState, assignmentId: string) => state.reports.filter((r) => r.assignmentId === assignmentId && counts(r));

/** The unit's report waiting for the office's review: while it waits, the unit's clock and colour stand still. */
export const awaitingReview = (state: TMeasureState, assignmentId: string): TReportState | undefined =>
  state.reports.find((r) => r.assignmentId === assignmentId && r.review === 'pending');

function reported(state: TMeasureState, assignmentId: string, period: string): boolean {
  return state.reports.some((r) => r.assignmentId === assignmentId && r.period === period && counts(r));
}

function latestStatus(state: TMeasureState, assignmentId: string): { status: TReportStatus; percent: number } | null {
  const mine = reportsOf(state, assignmentId);
  return mine.length ? mine[mine.length - 1]! : null;
}

const activeAssignments = (state: TMeasureState) => state.assignments.filter((a) => a.active);

/**
 * Once every lead has reported done, the period of the last of those reports is the last one anybody owes;
 * until then every period is owed.
 */
export function requiredPeriods(state: TMeasureState): TPeriod[] {
  const leads = activeAssignments(state).filter((a) => a.role === 'lead');
  const doneAt = leads.map((a) => {
    const done = reportsOf(state, a.id).find((r) => r.status === 'done');
    return done ? state.periods.findIndex((p) => p.key === done.period) : -1;
  });
  if (leads.length === 0 || doneAt.some((i) => i < 0)) return state.periods;
  return state.periods.slice(0, Math.max(...doneAt) + 1);
}

function assignmentDone(state: TMeasureState, a: TAssignmentState): boolean {
  return latestStatus(state, a.id)?.status === 'done';
}

export function isComplete(state: TMeasureState, rule: TCompletionRule): boolean {
  const active = activeAssignments(state);
  const leads = active.filter((a) => a.role === 'lead');
  if (leads.length === 0 || !leads.every((a) => assignmentDone(state, a))) return false;
  if (rule === 'leads-done') return true;
  if (rule === 'all-done') return active.every((a) => assignmentDone(state, a));
  const last = requiredPeriods(state).at(-1)!;
  return active.filter((a) => a.role === 'cooperating').every((a) => reported(state, a.id, last.key));
}

/**
 * The period a report submitted on `today` counts for: the earliest owed period already past its due date that this
 * unit has not reported, else the first period not yet due, else the last one.
 */
export function periodForReport(state: TMeasureState, assignmentId: string, today: string): TPeriod {
  const periods = requiredPeriods(state);
  const overdue = periods.find((p) => effectiveDue(state, assignmentId, p) < today && !reported(state, assignmentId, p.key));
  return overdue ?? periods.find((p) => effectiveDue(state, assignmentId, p) >= today) ?? periods.at(-1)!;
}

/** Each active unit's owed reports: the period, the due date in force for the unit, and whether it reported. */
export function assignmentsDue(state: TMeasureState): { assignmentId: string; period: string; due: string; reported: boolean }[] {
  return activeAssignments(state).flatMap((a) =>
    requiredPeriods(state).map((p) => ({ assignmentId: a.id, period: p.key, due: effectiveDue(state, a.id, p), reported: reported(state, a.id, p.key) })),
  );
}

/** Index of the first period whose report is not yet due on `today` (as moved by a coordinator), or the count when all are. */
export function currentPeriod(state: TMeasureState, today: string): number {
  const i = state.periods.findIndex((p) => (state.dueOverrides[p.key] ?? p.due) >= today);
  return i === -1 ? state.periods.length : i;
}

/**
 * Where a run stands on `today`, given the period it started in (`runPeriod`, see currentPeriod): the due date of the
 * last period closed since it started, or null; and whether the run ends there to continue as new. A run ends at its
 * period's close, so each period's history starts small; past the final period there is no next one, and the run
 * stays: at a plan's final close every measure would otherwise start a new run, reload the calendar and be rebuilt in
 * the same minutes as its first overdue steps.
 */
export function runClose(state: TMeasureState, runPeriod: number, today: string): { closedDue: string | null; nextRun: boolean } {
  const period = currentPeriod(state, today);
  if (period <= runPeriod) return { closedDue: null, nextRun: false };
  const closed = state.periods[period - 1]!;
  return { closedDue: state.dueOverrides[closed.key] ?? closed.due, nextRun: period < state.periods.length };
}

type TColourVerdict = { colour: TColour; reason: string; changesAt: string[] };

/** red: a report owed and past due; yellow: inside the reminder window, or the reported percent behind 序时进度. */
export function assignmentColour(
  state: TMeasureState,
  a: TAssignmentState,
  today: string,
  cal: TCalendar,
  ladder: TEscalationLadder,
): TColourVerdict {
  if (!a.active || assignmentDone(state, a)) return { colour: 'green', reason: '已完成 / done', changesAt: [] };
  const changesAt: string[] = [];
  let verdict: TColourVerdict | null = null;
  const consider = (colour: TColour, reason: string) => {
    if (!verdict || COLOUR_RANK[colour] > COLOUR_RANK[verdict.colour]) verdict = { colour, reason, changesAt };
  };
  for (const p of requiredPeriods(state)) {
    if (reported(state, a.id, p.key)) continue;
    const due = effectiveDue(state, a.id, p);
    const windowStart = stepsFor(due, ladder, cal)[0]!.date;
    if (due < today) consider('red', `${p.key} 报送已逾期（应于 ${due} 前报送）/ overdue`);
    else {
      changesAt.push(addDays(due, 1));
      if (windowStart <= today) consider('yellow', `${p.key} 报送将于 ${due} 到期 / due soon`);
      else changesAt.push(windowStart);
    }
  }
  const latest = latestStatus(state, a.id);
  if (latest) {
    const elapsed = elapsedPercent(state.startDate, state.finalDue, today);
    if (latest.percent < elapsed) consider('yellow', `进度 ${latest.percent}% 落后于序时进度 ${Math.floor(elapsed)}% / behind schedule`);
    else {
      const behind = firstDayBehind(state.startDate, state.finalDue, latest.percent);
      if (behind) changesAt.push(behind);
    }
  }
  return verdict ?? { colour: 'green', reason: '正常推进 / on track', changesAt };
}

/**
 * What a measure does next, and when to look again. Pure: the workflow runs the actions through activities, records
 * them in the state, and waits until `wakeAt` (virtual epoch ms) or until a message arrives.
 */
export function decideNext(
  state: TMeasureState,
  now: number,
  cal: TCalendar,
  ladder: TEscalationLadder,
  completion: TCompletionRule,
  { acknowledgeDays, cooperatingChase }: TChaseCycle,
): TNextStep {
  if (state.status !== 'active') return { actions: [], wakeAt: null };
  if (isComplete(state, completion)) {
    const reason = '任务已完成 / done';
    const greens: TMeasureAction[] = activeAssignments(state)
      .filter((a) => a.colour !== 'green')
      .map((a) => ({ type: 'colour', assignmentId: a.id, from: a.colour, to: 'green', reason }));
    if (state.colour !== 'green') greens.push({ type: 'colour', assignmentId: null, from: state.colour, to: 'green', reason });
    return { actions: [...greens, { type: 'complete' }], wakeAt: null };
  }
  const today = shanghaiDate(now);
  const fired = new Set(state.fired);
  const actions: TMeasureAction[] = [];
  const wakes: number[] = [];
  const periods = requiredPeriods(state);
  const launchedAt = state.launchedAt ?? -Infinity;

  // A unit whose report waits for the office's review, or that refused the assignment (拒签) until the office decides,
  // is neither chased nor recoloured meanwhile.
  const running = activeAssignments(state).filter((a) => !awaitingReview(state, a.id) && !a.refused);
  if (acknowledgeDays > 0) {
    // A unit that has reported has plainly received the assignment: it is not chased for its 签收.
    for (const a of running.filter((x) => x.acknowledgedAt === undefined && !state.reports.some((r) => r.assignmentId === x.id))) {
      const { due, steps } = acknowledgeSteps(a.assignedOn, acknowledgeDays, ladder, cal);
      steps.forEach((s, i) => {
        if (fired.has(acknowledgeStepKey(a.id, s.step))) return;
        if (s.at > now) wakes.push(s.at);
        // The reminder is moot once the office is to be told (the worker was down).
        else if (!steps.slice(i + 1).some((n) => n.at <= now)) actions.push({ type: 'acknowledge-chase', step: s.step, assignmentId: a.id, due });
      });
    }
  }
  // 领导批示 awaiting a unit's 落实情况: reminded on the deadline, the office told the working day after. A unit that
  // no longer holds the measure is not chased for it.
  for (const ins of state.instructions ?? []) {
    for (const assignmentId of ins.assignmentIds) {
      if (ins.replied[assignmentId] !== undefined || !state.assignments.some((a) => a.id === assignmentId && a.active)) continue;
      const steps = instructionSteps(ins.replyBy, ladder, cal);
      steps.forEach((s, i) => {
        if (fired.has(instructionStepKey(ins.id, assignmentId, s.step))) return;
        if (s.at > now) wakes.push(s.at);
        // The reminder is moot once the office is to be told (the worker was down).
        else if (!steps.slice(i + 1).some((n) => n.at <= now)) actions.push({ type: 'instruction-chase', step: s.step, instructionId: ins.id, assignmentId, replyBy: ins.replyBy });
      });
    }
  }
  // 分解: an open sub-task is reminded to its person on its due day, and told to its unit the working day after.
  for (const sub of state.subtasks ?? []) {
    if (sub.done || !state.assignments.some((a) => a.id === sub.assignmentId && a.active)) continue;
    const steps = subtaskSteps(sub.due, ladder, cal);
    for (const s of steps) {
      if (fired.has(subtaskStepKey(sub.id, sub.assignmentId, s.step))) continue;
      if (s.at > now) wakes.push(s.at);
      else actions.push({ type: 'subtask-chase', step: s.step, subtaskId: sub.id, assignmentId: sub.assignmentId, due: sub.due });
    }
  }
  for (const a of running) {
    if (assignmentDone(state, a)) continue;
    for (const p of periods) {
      if (reported(state, a.id, p.key)) continue;
      const due = effectiveDue(state, a.id, p);
      const rework = reworkDue(state, a.id, p.key) === due;
      // A date already past at the launch is chased by nobody unless a coordinator moves it: launch day brings notices only.
      if (shanghaiMidnight(addDays(due, 1)) <= launchedAt) continue;
      // A cooperating unit is chased only as far as the plan says; the lead unit answers for the measure beyond that.
      const steps = stepsFor(due, ladder, cal).filter((s) => a.role === 'lead' || !isEscalation(s.step) || ESCALATION_LEVEL[s.step] <= ESCALATION_LEVEL[cooperatingChase]);
      steps.forEach((s, i) => {
        // Nor is a reminder whose time had come by the launch: the launch's notice tells the unit its dates.
        if (s.at <= launchedAt) return;
        if (fired.has(stepKey(a.id, p.key, s.step, due, rework))) return;
        if (s.at > now) {
          wakes.push(s.at);
          return;
        }
        // A reminder or due notice that a later step has overtaken (the worker was down) is no longer worth sending.
        const overtaken = (NOTICE_STEPS as readonly string[]).includes(s.step) && steps.slice(i + 1).some((n) => n.at <= now);
        if (overtaken) return;
        const workingDaysLate = isEscalation(s.step) ? workingDaysBetween(due, today, cal) : 0;
        actions.push({ type: 'notify', step: s.step, assignmentId: a.id, period: p.key, due, workingDaysLate, rework });
      });
    }
  }

  let worst: TColour = 'green';
  let worstReason = '正常推进 / on track';
  for (const a of activeAssignments(state)) {
    const still = a.refused ? '拒签待办公室决定 / refused, awaiting the office' : '报告待审核 / awaiting review';
    const v = running.includes(a) ? assignmentColour(state, a, today, cal, ladder) : { colour: a.colour, reason: still, changesAt: [] };
    for (const d of v.changesAt) if (d > today) wakes.push(shanghaiMidnight(d));
    if (v.colour !== a.colour) actions.push({ type: 'colour', assignmentId: a.id, from: a.colour, to: v.colour, reason: v.reason });
    if (COLOUR_RANK[v.colour] > COLOUR_RANK[worst]) {
      worst = v.colour;
      worstReason = v.reason;
    }
  }
  if (worst !== state.colour) actions.push({ type: 'colour', assignmentId: null, from: state.colour, to: worst, reason: worstReason });

  const future = wakes.filter((w) => w > now);
  return { actions, wakeAt: future.length ? Math.min(...future) : null };
}
