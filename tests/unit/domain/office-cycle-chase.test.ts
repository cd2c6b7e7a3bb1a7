import { describe, expect, it } from 'vitest';
import { refuseAcknowledge, refuseChase, refuseConfirmAssignment } from '../../../domain/measure-requests';
import { acknowledgeSteps, decideNext, type TMeasureAction } from '../../../domain/measure-rules';
import type { TMeasureState } from '../../../domain/measure-state';
import { ZOfficeCycleSchema } from '../../../domain/office-cycle';
import { ALL_CHASED, at, cal, ladder, measure } from './rules-fixture';

const RULE = 'leads-done-and-cooperating-reported' as const;
const SHIPPED = ZOfficeCycleSchema.parse({});
const what = (actions: TMeasureAction[]) =>
  actions.flatMap((a) => (a.type === 'acknowledge-chase' ? [`${a.assignmentId}:${a.step}@${a.due}`] : a.type === 'notify' ? [`${a.assignmentId}:${a.step}`] : []));
/** Both units acknowledged: only the ladder runs. */
const acknowledged = (s: TMeasureState): TMeasureState => ({ ...s, assignments: s.assignments.map((a) => ({ ...a, acknowledgedAt: 0 })) });

describe('签收 within the plan’s working days (default 2)', () => {
  it('the deadline counts working days from the day the unit came to hold the assignment', () => {
    // Friday 2026-01-09 + 2 working days: Tuesday 01-13; reminded Wednesday, the office told Thursday, at the send hour.
    expect(acknowledgeSteps('2026-01-09', 2, ladder, cal)).toEqual({
      due: '2026-01-13',
      steps: [
        { step: 'ack-reminder', at: at('2026-01-14') },
        { step: 'ack-office', at: at('2026-01-15') },
      ],
    });
  });

  it.each<[string, number, string[]]>([
    ['in time: nothing, and wakes for the reminder', at('2026-01-07', 18), []],
    ['the day after the deadline: the unit reminded', at('2026-01-08', 10), ['a-lead:ack-reminder@2026-01-07', 'a-coop:ack-reminder@2026-01-07']],
    ['a worker down for days: only the office told', at('2026-01-12', 10), ['a-lead:ack-office@2026-01-07', 'a-coop:ack-office@2026-01-07']],
  ])('%s', (_, now, expected) => {
    const next = decideNext(measure(), now, cal, ladder, RULE, SHIPPED);
    expect(what(next.actions)).toEqual(expected);
    if (expected.length === 0) expect(next.wakeAt).toBe(at('2026-01-08'));
  });

  it('not for a unit that acknowledged, reported, or refused; nothing with no deadline set', () => {
    const s = measure();
    s.assignments[0]!.acknowledgedAt = 0;
    s.reports.push({ reportId: 'r1', assignmentId: 'a-coop', period: '2026-H1', status: 'in_progress', percent: 10, at: 0 });
    expect(what(decideNext(s, at('2026-01-08', 10), cal, ladder, RULE, SHIPPED).actions)).toEqual([]);
    const refused = measure();
    refused.assignments.forEach((a) => (a.refused = { reason: '分工有误', at: 0 }));
    expect(decideNext(refused, at('2026-07-20', 10), cal, ladder, RULE, SHIPPED).actions).toEqual([]);
    expect(what(decideNext(measure(), at('2026-01-08', 10), cal, ladder, RULE, { ...SHIPPED, acknowledgeDays: 0 }).actions)).toEqual([]);
  });
});

describe('拒签 and 催办 by hand: what a running measure refuses', () => {
  it('a refused assignment is not acknowledged or refused again until the office confirms it', () => {
    const s = measure();
    expect(refuseAcknowledge(s, { assignmentId: 'a-coop' })).toBeNull();
    expect(refuseConfirmAssignment(s, { unitId: 'u2' })).toMatchObject({ code: 'AssignmentNotRefused' });
    s.assignments[1]!.refused = { reason: '分工有误', at: 0 };
    expect(refuseAcknowledge(s, { assignmentId: 'a-coop' })).toMatchObject({ code: 'AlreadyRefused' });
    expect(refuseConfirmAssignment(s, { unitId: 'u2' })).toBeNull();
    s.assignments[0]!.acknowledgedAt = 0;
    expect(refuseAcknowledge(s, { assignmentId: 'a-lead' })).toMatchObject({ code: 'AlreadyAcknowledged' });
  });

  it('催办 names only units holding the measure', () => {
    expect(refuseChase(measure(), { unitIds: ['u1', 'u2'] })).toBeNull();
    expect(refuseChase(measure(), { unitIds: ['u1', 'u9'] })).toEqual({ code: 'UnitNotAssigned', params: { unitId: 'u9' } });
    expect(refuseChase(measure({ status: 'cancelled' }), { unitIds: ['u1'] })).toMatchObject({ code: 'MeasureClosed' });
  });
});

describe('cooperating units are chased in proportion (default: notice, reminder and 催办 only)', () => {
  const late = (cooperatingChase: 'urge' | 'supervise' | 'coordinator') =>
    what(decideNext(acknowledged(measure()), at('2026-07-27', 10), cal, ladder, RULE, { ...SHIPPED, cooperatingChase }).actions);

  it('the lead climbs the whole ladder; a cooperating unit stops at 催办', () => {
    // H1 due Wednesday 07-15: 7 working days late on Friday 07-24; on 07-27 every step is due.
    expect(late('urge')).toEqual(['a-lead:urge', 'a-lead:supervise', 'a-lead:coordinator', 'a-coop:urge']);
  });

  it('the plan may chase them further', () => {
    expect(late('supervise')).toEqual(['a-lead:urge', 'a-lead:supervise', 'a-lead:coordinator', 'a-coop:urge', 'a-coop:supervise']);
    expect(late('coordinator')).toEqual(['a-lead:urge', 'a-lead:supervise', 'a-lead:coordinator', 'a-coop:urge', 'a-coop:supervise', 'a-coop:coordinator']);
  });

  it('with the whole ladder for every unit, the rules are as before', () => {
    expect(what(decideNext(acknowledged(measure()), at('2026-07-27', 10), cal, ladder, RULE, ALL_CHASED).actions)).toEqual(late('coordinator'));
  });
});
