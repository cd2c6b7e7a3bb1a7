import path from 'node:path';
import { z } from 'zod';
import { liveProcessRecord, writeProcessRecord } from './process-record';

const recordFile = (dataDir: string) => path.join(dataDir, 'stack.json');
const ZRunningStackSchema = z.object({ temporalAddress: z.string().min(1) });

/**
 * What `duban up` serves for its data folder, written while it runs: a command in another terminal then reaches this
 * folder's Temporal server, never the one another folder's `duban up` runs on the default port. Returns the release.
 */
export function recordRunningStack(dataDir: string, temporalAddress: string): () => void {
  return writeProcessRecord(recordFile(dataDir), { temporalAddress });
}

/** The `duban up` serving this data folder, if one runs. */
export function runningStackOf(dataDir: string): { pid: number; temporalAddress: string } | null {
  return liveProcessRecord(recordFile(dataDir), ZRunningStackSchema);
}
