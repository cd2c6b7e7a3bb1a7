import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR, loadHistory } from '../support/histories';
import { measureWorkflowBundle } from '../support/temporal';

/** The workflows that act on a plan's measures together, each with its recorded paths. */
const RECORDED = {
  broadcast: ['calendar.run1.json', 'ladder.run1.json'],
  launch: ['batches.run1.json', 'batches.run2.json', 'batches.run3.json', 'plan-cancelled.run1.json'],
};

describe.each(Object.entries(RECORDED))('recorded %s histories replay on the current workflow code', (dir, expected) => {
  const files = readdirSync(path.join(HISTORIES_DIR, dir)).filter((f) => f.endsWith('.json')).sort();

  it('has every recorded path', () => {
    expect(files).toEqual(expected);
  });

  it.each(files)('%s', async (file) => {
    // Throws DeterminismViolationError when the code would issue other commands than the history recorded.
    await Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, loadHistory(path.join(HISTORIES_DIR, dir, file)), file);
  }, 60_000);
});
