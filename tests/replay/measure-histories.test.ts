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
        // 催办, 督办 and 提请协调 to a unit that never reports; the measure stays in its run past its final close.
        'escalation-three-levels',
        // Escalated, then done by a late report.
        'escalated-then-done',
        // 延期 requested (with its email to the office), approved (with its email to the unit), reminded by the new date, done.
        'extension-requested-decided',
        // A coordinator's calendar change reaches the running measure, which counts its 催办 anew.
        'calendar-changed',
        // New thresholds reach the running measure; at the period's close it continues as new, carrying them.
        'ladder-changed-next-period',
        // A cooperating unit removed and a due date moved, then done by the new date.
        'due-moved-then-done',
        // Reassigned to another unit, a cooperating unit added, then cancelled.
        'reassigned-then-cancelled',
        // A period's close owes the plan its scores, again when its date moves past it; then cancelled.
        'close-owed-then-cancelled',
        // Acknowledged (签收); a done report waits for the office's review, is returned (reminded and 催办 against the rework deadline),
        // reported again and accepted: done.
        'acknowledged-reviewed-returned-accepted',
        // Not acknowledged (签收) by its deadline: the unit reminded, then the office told; acknowledged late; 催办 by hand.
        'acknowledge-reminded-office-told-chased',
        // Refused (拒签) with a reason: no 签收 reminder while the office decides; confirmed, reminded from then, acknowledged;
        // 办结销号 by the office with a reason.
        'refused-confirmed-acknowledged-closed',
        // 领导批示 to both units: one replies (the leader mailed), the other is reminded on the deadline, the office told
        // the working day after, then replies; a second 批示 entered by a coordinator on the leader's behalf.
        'instruction-replied-reminded-office-told',
        // 分解: two sub-tasks of the lead unit; one reminded to its person on its day, its unit told the day after, then
        // done; a report carrying their progress; the other done before its day, never reminded.
        'subtasks-reminded-unit-told-done-reported',
        // Cooperating units report their parts to the lead unit (cycle.reportTo = lead), which is told of each; its
        // report consolidates them, waits for the office's review and is accepted: done.
        'report-to-lead-consolidated-accepted',
        // The lead unit returns (退回) a cooperating unit's part with a reason and a rework time; the unit is told,
        // reminded and 催办 against the rework date, sends it again, and the lead's report includes the new part.
        'report-to-lead-part-returned',
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
    const history = loadHistory(path.join(HISTORIES_DIR, 'extension-requested-decided.run1.json'));
    const scheduled = history.events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordExtension');
    expect(scheduled).toBeDefined();
    // The untouched history replays; the same history with one activity's type changed does not.
    await Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, history, 'untouched');
    scheduled!.activityTaskScheduledEventAttributes!.activityType!.name = 'applyCoordinatorAction';
    await expect(Worker.runReplayHistory({ workflowBundle: await measureWorkflowBundle() }, history, 'tampered')).rejects.toMatchObject({
      name: 'DeterminismViolationError',
    });
  }, 60_000);
});
