import { describe, expect, it } from 'vitest';
import { instructionStepKey, instructionSteps, replyDeadline, ZInstructionBodySchema } from '../../../domain/instructions';
import { assignmentDue, refuseInstruction, refuseInstructionReply, refuseSubtask, refuseSubtaskDone } from '../../../domain/measure-requests';
import { subtaskProgress, subtaskStepKey } from '../../../domain/subtasks';
import { countEscalations, decideNext, type TMeasureAction } from '../../../domain/measure-rules';
import type { TMeasureState } from '../../../domain/measure-state';
import { ALL_CHASED, at, cal, ladder, measure } from './rules-fixture';

const RULE = 'leads-done-and-cooperating-reported' as const;
const chased = (actions: TMeasureAction[]) => actions.flatMap((a) => (a.type === 'instruction-chase' ? [`${a.assignmentId}:${a.step}@${a.replyBy}`] : []));

/** A 批示 of Monday 2026-03-02 to both units, to reply by Friday 03-06. */
function instructed(replied: Record<string, number> = {}): TMeasureState {
  return measure({ instructions: [{ id: 'i1', replyBy: '2026-03-06', assignmentIds: ['a-lead', 'a-coop'], replied }] });
}

describe('领导批示: the reply deadline, as the measure’s timers', () => {
  it('the reminder on the deadline and the office the working day after, at the send hour', () => {
    // Friday 03-06: the office is told on Monday 03-09, over the weekend.
    expect(instructionSteps('2026-03-06', ladder, cal)).toEqual([
      { step: 'instruction-reminder', at: at('2026-03-06') },
      { step: 'instruction-office', at: at('2026-03-09') },
    ]);
  });

  it('a deadline in working days counts from today; a date is taken as given', () => {
    expect(replyDeadline({ replyDays: 3 }, '2026-03-05', cal)).toBe('2026-03-10');
    expect(replyDeadline({}, '2026-03-02', cal)).toBe('2026-03-09');
    expect(replyDeadline({ replyBy: '2026-03-20' }, '2026-03-02', cal)).toBe('2026-03-20');
  });

  it.each<[string, number, Record<string, number>, string[]]>([
    ['before the deadline: nothing', at('2026-03-05', 18), {}, []],
    ['on the deadline: each unit that has not replied is reminded', at('2026-03-06', 10), {}, ['a-lead:instruction-reminder@2026-03-06', 'a-coop:instruction-reminder@2026-03-06']],
    ['a unit that replied is not', at('2026-03-06', 10), { 'a-lead': 0 }, ['a-coop:instruction-reminder@2026-03-06']],
    ['the working day after: the office is told', at('2026-03-09', 10), { 'a-coop': 0 }, ['a-lead:instruction-office@2026-03-06']],
  ])('%s', (_, now, replied, expected) => {
    const s = instructed(replied);
    // The reminder already sent where the office is due, as the loop would have recorded it.
    if (now >= at('2026-03-09')) s.fired.push(instructionStepKey('i1', 'a-lead', 'instruction-reminder'));
    expect(chased(decideNext(s, now, cal, ladder, RULE, ALL_CHASED).actions)).toEqual(expected);
  });

  it('wakes for the reminder; a worker down past both steps tells only the office; nothing fires twice', () => {
    expect(decideNext(instructed(), at('2026-03-02', 12), cal, ladder, RULE, ALL_CHASED).wakeAt).toBe(at('2026-03-06'));
    expect(chased(decideNext(instructed(), at('2026-03-10', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual([
      'a-lead:instruction-office@2026-03-06',
      'a-coop:instruction-office@2026-03-06',
    ]);
    const done = instructed();
    for (const a of ['a-lead', 'a-coop']) for (const step of ['instruction-reminder', 'instruction-office'] as const) done.fired.push(instructionStepKey('i1', a, step));
    expect(chased(decideNext(done, at('2026-03-10', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual([]);
    // Its steps are no escalations of the measure.
    expect(countEscalations(done)).toBe(0);
  });

  it('a unit that no longer holds the measure is not chased for it', () => {
    const s = instructed();
    s.assignments[1]!.active = false;
    expect(chased(decideNext(s, at('2026-03-06', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual(['a-lead:instruction-reminder@2026-03-06']);
  });
});

describe('领导批示: what a running measure refuses', () => {
  it('a unit not on the measure, a deadline in the past, a closed measure', () => {
    expect(refuseInstruction(measure(), { unitIds: ['u1'], replyBy: '2026-03-02' }, '2026-03-02')).toBeNull();
    expect(refuseInstruction(measure(), { unitIds: ['u9'] }, '2026-03-02')).toMatchObject({ code: 'UnitNotAssigned' });
    expect(refuseInstruction(measure(), { replyBy: '2026-03-01' }, '2026-03-02')).toMatchObject({ code: 'ReplyByBeforeToday', params: { replyBy: '2026-03-01', today: '2026-03-02' } });
    expect(refuseInstruction(measure({ status: 'done' }), {}, '2026-03-02')).toMatchObject({ code: 'MeasureClosed' });
  });

  it('a reply: to an instruction of the measure, by a unit it was sent to, once', () => {
    const s = measure({ instructions: [{ id: 'i1', replyBy: '2026-03-06', assignmentIds: ['a-lead'], replied: {} }] });
    expect(refuseInstructionReply(s, { instructionId: 'i1', assignmentId: 'a-lead' })).toBeNull();
    expect(refuseInstructionReply(s, { instructionId: 'i2', assignmentId: 'a-lead' })).toMatchObject({ code: 'UnknownInstruction' });
    expect(refuseInstructionReply(s, { instructionId: 'i1', assignmentId: 'a-coop' })).toMatchObject({ code: 'NotInstructed' });
    s.instructions![0]!.replied['a-lead'] = 0;
    expect(refuseInstructionReply(s, { instructionId: 'i1', assignmentId: 'a-lead' })).toMatchObject({ code: 'AlreadyReplied' });
  });

  it('the body: text required, one deadline at most', () => {
    expect(ZInstructionBodySchema.safeParse({ text: '  ' }).success).toBe(false);
    expect(ZInstructionBodySchema.safeParse({ text: '抓紧推进', replyBy: '2026-03-06', replyDays: 3 }).success).toBe(false);
    expect(ZInstructionBodySchema.parse({ text: ' 抓紧推进 ', replyDays: 3 })).toEqual({ text: '抓紧推进', replyDays: 3 });
  });
});

describe('分解: a lead unit’s sub-tasks, as the measure’s timers', () => {
  const withSubtasks = (done = false): TMeasureState =>
    measure({ subtasks: [{ id: 's1', assignmentId: 'a-lead', due: '2026-03-06', done }] });
  const subChased = (actions: TMeasureAction[]) => actions.flatMap((a) => (a.type === 'subtask-chase' ? [`${a.subtaskId}:${a.step}`] : []));

  it.each<[string, number, boolean, string[]]>([
    ['before its day: nothing', at('2026-03-05', 18), false, []],
    ['on its day: its person reminded', at('2026-03-06', 10), false, ['s1:subtask-due']],
    ['done: nothing', at('2026-03-06', 10), true, []],
  ])('%s', (_, now, done, expected) => {
    expect(subChased(decideNext(withSubtasks(done), now, cal, ladder, RULE, ALL_CHASED).actions)).toEqual(expected);
  });

  it('the working day after, its unit told; each once; wakes for the next', () => {
    const s = withSubtasks();
    s.fired.push(subtaskStepKey('s1', 'a-lead', 'subtask-due'));
    expect(subChased(decideNext(s, at('2026-03-09', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual(['s1:subtask-overdue']);
    expect(decideNext(s, at('2026-03-06', 12), cal, ladder, RULE, ALL_CHASED).wakeAt).toBe(at('2026-03-09'));
    s.fired.push(subtaskStepKey('s1', 'a-lead', 'subtask-overdue'));
    expect(subChased(decideNext(s, at('2026-03-20', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual([]);
    expect(countEscalations(s)).toBe(0);
  });

  it('refused: after the assignment’s due date, before today, by a cooperating unit; progress counts the unit’s own', () => {
    const s = measure();
    const last = assignmentDue(s, 'a-lead');
    expect(refuseSubtask(s, { assignmentId: 'a-lead', due: last }, '2026-03-02')).toBeNull();
    expect(refuseSubtask(s, { assignmentId: 'a-lead', due: '2099-01-01' }, '2026-03-02')).toMatchObject({ code: 'SubtaskAfterAssignment', params: { assignmentDue: last } });
    expect(refuseSubtask(s, { assignmentId: 'a-lead', due: '2026-03-01' }, '2026-03-02')).toMatchObject({ code: 'DueDateBeforeToday' });
    expect(refuseSubtask(s, { assignmentId: 'a-coop', due: '2026-03-06' }, '2026-03-02')).toMatchObject({ code: 'SubtasksLeadOnly' });
    const two = measure({ subtasks: [{ id: 's1', assignmentId: 'a-lead', due: '2026-03-06', done: true }, { id: 's2', assignmentId: 'a-lead', due: '2026-03-09', done: false }] });
    expect(subtaskProgress(two.subtasks, 'a-lead')).toEqual({ done: 1, total: 2 });
    expect(subtaskProgress(two.subtasks, 'a-coop')).toBeNull();
    expect(refuseSubtaskDone(two, { assignmentId: 'a-lead', subtaskId: 's1' })).toMatchObject({ code: 'SubtaskDone' });
    expect(refuseSubtaskDone(two, { assignmentId: 'a-coop', subtaskId: 's2' })).toMatchObject({ code: 'UnknownSubtask' });
    expect(refuseSubtaskDone(two, { assignmentId: 'a-lead', subtaskId: 's2' })).toBeNull();
  });
});
