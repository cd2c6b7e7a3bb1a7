import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { bundleWorkflows } from '../../worker/bundle';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR } from '../support/histories';

const DIR = path.join(HISTORIES_DIR, 'leader-summary');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const bundle = bundleWorkflows(createRequire(import.meta.url).resolve('../../workflows/leader-summary/workflow.ts'));

describe('recorded leader-summary histories replay on the current workflow code', () => {
  it('has the first run and a run continued from it', () => {
    expect(files).toEqual(['weekly.run1.json', 'weekly.run2.json']);
  });

  it.each(files)('%s', async (file) => {
    // The generated class reads back what the recorder wrote (historyFromJSON trips over the two protobufjs copies).
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(DIR, file), 'utf8')));
    // Throws DeterminismViolationError when the code would issue other commands than the history recorded.
    await Worker.runReplayHistory({ workflowBundle: await bundle }, history, file);
  }, 60_000);
});
