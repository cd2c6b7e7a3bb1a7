import { randomUUID } from 'node:crypto';
import { importPlan } from '../services/plans/import-plan';
import { launchPlan } from '../services/plans/launch-plan';
import { seedRegistry } from '../seeds/seed';
import type { TCapturedMail } from '../stack/mail-capture';
import { BASELINE_TASK_QUEUE, pool, startBaselineWorker } from './baseline';
import { startHarness, round, waitUntil, type Harness, type TLog } from './harness';
import { ratioOf, type TBenchResult } from './result';

const MEASURES = 300;
const UNITS_PER_MEASURE = 3;
/** launchPlan's own default: the dev server serialises writes, so starts go a few at a time. */
const START_CONCURRENCY = 8;
const TIMEOUT_MS = 15 * 60_000;

/** Bare workflows, each running one no-op activity, started as launchPlan starts measures; seconds until all end. */
async function bareLaunch(h: Harness, count: number): Promise<number> {
  const worker = await startBaselineWorker(h);
  try {
    const run = randomUUID();
    const started = performance.now();
    const handles: Promise<unknown>[] = [];
    await pool(count, START_CONCURRENCY, async (i) => {
      const handle = await h.client.workflow.start('noopActivityWorkflow', { workflowId: `bare:${run}:${i}`, taskQueue: BASELINE_TASK_QUEUE, args: [] });
      handles.push(handle.result());
    });
    await Promise.all(handles);
    return (performance.now() - started) / 1000;
  } finally {
    await worker.stop();
  }
}

/**
 * Launch: a 300-measure plan (900 assignments) from import until every assignment is recorded and every assignment
 * notice is in the SMTP receiver, against 300 bare workflows of one no-op activity each on the same server.
 */
export async function benchLaunch(log: TLog, { measures = MEASURES } = {}): Promise<TBenchResult[]> {
  const h = await startHarness(log);
  try {
    await seedRegistry(h.db);
    const worker = await h.startWorker();
    log(`launch: baseline, ${measures} bare workflows…`);
    const baseline = await bareLaunch(h, measures);
    log(`launch: baseline ${round(baseline)} s; importing and launching ${measures} measures…`);

    const year = new Date().getFullYear() + 1;
    const { benchPlanText } = await import('./synthetic-plan');
    const text = benchPlanText(year, measures, UNITS_PER_MEASURE);
    const expected = measures * UNITS_PER_MEASURE;
    const started = performance.now();
    const imported = await importPlan(h.db, { source: { text }, fileName: 'bench-launch.txt', year });
    if (imported.measures !== measures || imported.unassigned.length) {
      throw new Error(`the benchmark plan parsed into ${imported.measures} measures, ${imported.unassigned.length} unassigned`);
    }
    await launchPlan(h.db, h.client, imported.planId, { taskQueue: h.config.TEMPORAL_TASK_QUEUE, concurrency: START_CONCURRENCY });
    const isNotice = (m: TCapturedMail) => /:notice:assign$/.test(m.headers['x-duban-key'] ?? '');
    const notices = () => h.capture.messages().filter(isNotice);
    const assigned = () => h.db.assignment.count({ where: { measure: { planId: imported.planId } } });
    await waitUntil(async () => notices().length >= expected && (await assigned()) >= expected, {
      timeoutMs: TIMEOUT_MS,
      what: `${expected} assignments and notices`,
      log,
      progress: async () => `${await assigned()} assignments, ${notices().length} notices`,
    });
    const value = (performance.now() - started) / 1000;
    const assignments = await assigned();
    const sent = notices();
    await worker.stop();
    const ratio = ratioOf(value, baseline);
    return [
      {
        name: 'launch',
        value: round(value),
        unit: 's',
        baseline: round(baseline),
        ratio,
        target: 'ratio <= 2',
        met: ratio <= 2,
        details: { measures, assignments, noticeEmails: sent.length, distinctNotices: new Set(sent.map((m) => m.headers['x-duban-key'])).size, measuresPerSecond: round(measures / value) },
      },
    ];
  } finally {
    await h.stop();
  }
}
