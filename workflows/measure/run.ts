import type { TAssigned } from '../../activities/measures/assign-units';
import { shanghaiMidnight, type TCalendar } from '../../calendar/working-days';
import { toVirtual } from '../../domain/clock';
import type { TEscalationLadder } from '../../domain/ladder';
import { answersToCarry, reportsToCarry, type TKeptAnswer } from '../../domain/measure-carry';
import type { TAssignmentState, TMeasureState } from '../../domain/measure-state';
import { resolvePeriods } from '../../domain/schedule';
import { steps } from './proxies';
import type { TMeasureInput } from './definitions';

/** What one run of a measure holds, shared by its loop and its message handlers. */
export type TMeasureRun = {
  readonly input: TMeasureInput;
  readonly workflowId: string;
  readonly state: TMeasureState;
  /** The working-day calendar; null until the run has loaded it. */
  cal: TCalendar | null;
  /** The reminder and escalation thresholds: the plan's at launch, or as a coordinator changed them since. */
  ladder: TEscalationLadder;
  /** A coordinator changed the calendar since this run loaded it. */
  calendarStale: boolean;
  /** A coordinator changed the plan's thresholds since this run read them. */
  ladderStale: boolean;
  /** A message arrived that may change what the loop does next. */
  changed: boolean;
  /** The first answer to each request, by its key (domain/request-keys): the answer to every repeat. */
  readonly answers: Map<string, TKeptAnswer>;
  /** Requests being worked on, by key: a repeat meanwhile waits for the same answer. */
  inflight: Map<string, Promise<unknown>>;
};

export function startRun(input: TMeasureInput, workflowId: string): TMeasureRun {
  const state: TMeasureState = input.carried?.state ?? {
    status: 'active',
    // The launch's first day, the same for every measure of the plan: a measure whose workflow started late (its
    // worker was down) still chases what fell due after the launch, instead of counting it as before its own start.
    launchedAt: shanghaiMidnight(input.startDate),
    startDate: input.startDate,
    finalDue: input.finalDue,
    periods: resolvePeriods(input.schedule, { startDate: input.startDate, finalDue: input.finalDue }),
    assignments: [],
    reports: [],
    reportsReceived: 0,
    extensions: [],
    dueOverrides: {},
    fired: [],
    colour: 'green',
  };
  const answers = new Map(input.carried?.answers);
  return { input, workflowId, state, cal: null, ladder: input.ladder, calendarStale: false, ladderStale: false, changed: false, answers, inflight: new Map() };
}

/** The measure's own time (virtual epoch ms): the demo compresses days, production runs on the wall clock. */
export const virtualNow = (run: TMeasureRun) => toVirtual(Date.now(), run.input.clock);
export const iso = (ms: number) => new Date(ms).toISOString();

export const answered = (run: TMeasureRun, key: string) => run.answers.has(key) || run.inflight.has(key);

/** The first answer to a key is the answer to every repeat of it, including one still being worked on. */
export async function once<T>(run: TMeasureRun, key: string, work: () => Promise<T>): Promise<T> {
  const kept = run.answers.get(key);
  if (kept) return kept.answer as T;
  const running = run.inflight.get(key);
  if (running) return running as Promise<T>;
  const p = work().then((answer) => {
    run.answers.set(key, { at: Date.now(), answer });
    run.changed = true;
    return answer;
  });
  run.inflight.set(key, p);
  try {
    return await p;
  } finally {
    run.inflight.delete(key);
  }
}

/** What this run passes to the next when it continues as new: its state, with what a retry may still ask of it. */
export function carried(run: TMeasureRun): { state: TMeasureState; answers: [string, TKeptAnswer][] } {
  return { state: { ...run.state, reports: reportsToCarry(run.state.reports) }, answers: answersToCarry(run.answers, Date.now()) };
}

/** The measure's periods with the due dates a coordinator moved, as the emails name them. */
export const periodsView = (state: TMeasureState) => state.periods.map((p) => ({ key: p.key, due: state.dueOverrides[p.key] ?? p.due }));

/** A unit now holds the measure (again), from `on`: its assignment is active, starts green, and is owed its 签收. */
export function hold(state: TMeasureState, assigned: TAssigned, on: string): TAssignmentState {
  const held = { ...assigned, active: true, colour: 'green' as const, assignedOn: on };
  state.assignments = [...state.assignments.filter((a) => a.id !== held.id), held];
  return held;
}

/** The 交办通知 to a unit that now holds the measure, through the outbox. */
export async function notifyAssigned(run: TMeasureRun, a: TAssignmentState): Promise<void> {
  await steps.sendNotice({ kind: 'notice', assignmentId: a.id, period: 'assign', periods: periodsView(run.state) });
}
