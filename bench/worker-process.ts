import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../stack/temporal-server';
import { round, waitUntil, type Harness, type TLog } from './harness';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Resident and peak memory of a process, in MB, from /proc (Linux). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: round(kb('VmRSS') / 1024, 1), peak: round(kb('VmHWM') / 1024, 1) };
}

/** The worker as it is deployed, `duban worker`, in its own process on the harness's stack; ready once /readyz says so. */
export async function spawnWorker(h: Harness, log: TLog): Promise<ChildProcess> {
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
      WORKER_MAX_CACHED_WORKFLOWS: String(h.config.WORKER_MAX_CACHED_WORKFLOWS),
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
    // It bundles the workflows as it starts: over two minutes on the 2 shared cores under load.
    timeoutMs: 300_000,
    what: 'the worker ready',
    log,
  });
  // A worker that never became ready is no one's to stop later: stopped here.
  await Promise.race([ready, exited]).catch(async (err: Error) => {
    exited.catch(() => {});
    await stopWorker(child);
    throw err;
  });
  // Its exit at the end of the benchmark is no failure.
  exited.catch(() => {});
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.removeAllListeners('data');
    stream.on('data', (chunk: Buffer) => log(`[worker] ${chunk.toString().trimEnd()}`));
  }
  return child;
}

/** Stops a worker process as a deploy would (SIGTERM, it drains), killing it if it has not exited in 15 s. */
export async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once('exit', r));
  worker.kill('SIGTERM');
  const timer = setTimeout(() => worker.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
