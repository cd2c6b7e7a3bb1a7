import { randomUUID } from 'node:crypto';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { launchPlan } from '../services/plans/launch-plan';
import { seedRegistry } from '../seeds/seed';
import { BASELINE_TASK_QUEUE, pool, startBaselineWorker } from './baseline';
import { startHarness, round, sentMessages, waitUntil, type Harness, type TLog } from './harness';
import { ratioOf, type TBenchResult } from './result';

const MEASURES = 300;
const UNITS_PER_MEASURE = 3;
/** The bare workflows start a few at a time from the client: the dev server serialises writes. */
const START_CONCURRENCY = 8;
const TIMEOUT_MS = 15 * 60_000;
/** Baseline and product each run this many times, interleaved; the figures are the medians. */
const ROUNDS = 3;

/** Bare workflows, each running one no-op activity, started from the client; seconds until all end. */
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

/** One launch of the product: a fresh plan imported and launched; seconds until every assignment and notice is in. */
async function productLaunch(h: Harness, log: TLog, measures: number, attempt: number) {
  const year = new Date().getFullYear() + 1;
  const { benchPlanText } = await import('./synthetic-plan');
  const text = benchPlanText(year, measures, UNITS_PER_MEASURE);
  const expected = measures * UNITS_PER_MEASURE;
  // The capture keeps earlier rounds' emails: this round's are those after them.
  const emailsBefore = h.capture.messages().length;
  const started = performance.now();
  // Each round imports the same document as a plan of its own.
  const imported = await importPlan(h.db, { source: { text }, fileName: `bench-launch-${attempt}.txt`, year, again: true, by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) } });
  if (imported.measures !== measures || imported.unassigned.length) {
    throw new Error(`the benchmark plan parsed into ${imported.measures} measures, ${imported.unassigned.length} unassigned`);
  }
  await launchPlan(h.db, h.client, imported.planId, { taskQueue: h.config.TEMPORAL_TASK_QUEUE, actor: { id: null, label: 'bench' } });
  // Each notice counts once the email listing it is accepted: a unit's notices of one launch come as one digest.
  const notices = () => sentMessages(h.db, imported.planId, 'notice');
  const assigned = () => h.db.assignment.count({ where: { measure: { planId: imported.planId } } });
  await waitUntil(async () => (await notices()) >= expected && (await assigned()) >= expected, {
    timeoutMs: TIMEOUT_MS,
    what: `${expected} assignments and notices`,
    log,
    progress: async () => `${await assigned()} assignments, ${await notices()} notices`,
  });
  const seconds = (performance.now() - started) / 1000;
  return { seconds, assignments: await assigned(), notices: await notices(), noticeEmails: h.capture.messages().length - emailsBefore };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * Launch: a 300-measure plan (900 assignments) from import until every assignment is recorded and every assignment
 * notice is in the SMTP receiver (one digest per unit, held until the launch has assigned every measure), against 300 bare workflows of one no-op activity each on the same server. Both run
 * ROUNDS times, interleaved, and the medians are compared: on a 2-core machine one bare run varies by half its length.
 */
export async function benchLaunch(log: TLog, { measures = MEASURES } = {}): Promise<TBenchResult[]> {
  const h = await startHarness(log);
  try {
    await seedRegistry(h.db);
    const worker = await h.startWorker();
    const bare: number[] = [];
    const runs: Awaited<ReturnType<typeof productLaunch>>[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      log(`launch ${r}/${ROUNDS}: baseline, ${measures} bare workflows…`);
      bare.push(await bareLaunch(h, measures));
      log(`launch ${r}/${ROUNDS}: baseline ${round(bare.at(-1)!)} s; importing and launching ${measures} measures…`);
      runs.push(await productLaunch(h, log, measures, r));
      log(`launch ${r}/${ROUNDS}: ${round(runs.at(-1)!.seconds)} s`);
    }
    await worker.stop();
    const value = median(runs.map((x) => x.seconds));
    const baseline = median(bare);
    const ratio = ratioOf(value, baseline);
    const last = runs.at(-1)!;
    return [
      {
        name: 'launch',
        value: round(value),
        unit: 's',
        baseline: round(baseline),
        ratio,
        target: 'ratio <= 2',
        met: ratio <= 2,
        details: {
          measures,
          assignments: last.assignments,
          notices: last.notices,
          noticeEmails: last.noticeEmails,
          measuresPerSecond: round(measures / value),
          rounds: ROUNDS,
          runs: runs.map((x) => round(x.seconds)).join(' '),
          bareRuns: bare.map((x) => round(x)).join(' '),
        },
      },
    ];
  } finally {
    await h.stop();
  }
}
