import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Whether a process still runs (one of another user counts: it exists, we may just not signal it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const ZRunningStackSchema = z.object({ pid: z.number().int(), temporalAddress: z.string().min(1) });
export type TRunningStack = z.infer<typeof ZRunningStackSchema>;

const recordFile = (dataDir: string) => path.join(dataDir, 'stack.json');

/**
 * What `duban up` serves for its data folder, written while it runs: a command in another terminal then reaches this
 * folder's Temporal server, never the one another folder's `duban up` runs on the default port. Returns the release.
 */
export function recordRunningStack(dataDir: string, temporalAddress: string): () => void {
  const file = recordFile(dataDir);
  writeFileSync(file, JSON.stringify({ pid: process.pid, temporalAddress } satisfies TRunningStack));
  const release = () => {
    if (runningStackOf(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.once('exit', release);
  return release;
}

/** The `duban up` serving this data folder, if one runs. */
export function runningStackOf(dataDir: string): TRunningStack | null {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(recordFile(dataDir), 'utf8'));
  } catch {
    return null;
  }
  const record = ZRunningStackSchema.safeParse(raw);
  return record.success && processAlive(record.data.pid) ? record.data : null;
}
