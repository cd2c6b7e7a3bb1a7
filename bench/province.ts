import type { ChildProcess } from 'node:child_process';
import { createMailer } from '../mail/mailer';
import { startApiServer } from '../api/server';
import { createApiToken } from '../services/auth/create-api-token';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { startPlanLaunch } from '../services/plans/launch-plan';
import { seedRegistry } from '../seeds/seed';
import { measureStateQuery, measureWorkflowId } from '../workflows/measure/definitions';
import { timeGets } from './dashboard';
import { describeStack, quantile, round, sentMessages, startHarness, waitUntil, type Harness, type TBenchStack, type TLog } from './harness';
import { ratioOf, type TBenchResult } from './result';
import { DEFAULT_PROVINCE_MEASURES } from './province-scale';
import { benchPlanText } from './synthetic-plan';
import { memoryOf, spawnWorker, stopWorker } from './worker-process';

const UNITS_PER_MEASURE = 3;
const RSS_LIMIT_MB = 1024;
const DASHBOARD_LIMIT_MS = 300;
/** Measure workflows whose histories are read for the per-measure figures. */
const SAMPLED_HISTORIES = 20;
/** Measures queried for the cost of a workflow-cache miss. */
const SAMPLED_QUERIES = 20;

/** Imports a plan of `measures` measures and launches it; seconds until every assignment and notice is in. */
async function launchOnce(h: Harness, log: TLog, measures: number, label: string, workers: ChildProcess[]) {
  const year = new Date().getFullYear() + 1;
  const expected = measures * UNITS_PER_MEASURE;
  const started = performance.now();
  const imported = await importPlan(h.db, {
    source: { text: benchPlanText(year, measures, UNITS_PER_MEASURE) },
    fileName: `bench-province-${label}.txt`,
    year,
    again: true,
    by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) },
  });
  if (imported.measures !== measures || imported.unassigned.length) {
    throw new Error(`the province plan parsed into ${imported.measures} measures, ${imported.unassigned.length} unassigned`);
  }
  await startPlanLaunch(h.db, h.client, imported.planId, { taskQueue: h.config.TEMPORAL_TASK_QUEUE, actor: { id: null, label: 'bench' } });
  // Notices as the outbox marks them sent: a unit's notices of the plan go out as digests, not one email each.
  const notices = () => sentMessages(h.db, imported.planId, 'notice');
  const assigned = () => h.db.assignment.count({ where: { measure: { planId: imported.planId } } });
  await waitUntil(async () => (await notices()) >= expected && (await assigned()) >= expected, {
    // A measure a second at the least, and never less than ten minutes.
    timeoutMs: Math.max(10 * 60_000, measures * 1_000),
    what: `${expected} assignments and notices (${label})`,
    log,
    progress: async () => `${await assigned()} assignments, ${await notices()} notices, workers ${workers.map((w) => memoryOf(w.pid!).rss).join(' + ')} MB`,
  });
  return { planId: imported.planId, seconds: (performance.now() - started) / 1000 };
}

/**
 * History events and Temporal actions of a sample of a plan's measure workflows, each as it stands (launched,
 * assigned, notified, waiting for its first reminder). Actions are counted as Temporal Cloud bills them: the start,
 * each timer, activity and local activity (one marker), signal and update.
 */
async function historiesOf(h: Harness, planId: string): Promise<{ events: number; actions: number; sampled: number }> {
  const measures = await h.db.measure.findMany({ where: { planId }, orderBy: { seq: 'asc' }, take: SAMPLED_HISTORIES, select: { id: true } });
  let events = 0;
  let actions = 0;
  for (const m of measures) {
    const history = await h.client.workflow.getHandle(measureWorkflowId(planId, m.id)).fetchHistory();
    for (const e of history.events ?? []) {
      events++;
      if (
        e.workflowExecutionStartedEventAttributes ||
        e.timerStartedEventAttributes ||
        e.activityTaskScheduledEventAttributes ||
        e.markerRecordedEventAttributes ||
        e.workflowExecutionSignaledEventAttributes ||
        e.workflowExecutionUpdateAcceptedEventAttributes
      ) {
        actions++;
      }
    }
  }
  const n = Math.max(1, measures.length);
  return { events: round(events / n, 1), actions: round(actions / n, 1), sampled: measures.length };
}

/**
 * The cost of a workflow-cache miss: the first plan's earliest measures (launched first, so evicted from every
 * worker's bounded cache by the measures launched after them once more are open than the workers cache) are asked
 * their state twice in a row. The first query replays the measure from its history on whichever worker polls it; the
 * second finds it cached on that worker's sticky queue. Medians of each, in milliseconds.
 */
async function cacheMissOf(h: Harness, planId: string): Promise<{ miss: number; hit: number; missP99: number; sampled: number }> {
  const measures = await h.db.measure.findMany({ where: { planId }, orderBy: { seq: 'asc' }, take: SAMPLED_QUERIES, select: { id: true } });
  const miss: number[] = [];
  const hit: number[] = [];
  const timed = async (id: string) => {
    const started = performance.now();
    await h.client.workflow.getHandle(measureWorkflowId(planId, id)).query(measureStateQuery);
    return performance.now() - started;
  };
  for (const m of measures) {
    miss.push(await timed(m.id));
    hit.push(await timed(m.id));
  }
  return { miss: round(quantile(miss, 0.5), 1), hit: round(quantile(hit, 0.5), 1), missP99: round(quantile(miss, 0.99), 1), sampled: measures.length };
}

/**
 * Province: `measures` open measures (three units each) on one Temporal server and one database, launched as two plans
 * of half each — the first with one `duban worker` process, the second with two — so the launch throughput of one and
 * of two workers is compared in the same run. Then, with every measure open: each worker's resident memory, the
 * dashboard of one of the plans read by its coordinator, and history events and actions per measure at launch.
 */
export async function benchProvince(log: TLog, { measures = DEFAULT_PROVINCE_MEASURES, stack = {} as TBenchStack } = {}): Promise<TBenchResult[]> {
  const half = Math.max(1, Math.floor(measures / 2));
  const h = await startHarness(log, stack);
  const on = describeStack(stack);
  // Figures on PostgreSQL and the built server keep names of their own, so one day's file holds both stacks.
  const name = (figure: string) => `province${stack.postgresUrl ? '-postgres' : ''}-${figure}`;
  const where = { db: on.db, temporal: on.temporal };
  const workers: ChildProcess[] = [];
  const mailer = createMailer(h.capture.smtpUrl, h.config.MAIL_FROM);
  try {
    await seedRegistry(h.db);
    workers.push(await spawnWorker(h, log));
    log(`province: launching ${half} measures with one worker…`);
    const one = await launchOnce(h, log, half, 'one-worker', workers);
    log(`province: one worker ${round(one.seconds)} s; launching ${half} more with two workers…`);
    workers.push(await spawnWorker(h, log));
    const two = await launchOnce(h, log, half, 'two-workers', workers);
    log(`province: two workers ${round(two.seconds)} s; reading memory, the dashboard and histories…`);
    const rss = workers.map((w) => memoryOf(w.pid!));

    const coordinator = await h.db.person.findFirstOrThrow({ where: { role: 'coordinator' } });
    const { token } = await createApiToken({ db: h.db, now: () => new Date() }, coordinator, { name: 'bench-province', scope: 'read', expiresInDays: 1 });
    const api = await startApiServer({ db: h.db, temporal: h.client, config: h.config, mailer, port: 0, host: '127.0.0.1', logger: false });
    let page: { p50: number; p99: number };
    try {
      page = await timeGets(`${api.url}/plans/${one.planId}`, token);
    } finally {
      await api.close();
    }
    const history = await historiesOf(h, one.planId);
    log('province: the cost of a workflow-cache miss…');
    const cache = await cacheMissOf(h, one.planId);

    const perSecond = (s: number) => round(half / s, 1);
    const speedup = ratioOf(perSecond(two.seconds), perSecond(one.seconds));
    const worst = Math.max(...rss.map((m) => m.rss));
    const open = half * 2;
    return [
      {
        name: name('launch'),
        value: perSecond(two.seconds),
        unit: 'measures/s',
        baseline: perSecond(one.seconds),
        ratio: speedup,
        target: 'two workers against one, same run (on 2 cores a second worker may add nothing)',
        details: { ...where, measuresPerLaunch: half, assignmentsPerLaunch: half * UNITS_PER_MEASURE, oneWorkerSeconds: round(one.seconds), twoWorkersSeconds: round(two.seconds) },
      },
      {
        name: name('memory'),
        value: worst,
        unit: 'MB',
        target: `each worker's RSS <= ${RSS_LIMIT_MB} MB at ${open} open measures`,
        met: worst <= RSS_LIMIT_MB,
        details: { ...where, openMeasures: open, workers: rss.length, cachedWorkflowsPerWorker: h.config.WORKER_MAX_CACHED_WORKFLOWS, rssMb: rss.map((m) => m.rss).join(' '), peakMb: rss.map((m) => m.peak).join(' ') },
      },
      {
        name: name('dashboard'),
        value: page.p99,
        unit: 'ms',
        target: `p99 < ${DASHBOARD_LIMIT_MS} ms`,
        met: page.p99 < DASHBOARD_LIMIT_MS,
        details: { ...where, planMeasures: half, openMeasures: open, p50: page.p50 },
      },
      {
        name: name('cache-miss'),
        value: cache.miss,
        unit: 'ms',
        baseline: cache.hit,
        ratio: ratioOf(cache.miss, cache.hit),
        target: 'a query to a measure outside the workers\' caches (replayed from history) against the same measure cached, same run',
        details: {
          ...where,
          sampledMeasures: cache.sampled,
          missP99: cache.missP99,
          cachedWorkflowsPerWorker: h.config.WORKER_MAX_CACHED_WORKFLOWS,
          // Below 1, the workers could cache every open measure and the first query may find its measure cached too.
          openPerCacheSlot: round(open / (h.config.WORKER_MAX_CACHED_WORKFLOWS * workers.length), 2),
        },
      },
      {
        name: name('history'),
        value: history.events,
        unit: 'events/measure',
        details: { ...where, actionsPerMeasure: history.actions, sampledMeasures: history.sampled, at: 'launch (assigned, notified, waiting for the first reminder)' },
      },
    ];
  } finally {
    for (const w of workers) await stopWorker(w);
    mailer.close();
    await h.stop();
  }
}
