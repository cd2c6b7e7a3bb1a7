import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../../worker/bundle';
import { HISTORIES_DIR, loadHistory } from '../support/histories';

const DIR = path.join(HISTORIES_DIR, 'review-reminders');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const bundle = bundleWorkflows(createRequire(import.meta.url).resolve('../../workflows/review-reminders/workflow.ts'));

describe('recorded review-reminder histories replay on the current workflow code', () => {
  it('has a working day’s run (review reminder, 年度总结 due), the weekend continued from it, and Monday’s (the office told of a missing summary)', () => {
    expect(files).toEqual(['daily.run1.json', 'daily.run2.json', 'daily.run3.json', 'daily.run4.json', 'daily.run5.json']);
  });

  it.each(files)('%s', async (file) => {
    // Throws DeterminismViolationError when the code would issue other commands than the history recorded.
    await Worker.runReplayHistory({ workflowBundle: await bundle }, loadHistory(path.join(DIR, file)), file);
  }, 60_000);
});
