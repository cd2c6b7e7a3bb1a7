import type { ChildProcess } from 'node:child_process';
import { changeCalendarYear } from '../services/calendar/change-calendar-year';
import { readCalendarYear } from '../services/calendar/calendar-years';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { launchPlan } from '../services/plans/launch-plan';
import { seedRegistry } from '../seeds/seed';
import { round, sentMessages, startHarness, waitUntil, type TLog } from './harness';
import { ratioOf, type TBenchResult } from './result';
import { benchPlanText } from './synthetic-plan';
import { memoryOf, spawnWorker, stopWorker } from './worker-process';
import type { TBroadcastOutcome } from '../workflows/broadcast/definitions';

const MEASURES = 2000;

/**
 * Memory: resident size of the worker process with 2,000 open measure workflows (launched, assigned, notices sent,
 * each waiting for its first reminder), against the same worker polling with none. Broadcast: with those measures
 * open, seconds from saving a calendar change until its workflow has signalled every one of them.
 */
export async function benchMemory(log: TLog, { measures = MEASURES } = {}): Promise<TBenchResult[]> {
  const h = await startHarness(log);
  let worker: ChildProcess | null = null;
  try {
    await seedRegistry(h.db);
    worker = await spawnWorker(h, log);
    await new Promise((r) => setTimeout(r, 5_000));
    const idle = memoryOf(worker.pid!);
    log(`memory: idle worker ${idle.rss} MB; launching ${measures} measures…`);
    const year = new Date().getFullYear() + 1;
    const plan = await importPlan(h.db, { source: { text: benchPlanText(year, measures, 1) }, fileName: 'bench-memory.txt', year, by: { label: 'bench', officeUnitId: await officeForOperator(h.db, undefined) } });
    await launchPlan(h.db, h.client, plan.planId, { taskQueue: h.config.TEMPORAL_TASK_QUEUE });
    const notices = () => sentMessages(h.db, plan.planId, 'notice');
    await waitUntil(async () => (await notices()) >= measures, {
      timeoutMs: 45 * 60_000,
      what: `${measures} measures assigned and notified`,
      log,
      progress: async () => `${await notices()} notices, worker ${memoryOf(worker!.pid!).rss} MB`,
    });
    // Let the last workflow tasks settle before reading.
    await new Promise((r) => setTimeout(r, 10_000));
    const open = memoryOf(worker.pid!);

    // The same open measures hear of a calendar change: the coordinator saves next year's days again, and the
    // broadcast workflow signals every open measure (each then reloads the calendar on its own time).
    log(`broadcast: a calendar change told to ${measures} open measures…`);
    const { days, source } = await readCalendarYear(h.db, year);
    const announcedAt = performance.now();
    const change = await changeCalendarYear({ db: h.db }, { year, days, source: source ?? 'bench', provisional: false }, { id: null, name: 'bench', label: 'bench' });
    // Saved with its announcement, which the worker's outbox delivers by starting the broadcast.
    const broadcast = h.client.workflow.getHandle(change.announcedBy);
    await waitUntil(() => broadcast.describe().then(() => true, () => false), { timeoutMs: 60_000, what: 'the broadcast to start', log });
    const told = (await broadcast.result()) as TBroadcastOutcome;
    const broadcastSeconds = round((performance.now() - announcedAt) / 1000, 2);
    if (told.told !== measures) throw new Error(`the broadcast told ${told.told} of ${measures} open measures`);
    return [
      { name: 'broadcast', value: broadcastSeconds, unit: 's', details: { openMeasures: measures, told: told.told } },
      {
        name: 'memory',
        value: open.rss,
        unit: 'MB',
        baseline: idle.rss,
        ratio: ratioOf(open.rss, idle.rss),
        details: { openWorkflows: measures, peakMb: open.peak, kbPerWorkflow: round(((open.rss - idle.rss) * 1024) / measures, 1) },
      },
    ];
  } finally {
    if (worker) await stopWorker(worker);
    await h.stop();
  }
}
