import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export const HISTORIES_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'histories');

/**
 * With DUBAN_RECORD_HISTORIES=1, writes every run of a workflow (following continue-as-new back to the first) to
 * tests/fixtures/histories/<name>.run<N>.json for the replay suite. A recorded history is never overwritten: from the
 * first release on it stands for executions started by the code of its day, which must keep replaying, and a new path
 * gets a new name; before it, a fixture is recorded again by deleting it first (DEVELOPERS.md, "Versioning").
 */
export async function recordHistories(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.DUBAN_RECORD_HISTORIES !== '1') return;
  if (existsSync(path.join(HISTORIES_DIR, `${name}.run1.json`))) return;
  mkdirSync(path.dirname(path.join(HISTORIES_DIR, name)), { recursive: true });
  const runs = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.unshift(history);
    const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
    runId = started?.continuedExecutionRunId ?? undefined;
    if (!runId) break;
  }
  runs.forEach((h, i) => writeFileSync(path.join(HISTORIES_DIR, `${name}.run${i + 1}.json`), JSON.stringify(toJson(h), null, 1)));
}

const { History } = temporal.api.history.v1;

// @temporalio/common 1.24.0's historyToJSON/historyFromJSON fail here ("type must be a Type": it resolves a second
// copy of protobufjs), so fixtures are protobufjs' own object form: 64-bit numbers as strings, enums by name, bytes
// as base64.
function toJson(history: temporal.api.history.v1.IHistory): unknown {
  return History.toObject(History.fromObject(history), { longs: String, enums: String, bytes: String });
}

export function loadHistory(file: string): temporal.api.history.v1.History {
  return History.fromObject(JSON.parse(readFileSync(file, 'utf8')));
}
