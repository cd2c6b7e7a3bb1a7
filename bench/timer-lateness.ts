import { shanghaiMidnight } from '../calendar/working-days';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { seedRegistry } from '../seeds/seed';
import { MEASURE_WORKFLOW_TYPE, measureWorkflowId, type TMeasureWorkflowInput } from '../workflows/measure/definitions';
import { pool } from './baseline';
import { quantile, round, sentMessages, startHarness, waitUntil, type Harness, type TLog } from './harness';
import type { TBenchResult } from './result';
import { benchPlanText } from './synthetic-plan';

const MEASURES = 1000;
const WINDOW_MS = 60_000;
/** One virtual day lasts this long: the three steps below come one day apart, so 30 s separate the windows. */
const DAY_REAL_MS = 90_000;
/** A week with no holiday near it: reminder on Tuesday, due on Wednesday, 催办 on Thursday, at 09:00 Shanghai. */
const DUE = '2027-03-10';
const STEPS = [
  { step: 'reminder', day: 0 },
  { step: 'due', day: 1 },
  { step: 'urge', day: 2 },
] as const;
const START_CONCURRENCY = 8;
const CALIBRATION_MEASURES = 40;

/**
 * The workers' outbox sends what is due at once rather than gathering a digest for a minute as in production: that
 * minute is a wait chosen for the reader, not lateness, and would hide the timers this measures. Items falling due
 * together still go as one digest.
 */
const GATHER_MS = 0;

/** Real-time seconds per measure that launching takes here, from a small plan launched on an idle clock. */
async function calibrate(h: Harness, log: TLog): Promise<number> {
  const year = new Date().getFullYear() + 1;
  const plan = await importPlan(h.db, { source: { text: benchPlanText(year, CALIBRATION_MEASURES, 1) }, fileName: 'bench-calibration.txt', year, by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) } });
  const measures = await h.db.measure.findMany({ where: { planId: plan.planId }, select: { id: true } });
  const started = performance.now();
  await pool(measures.length, START_CONCURRENCY, async (i) => {
    const input: TMeasureWorkflowInput = { planId: plan.planId, measureId: measures[i]!.id, startDate: `${year}-01-01`, finalDue: `${year}-12-31` };
    await h.client.workflow.start(MEASURE_WORKFLOW_TYPE, { workflowId: measureWorkflowId(plan.planId, measures[i]!.id), taskQueue: h.config.TEMPORAL_TASK_QUEUE, args: [input] });
  });
  await waitUntil(async () => (await sentMessages(h.db, plan.planId, 'notice')) >= measures.length, { timeoutMs: 300_000, what: 'the calibration notices', log });
  return (performance.now() - started) / 1000 / measures.length;
}

function stats(latenesses: number[]) {
  return { p50: round(quantile(latenesses, 0.5) / 1000, 3), p99: round(quantile(latenesses, 0.99) / 1000, 3), max: round(Math.max(...latenesses) / 1000, 3) };
}

/**
 * Timer lateness: 1,000 open measures whose reminders, due notices and 催办 fall due spread over one minute each
 * (three windows, one virtual day apart), measured for each item as the moment the SMTP receiver accepted the email
 * carrying it (alone or in a digest; the outbox marks the item then) minus the step's due instant. The worker restarts between the second and third window, so the 催办 window runs on a worker that has to
 * rebuild every measure from its history.
 */
export async function benchTimerLateness(log: TLog, { measures = MEASURES } = {}): Promise<TBenchResult[]> {
  const h = await startHarness(log);
  try {
    await seedRegistry(h.db);
    let worker = await h.startWorker({ gatherMs: GATHER_MS });
    const perMeasure = await calibrate(h, log);
    const year = Number(DUE.slice(0, 4));
    const plan = await importPlan(h.db, { source: { text: benchPlanText(year, measures, 1) }, fileName: 'bench-timers.txt', year, by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) } });
    const rows = await h.db.measure.findMany({ where: { planId: plan.planId }, orderBy: { seq: 'asc' }, select: { id: true } });
    await h.db.measure.updateMany({ where: { planId: plan.planId }, data: { due: new Date(shanghaiMidnight(DUE)) } });

    // The first window opens once the launch is surely over: 1.5 times the calibrated time, and at least a minute.
    const launchMs = Math.max(60_000, 1.5 * perMeasure * measures * 1000);
    const t0 = Date.now() + launchMs;
    const reminderAt = shanghaiMidnight('2027-03-09') + 9 * 3_600_000;
    const dueAt = new Map<string, number>();
    log(`timer-lateness: ${round(perMeasure, 3)} s per measure to launch; ${measures} measures, first window in ${Math.round(launchMs / 1000)} s`);
    const launchStarted = performance.now();
    await pool(rows.length, START_CONCURRENCY, async (i) => {
      const realStartMs = t0 + Math.floor((WINDOW_MS * i) / rows.length);
      const input: TMeasureWorkflowInput = {
        planId: plan.planId,
        measureId: rows[i]!.id,
        startDate: '2027-01-04',
        finalDue: DUE,
        schedule: { cadence: 'final' },
        ladder: { reminderWorkingDaysBefore: 1 },
        clock: { dayMs: DAY_REAL_MS, realStartMs, virtualStartMs: reminderAt },
      };
      dueAt.set(rows[i]!.id, realStartMs);
      await h.client.workflow.start(MEASURE_WORKFLOW_TYPE, {
        workflowId: measureWorkflowId(plan.planId, rows[i]!.id),
        taskQueue: h.config.TEMPORAL_TASK_QUEUE,
        args: [input],
      });
    });
    const measureOf = new Map<string, string>();
    const refresh = async () => {
      for (const a of await h.db.assignment.findMany({ where: { measure: { planId: plan.planId } }, select: { id: true, measureId: true } })) {
        measureOf.set(a.id, a.measureId);
      }
      return measureOf.size;
    };
    const notices = () => sentMessages(h.db, plan.planId, 'notice');
    await waitUntil(async () => (await refresh()) >= measures && (await notices()) >= measures, {
      timeoutMs: launchMs,
      what: `${measures} measures launched before the first window`,
      log,
      progress: async () => `${measureOf.size} assignments, ${await notices()} notices`,
    });
    log(`timer-lateness: launched in ${Math.round((performance.now() - launchStarted) / 1000)} s; windows open in ${Math.round((t0 - Date.now()) / 1000)} s`);

    // The check runs ten times a second in the process being measured: a count, one index lookup.
    const sent = (step: string) => sentMessages(h.db, plan.planId, step);
    const windowEnd = (day: number) => t0 + day * DAY_REAL_MS + WINDOW_MS;
    for (const { step, day } of STEPS) {
      if (step === 'urge') {
        log('timer-lateness: restarting the worker');
        await worker.stop();
        worker = await h.startWorker({ gatherMs: GATHER_MS });
      }
      await waitUntil(async () => (await sent(step)) >= measures || Date.now() > windowEnd(day) + 120_000, {
        timeoutMs: windowEnd(day) + 180_000 - Date.now(),
        what: `the ${step} window`,
        log,
        progress: async () => `${await sent(step)} ${step} items sent`,
      });
    }
    await worker.stop();

    /** Each item of a window: how late the email carrying it was accepted, and how far into the window it fell due. */
    const items = async (step: string) =>
      h.db.outboxMessage.findMany({ where: { planId: plan.planId, step, status: 'sent' }, select: { assignmentId: true, sentAt: true, delivery: { select: { key: true } } } });
    const lateness = async (step: string, day: number) =>
      (await items(step)).map((m) => {
        const due = dueAt.get(measureOf.get(m.assignmentId!)!)! + day * DAY_REAL_MS;
        return { late: m.sentAt!.getTime() - due, intoWindow: due - (t0 + day * DAY_REAL_MS) };
      });
    const before = [...(await lateness('reminder', 0)), ...(await lateness('due', 1))];
    const after = await lateness('urge', 2);
    // The capture keeps one message per Message-ID; an email delivered again shows in its count of deliveries.
    const captured = new Map(h.capture.messages().map((m) => [m.headers['x-duban-key'] ?? '', m]));
    const counts: Record<string, number> = {};
    for (const { step } of STEPS) {
      const sentItems = await items(step);
      const keys = new Set(sentItems.map((m) => m.delivery!.key));
      counts[`${step}Items`] = sentItems.length;
      counts[`${step}Emails`] = keys.size;
      counts[`${step}Repeats`] = [...keys].reduce((n, k) => n + (captured.get(k)?.deliveries ?? 1) - 1, 0);
    }
    const result = (name: string, emails: { late: number; intoWindow: number }[], what: string): TBenchResult => {
      const s = stats(emails.map((e) => e.late));
      const slowest = [...emails].sort((a, b) => b.late - a.late).slice(0, 5);
      return {
        name,
        value: s.p99,
        unit: 's',
        target: 'p99 <= 2 s',
        met: s.p99 <= 2 && emails.length === (name.endsWith('restart') ? measures : 2 * measures),
        details: {
          p50: s.p50,
          p99: s.p99,
          max: s.max,
          items: emails.length,
          measures,
          windows: what,
          // Which items were slowest: "late s @ s into the window".
          slowest: slowest.map((e) => `${round(e.late / 1000, 2)} @ ${round(e.intoWindow / 1000, 1)}`).join(', '),
          gatherMs: GATHER_MS,
          ...counts,
        },
      };
    };
    return [
      result('timer-lateness', before, 'reminder + due notice'),
      result('timer-lateness-after-restart', after, '催办 after a worker restart'),
    ];
  } finally {
    await h.stop();
  }
}
