import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { TActivities } from '../../activities';
import type { TAssigned } from '../../activities/measures/assign-units';
import type { TCoordinatorAction } from '../../activities/measures/apply-coordinator-action';
import { addDays, calendarFromDays, shanghaiDate, shanghaiMidnight, workingDaysBetween, type TCalendar } from '../../calendar/working-days';
import { realDuration, toVirtual } from '../../domain/clock';
import { isEscalation, ZEscalationLadderSchema } from '../../domain/ladder';
import {
  ZAddCooperatingUnitSchema,
  ZCancelMeasureSchema,
  ZChangeDueDateSchema,
  ZExtensionDecisionSchema,
  ZExtensionRequestSchema,
  ZReassignUnitSchema,
  ZRemoveCooperatingUnitSchema,
} from '../../domain/measure-actions';
import { MEASURE_FAILURE, type TMeasureFailure } from '../../domain/measure-failures';
import { decideNext, effectiveDue, periodForReport, requiredPeriods, stepKey, type TMeasureAction } from '../../domain/measure-rules';
import type { TAssignmentState, TMeasureState, TQueuedMail } from '../../domain/measure-state';
import { periodClosedAt } from '../../domain/schedule';
import { describeIssue, ZProgressSubmissionSchema } from '../../domain/progress';
import { resolvePeriods } from '../../domain/schedule';
import type { z } from 'zod';
import {
  addCooperatingUnitUpdate,
  calendarChangedSignal,
  cancelMeasureUpdate,
  ladderChangedSignal,
  changeDueDateUpdate,
  decideExtensionUpdate,
  measureStateQuery,
  reassignUnitUpdate,
  removeCooperatingUnitUpdate,
  requestExtensionUpdate,
  submitProgressUpdate,
  ZMeasureWorkflowInputSchema,
  type TActionAnswer,
  type TExtensionAnswer,
  type TMeasureOutcome,
  type TMeasureWorkflowInput,
  type TProgressAnswer,
} from './definitions';

/** Coordinator actions' projections: short, retried with backoff for as long as the database is away. */
const project = proxyActivities<TActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/**
 * A measure's own steps (set-up, a report's projection, colour changes, completion, a period's close) run as local
 * activities, in the worker that holds the workflow: one workflow task per step instead of a round trip through the
 * activity queue, which is what lets a plan launch and its reminders fall due at the pace of the database and the
 * SMTP server, and the person who reports wait for one task. Each is a short idempotent write; when the database is
 * away it backs off in timers like any activity.
 */
const projectNow = proxyLocalActivities<TActivities>({
  startToCloseTimeout: '30s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m' },
});

/** Email: an SMTP server may be down for a while; the outbox keeps each message to one delivery. */
const MAIL_RETRY = { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '5m' } as const;
const mail = proxyActivities<TActivities>({ startToCloseTimeout: '1m', retry: MAIL_RETRY });
/**
 * A step's email (notices, escalations) as a local activity: the step's timer and its email cost one workflow task
 * instead of a trip through the activity queue. Past a few seconds of failures the retries wait in timers, so an
 * SMTP outage does not hold the workflow's task (or a report arriving meanwhile).
 */
const mailNow = proxyLocalActivities<TActivities>({ startToCloseTimeout: '1m', localRetryThreshold: '5s', retry: MAIL_RETRY });

function fail(type: TMeasureFailure, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

function parse<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const r = schema.safeParse(raw);
  if (!r.success) fail(MEASURE_FAILURE.invalidInput, `输入无效 / invalid input: ${describeIssue(r.error)}`);
  return r.data;
}

/** An activity's business failure reaches the caller of an update as itself, not wrapped. */
async function surfacing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) {
      throw ApplicationFailure.create({ type: err.cause.type ?? undefined, message: err.cause.message, nonRetryable: true });
    }
    throw err;
  }
}

/**
 * One measure of a plan, from assignment to done: runs the rules' actions through activities and waits for the next
 * step or a message. Continues as new once a period's report falls due, carrying its state.
 */
export async function measureWorkflow(raw: TMeasureWorkflowInput): Promise<TMeasureOutcome> {
  const input = ZMeasureWorkflowInputSchema.parse(raw);
  const { workflowId } = workflowInfo();
  const virtualNow = () => toVirtual(Date.now(), input.clock);
  const iso = (ms: number) => new Date(ms).toISOString();
  const state: TMeasureState = input.carried?.state ?? {
    status: 'active',
    startDate: input.startDate,
    finalDue: input.finalDue,
    periods: resolvePeriods(input.schedule, { startDate: input.startDate, finalDue: input.finalDue }),
    assignments: [],
    reports: [],
    extensions: [],
    dueOverrides: {},
    fired: [],
    colour: 'green',
  };
  const answers: Record<string, unknown> = { ...input.carried?.answers };
  const inflight = new Map<string, Promise<unknown>>();
  let changed = false;
  let cal: TCalendar | null = null;
  /** A coordinator changed the calendar since this run loaded it. */
  let calendarStale = false;
  /** The reminder and escalation thresholds: the plan's at launch, or as a coordinator changed them since. */
  let ladder = input.ladder;

  /** The first answer to a key is the answer to every repeat of it, including one still being worked on. */
  async function once<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (key in answers) return answers[key] as T;
    const running = inflight.get(key);
    if (running) return running as Promise<T>;
    const p = work().then((answer) => {
      answers[key] = answer;
      changed = true;
      return answer;
    });
    inflight.set(key, p);
    try {
      return await p;
    } finally {
      inflight.delete(key);
    }
  }

  const activeAssignment = (id: string): TAssignmentState => {
    const a = state.assignments.find((x) => x.id === id && x.active);
    if (!a) fail(MEASURE_FAILURE.unknownAssignment, `本任务无此有效分工 / no active assignment ${id} on this measure`);
    return a;
  };
  const assertOpen = () => {
    if (state.status !== 'active') fail(MEASURE_FAILURE.measureClosed, `任务已${state.status === 'done' ? '完成' : '撤销'} / the measure is ${state.status}`);
  };
  const periodsView = () => state.periods.map((p) => ({ key: p.key, due: state.dueOverrides[p.key] ?? p.due }));
  const audit = (requestId: string) => `${workflowId}:${requestId}`;

  async function notifyAssigned(a: TAssignmentState) {
    await mailNow.sendNotice({ kind: 'notice', assignmentId: a.id, period: 'assign', periods: periodsView() });
  }

  setHandler(measureStateQuery, () => ({
      ...state,
      now: iso(virtualNow()),
      assignmentsDue: state.assignments
        .filter((a) => a.active)
        .flatMap((a) =>
          requiredPeriods(state).map((p) => ({
            assignmentId: a.id,
            period: p.key,
            due: effectiveDue(state, a.id, p),
            reported: state.reports.some((r) => r.assignmentId === a.id && r.period === p.key),
          })),
        ),
  }));

  setHandler(
    submitProgressUpdate,
    (raw) => {
      const s = parse(ZProgressSubmissionSchema, raw);
      return once<TProgressAnswer>(s.idempotencyKey, async () => {
        const now = virtualNow();
        const today = shanghaiDate(now);
        const period = periodForReport(state, s.assignmentId, today);
        const due = effectiveDue(state, s.assignmentId, period);
        const reportId = uuid4();
        const report = { reportId, submission: s, period: period.key, dueAt: iso(periodClosedAt(due) - 1), submittedAt: iso(now) };
        // The projection also owes the plan its rescoring, which the worker's score keeper pays.
        await surfacing(projectNow.recordProgressReport(report));
        state.reports.push({ reportId, assignmentId: s.assignmentId, period: period.key, status: s.status, percent: s.percent, at: now });
        return {
          reportId,
          period: period.key,
          due,
          workingDaysLate: cal ? workingDaysBetween(due, today, cal) : 0,
          measureStatus: state.status,
        };
      });
    },
    {
      validator: (raw) => {
        const s = parse(ZProgressSubmissionSchema, raw);
        if (s.idempotencyKey in answers || inflight.has(s.idempotencyKey)) return;
        assertOpen();
        activeAssignment(s.assignmentId);
      },
    },
  );

  /**
   * An email an update owes, sent by the loop rather than the handler: the person's update is answered at once,
   * whatever state the mail server is in; the loop then sends it as it sends the measure's other emails.
   */
  function queueMail(queued: TQueuedMail) {
    (state.mails ??= []).push(queued);
  }
  async function sendQueuedMail() {
    const next = state.mails?.[0];
    if (!next) return false;
    await mail.sendExtensionMail(next);
    state.mails!.shift();
    return true;
  }

  setHandler(
    requestExtensionUpdate,
    (raw) => {
      const r = parse(ZExtensionRequestSchema, raw);
      return once<TExtensionAnswer>(r.idempotencyKey, async () => {
        const now = virtualNow();
        const period = periodForReport(state, r.assignmentId, shanghaiDate(now));
        const ext = {
          id: uuid4(),
          assignmentId: r.assignmentId,
          period: period.key,
          originalDue: effectiveDue(state, r.assignmentId, period),
          requestedDue: r.requestedDue,
          status: 'pending' as const,
        };
        await surfacing(
          project.recordExtension({ kind: 'request', ...ext, key: `${workflowId}:${ext.id}`, reason: r.reason, requestedById: r.requestedBy, at: iso(now) }),
        );
        state.extensions.push(ext);
        queueMail({ kind: 'extension-requested', extensionId: ext.id });
        return { extensionId: ext.id, period: ext.period, originalDue: ext.originalDue, requestedDue: ext.requestedDue, status: ext.status };
      });
    },
    {
      validator: (raw) => {
        const r = parse(ZExtensionRequestSchema, raw);
        if (r.idempotencyKey in answers || inflight.has(r.idempotencyKey)) return;
        assertOpen();
        activeAssignment(r.assignmentId);
        const today = shanghaiDate(virtualNow());
        const period = periodForReport(state, r.assignmentId, today);
        const due = effectiveDue(state, r.assignmentId, period);
        if (today > due) fail(MEASURE_FAILURE.extensionNotAllowed, `须在到期日 ${due} 前申请延期 / ask before the due date ${due}`);
        if (r.requestedDue <= due) fail(MEASURE_FAILURE.extensionNotAllowed, `延期日期须晚于 ${due} / the new date must be after ${due}`);
        if (state.extensions.some((e) => e.assignmentId === r.assignmentId && e.period === period.key && e.status === 'pending')) {
          fail(MEASURE_FAILURE.extensionNotAllowed, '已有待审批的延期申请 / an extension request is already pending');
        }
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    (raw) => {
      const d = parse(ZExtensionDecisionSchema, raw);
      return once<TExtensionAnswer>(d.requestId, async () => {
        const ext = state.extensions.find((e) => e.id === d.extensionId)!;
        const status = d.approve ? ('approved' as const) : ('refused' as const);
        const at = iso(virtualNow());
        await surfacing(
          project.applyCoordinatorAction({
            auditKey: audit(d.requestId),
            measureId: input.measureId,
            actorId: d.decidedBy,
            reason: d.note ?? (d.approve ? '同意延期' : '不同意延期'),
            at,
            action: 'decide-extension',
            extensionId: ext.id,
            approve: d.approve,
          }),
        );
        await project.recordExtension({ kind: 'decision', key: `${workflowId}:${ext.id}`, status, decidedById: d.decidedBy, note: d.note, at });
        ext.status = status;
        queueMail({ kind: 'extension-decided', extensionId: ext.id });
        return { extensionId: ext.id, period: ext.period, originalDue: ext.originalDue, requestedDue: ext.requestedDue, status };
      });
    },
    {
      validator: (raw) => {
        const d = parse(ZExtensionDecisionSchema, raw);
        if (d.requestId in answers || inflight.has(d.requestId)) return;
        assertOpen();
        const ext = state.extensions.find((e) => e.id === d.extensionId);
        if (!ext) fail(MEASURE_FAILURE.unknownExtension, `无此延期申请 / no extension ${d.extensionId}`);
        if (ext.status !== 'pending') fail(MEASURE_FAILURE.extensionNotAllowed, `该申请已${ext.status === 'approved' ? '批准' : '驳回'} / already decided`);
      },
    },
  );

  const byUnit = (unitId: string) => state.assignments.find((a) => a.unitId === unitId && a.active);

  /**
   * A coordinator's action on this measure (改派, 增减配合单位, 调整期限, 撤销): validated before it enters history,
   * answered once per request id, and projected with its audit record before `work` changes the state.
   */
  function onCoordinatorAction<T extends { requestId: string; actorId: string; reason: string }>(
    update: UpdateDefinition<TActionAnswer, [T]>,
    schema: z.ZodType<T>,
    check: (r: T) => void,
    work: (r: T, project: (action: TCoordinatorAction) => Promise<{ assigned: TAssigned | null }>) => Promise<Omit<TActionAnswer, 'auditKey'>>,
  ) {
    setHandler(
      update,
      (raw) => {
        const r = parse(schema, raw);
        return once<TActionAnswer>(r.requestId, async () => {
          const applied = (action: TCoordinatorAction) =>
            surfacing(
              project.applyCoordinatorAction({ auditKey: audit(r.requestId), measureId: input.measureId, actorId: r.actorId, reason: r.reason, at: iso(virtualNow()), ...action }),
            );
          return { ...(await work(r, applied)), auditKey: audit(r.requestId) };
        });
      },
      {
        validator: (raw) => {
          const r = parse(schema, raw);
          if (r.requestId in answers || inflight.has(r.requestId)) return;
          assertOpen();
          check(r);
        },
      },
    );
  }

  onCoordinatorAction(
    reassignUnitUpdate,
    ZReassignUnitSchema,
    (r) => {
      if (!byUnit(r.fromUnitId)) fail(MEASURE_FAILURE.unknownAssignment, `该单位无此任务分工 / unit ${r.fromUnitId} holds no assignment here`);
      if (byUnit(r.toUnitId)) fail(MEASURE_FAILURE.invalidInput, `该单位已承担本任务 / unit ${r.toUnitId} already holds one`);
    },
    async (r, applied) => {
      const { assigned } = await applied({ action: 'reassign-unit', fromUnitId: r.fromUnitId, toUnitId: r.toUnitId });
      byUnit(r.fromUnitId)!.active = false;
      const next = { ...assigned!, active: true, colour: 'green' as const };
      state.assignments = [...state.assignments.filter((a) => a.id !== next.id), next];
      await notifyAssigned(next);
      return { action: 'reassign-unit', assignmentId: next.id };
    },
  );

  onCoordinatorAction(
    addCooperatingUnitUpdate,
    ZAddCooperatingUnitSchema,
    (r) => {
      if (byUnit(r.unitId)) fail(MEASURE_FAILURE.invalidInput, `该单位已承担本任务 / unit ${r.unitId} already holds one`);
    },
    async (r, applied) => {
      const { assigned } = await applied({ action: 'add-cooperating-unit', unitId: r.unitId });
      const next = { ...assigned!, active: true, colour: 'green' as const };
      state.assignments = [...state.assignments.filter((a) => a.id !== next.id), next];
      await notifyAssigned(next);
      return { action: 'add-cooperating-unit', assignmentId: next.id };
    },
  );

  onCoordinatorAction(
    removeCooperatingUnitUpdate,
    ZRemoveCooperatingUnitSchema,
    (r) => {
      if (byUnit(r.unitId)?.role !== 'cooperating') fail(MEASURE_FAILURE.unknownAssignment, `该单位不是本任务的配合单位 / unit ${r.unitId} is not cooperating here`);
    },
    async (r, applied) => {
      await applied({ action: 'remove-cooperating-unit', unitId: r.unitId });
      const a = byUnit(r.unitId)!;
      a.active = false;
      return { action: 'remove-cooperating-unit', assignmentId: a.id };
    },
  );

  onCoordinatorAction(
    changeDueDateUpdate,
    ZChangeDueDateSchema,
    (r) => {
      if (!state.periods.some((p) => p.key === r.period)) {
        fail(MEASURE_FAILURE.invalidInput, `无此报送期 ${r.period}；可选：${state.periods.map((p) => p.key).join('、')} / no such period`);
      }
      // A date already past would make the unit overdue at once and send every escalation step together. Validators
      // do not run on replay, so a stricter rule here leaves recorded histories as they were.
      const today = shanghaiDate(virtualNow());
      if (r.due < today) fail(MEASURE_FAILURE.invalidInput, `新期限 ${r.due} 早于今天（${today}），只能调整到今天或以后 / the new due date is before today, ${today}`);
    },
    async (r, applied) => {
      const period = state.periods.find((p) => p.key === r.period)!;
      await applied({ action: 'change-due-date', period: r.period, from: state.dueOverrides[r.period] ?? period.due, due: r.due, final: period.final });
      state.dueOverrides[r.period] = r.due;
      return { action: 'change-due-date' };
    },
  );

  onCoordinatorAction(
    cancelMeasureUpdate,
    ZCancelMeasureSchema,
    () => {},
    async (_r, applied) => {
      await applied({ action: 'cancel-measure' });
      // The projection owes the plan its rescoring, which drops the cancelled measure.
      state.status = 'cancelled';
      return { action: 'cancel-measure' };
    },
  );

  setHandler(calendarChangedSignal, () => {
    calendarStale = true;
    changed = true;
  });
  setHandler(ladderChangedSignal, (raw) => {
    // A signal cannot be refused; the broadcast sends a ladder the API validated, so a bad one is only logged.
    const parsed = ZEscalationLadderSchema.safeParse(raw);
    if (!parsed.success) {
      log.warn('ignored an invalid ladder', { workflowId, issue: describeIssue(parsed.error) });
      return;
    }
    ladder = parsed.data;
    changed = true;
  });

  // Handlers are in place; now the work that may wait.
  cal = calendarFromDays(await projectNow.loadCalendar());
  if (!input.carried) {
    const assigned = await projectNow.assignUnits({ workflowId, measureId: input.measureId, at: iso(virtualNow()) });
    // A coordinator may already have added a unit through an update while this ran.
    const known = new Set(state.assignments.map((a) => a.id));
    const fresh = assigned.map((a) => ({ ...a, active: true, colour: 'green' as const }));
    state.assignments.push(...fresh.filter((a) => !known.has(a.id)));
    await Promise.all(fresh.map(notifyAssigned));
  }

  async function run(action: TMeasureAction, now: number) {
    switch (action.type) {
      case 'notify': {
        if (isEscalation(action.step)) {
          await mailNow.escalateAssignment({
            level: action.step,
            assignmentId: action.assignmentId,
            period: action.period,
            due: action.due,
            workingDaysLate: action.workingDaysLate,
            at: iso(now),
          });
        } else {
          await mailNow.sendNotice({ kind: action.step, assignmentId: action.assignmentId, period: action.period, due: action.due, periods: periodsView() });
        }
        state.fired.push(stepKey(action.assignmentId, action.period, action.step, action.due));
        return;
      }
      case 'colour': {
        await projectNow.recordColourChange({
          key: `${workflowId}:${action.assignmentId ?? 'measure'}:${now}:${action.to}`,
          measureId: input.measureId,
          assignmentId: action.assignmentId,
          from: action.from,
          to: action.to,
          reason: action.reason,
          at: iso(now),
        });
        if (action.assignmentId === null) state.colour = action.to;
        else state.assignments.find((a) => a.id === action.assignmentId)!.colour = action.to;
        return;
      }
      case 'complete':
        await projectNow.closeMeasure({ workflowId, measureId: input.measureId, status: 'done', at: iso(now) });
        state.status = 'done';
        return;
    }
  }

  /** Index of the first period whose report is not yet due: when it moves on, this run has done its period. */
  const currentPeriod = (now: number) => {
    const today = shanghaiDate(now);
    const i = state.periods.findIndex((p) => (state.dueOverrides[p.key] ?? p.due) >= today);
    return i === -1 ? state.periods.length : i;
  };
  const runPeriod = currentPeriod(virtualNow());

  /**
   * The due date whose close this run has owed the plan scores for, or null. A date moved past its close reopens the
   * period, and its new close is owed again.
   */
  let owedClose: string | null = null;

  while (state.status === 'active') {
    // Only a signal sets this, so histories from before the signal existed replay unchanged.
    if (calendarStale) {
      calendarStale = false;
      cal = calendarFromDays(await projectNow.loadCalendar());
      continue;
    }
    if (await sendQueuedMail()) continue;
    const now = virtualNow();
    const { actions, wakeAt } = decideNext(state, now, cal, ladder, input.schedule.completion);
    if (actions.length > 0) {
      for (const action of actions) await run(action, now);
      continue;
    }
    const period = currentPeriod(now);
    const closedDue = period > runPeriod ? periodsView()[period - 1]!.due : null;
    if (closedDue !== null && closedDue !== owedClose) {
      // The close owes the plan its scores as of the close, and the score keeper pays: in the workflow task that
      // notices the close (with its colour changes when a unit is overdue), with no timer and no activity round trip
      // of its own. A plan's measures closing together cost one computation.
      owedClose = closedDue;
      await projectNow.owePlanScoresAtClose({ planId: input.planId, closedAt: iso(periodClosedAt(closedDue)) });
      continue;
    }
    // A run ends at its period's close, so each period's history starts small; past the final period there is no next
    // one, and the run stays: at a plan's final close every measure would otherwise start a new run, reload the
    // calendar and be rebuilt in the same minutes as its first overdue steps.
    const nextPeriod = period > runPeriod && period < state.periods.length;
    if (workflowInfo().continueAsNewSuggested || nextPeriod) {
      await condition(allHandlersFinished);
      log.info('continuing as new for the next period', { workflowId, period });
      return continueAsNew<typeof measureWorkflow>({ ...input, ladder, carried: { state, answers } });
    }
    changed = false;
    const arrived = () => changed || state.status !== 'active';
    if (wakeAt === null) await condition(arrived);
    else await condition(arrived, realDuration(wakeAt - now, input.clock));
  }
  await condition(allHandlersFinished);
  // A decision taken just before the measure ended is still told to the unit.
  while (await sendQueuedMail());
  return {
    status: state.status,
    reports: state.reports.length,
    escalations: state.fired.filter((k) => /\/(urge|supervise|coordinator)$/.test(k)).length,
  };
}
