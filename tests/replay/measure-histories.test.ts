import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { HISTORIES_DIR, loadHistory } from '../support/histories';
import { measureWorkflowBundle } from '../support/temporal';

const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json')).sort();

describe('recorded measure histories replay on the current workflow code', () => {
  it('has a history for every path', () => {
    const paths = new Set(files.map((f) => f.replace(/\.run\d+\.json$/, '')));
    expect([...paths].sort()).toEqual(
      [
        // Recorded before measures rescored their plan: they prove running workflows survive that change.
        'actions-cooperating-due',
        'actions-reassign-cancel',
        'coordinator-escalation',
        'escalated-then-done',
        'extension-approved',
        // Recorded after: rescoring on a report and on a period's close.
        'scores-period-close',
        'scores-report-done',
        // Recorded after: a cancelled measure rescores its plan.
        'scores-cancel',
        // Recorded after: a report is projected by a local activity.
        'report-local-done',
        // Recorded after: a measure's own steps run as local activities, its notices together.
        'steps-local-cooperating-due',
        'steps-local-escalated-done',
        'steps-local-extension',
        // Recorded after: reports and cancellations owe the plan scores, which the worker's score keeper pays.
        'scores-kept-report-done',
        'scores-kept-cancel',
        // Recorded after: past the final period's close a measure stays in its run.
        'final-stays-escalated-done',
        'final-stays-coordinator-escalation',
        // Recorded after: a period's close owes the plan scores, which the score keeper pays.
        'close-owes-scores',
        // Recorded after: a final due date moved past its close owes the plan scores again at its new close.
        'moved-close-rescores',
        // Recorded after: a coordinator's calendar change reaches a running measure, which counts its 催办 anew.
        'calendar-changed-urge-moves',
        // Recorded after: new thresholds reach a running measure and its next run.
        'ladder-changed-carried',
        // Recorded after: a 延期 request is mailed to the coordinating office, and its decision to the unit.
        'extension-mail',
      ].sort(),
    );
    expect(files.some((f) => /\.run2\.json$/.test(f))).toBe(true);
  });

  it.each(files)('%s', async (file) => {
    const history = loadHistory(path.join(HISTORIES_DIR, file));
    // Throws DeterminismViolationError when the code would issue other commands than the history recorded.
    await Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, history, file);
  }, 60_000);

  it('fails a history whose commands differ from what the code issues', async () => {
    const history = loadHistory(path.join(HISTORIES_DIR, 'scores-report-done.run1.json'));
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recomputePlanScores');
    expect(scheduled).toBeDefined();
    scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'sendNotice';
    await expect(Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, history, 'tampered')).rejects.toMatchObject({
      name: 'DeterminismViolationError',
    });
  }, 60_000);
});
