import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * What this process serves for a data folder, written to `file` with its pid, so that other processes on the folder
 * find it. Returns the release, which removes the file if it is still this process's; it also runs at exit.
 */
export function writeProcessRecord(file: string, value: Record<string, unknown>): () => void {
  writeFileSync(file, JSON.stringify({ ...value, pid: process.pid }));
  const release = () => {
    if (readRecord(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  process.once('exit', release);
  return release;
}

/** The record in `file` if it reads as `schema` and the process that wrote it still runs. */
export function liveProcessRecord<T extends object>(file: string, schema: z.ZodType<T>): (T & { pid: number }) | null {
  const raw = readRecord(file);
  const pid = z.number().int().safeParse(raw?.pid);
  const value = schema.safeParse(raw);
  return pid.success && value.success && processAlive(pid.data) ? { ...value.data, pid: pid.data } : null;
}

function readRecord(file: string): { pid?: unknown } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown };
  } catch {
    return null;
  }
}
