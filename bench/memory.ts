import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { changeCalendarYear } from '../services/calendar/change-calendar-year';
import { readCalendarYear } from '../services/calendar/calendar-years';
import { importPlan, officeForOperator } from '../services/plans/import-plan';
import { launchPlan } from '../services/plans/launch-plan';
import { seedRegistry } from '../seeds/seed';
import { freePort } from '../stack/temporal-server';
import { round, sentMessages, startHarness, waitUntil, type Harness, type TLog } from './harness';
import { ratioOf, type TBenchResult } from './result';
import { benchPlanText } from './synthetic-plan';
import type { TBroadcastOutcome } from '../workflows/broadcast/definitions';

const MEASURES = 2000;
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resident and peak memory of a process, in MB, from /proc (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: round(kb('VmRSS') / 1024, 1), peak: round(kb('VmHWM') / 1024, 1) };
}

/** The worker as it is deployed, `duban worker`, in its own process on the harness's stack; ready once /readyz says so. */
async function spawnWorker(h: Harness, log: TLog): Promise<ChildProcess> {
  const healthPort = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'duban.mjs'), 'worker'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DUBAN_DATA_DIR: h.dataDir,
      DATABASE_URL: h.databaseUrl,
      TEMPORAL_ADDRESS: h.temporalAddress,
      SMTP_URL: h.capture.smtpUrl,
      PUBLIC_URL: h.config.publicUrl,
      WORKER_HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  const collect = (chunk: Buffer) => (said += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the worker exited with ${code} before it was ready: ${said.slice(-500)}`))));
  const ready = waitUntil(async () => (await fetch(`http://127.0.0.1:${healthPort}/readyz`).catch(() => null))?.status === 200, {
    timeoutMs: 120_000,
    what: 'the worker ready',
    log,
  });
  await Promise.race([ready, exited]);
  // Its exit at the end of the benchmark is no failure.
  exited.catch(() => {});
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.removeAllListeners('data');
    stream.on('data', (chunk: Buffer) => log(`[worker] ${chunk.toString().trimEnd()}`));
  }
  return child;
}

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
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      const timer = setTimeout(() => worker!.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    await h.stop();
  }
}
