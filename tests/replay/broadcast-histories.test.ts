import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR, loadHistory } from '../support/histories';
import { measureWorkflowBundle } from '../support/temporal';

const DIR = path.join(HISTORIES_DIR, 'broadcast');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded broadcasts to running measures replay on the current workflow code', () => {
  it('has a calendar change and a ladder change', () => {
    expect(files).toEqual(['calendar.run1.json', 'ladder.run1.json']);
  });

  it.each(files)('%s', async (file) => {
    // Throws DeterminismViolationError when the code would issue other commands than the history recorded.
    await Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, loadHistory(path.join(DIR, file)), file);
  }, 60_000);
});
