import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shanghaiMidnight } from '../../../calendar/working-days';
import { stepsFor, ZEscalationLadderSchema } from '../../../domain/ladder';
import { countEscalations, currentPeriod, decideNext, isComplete, periodForReport, runClose, stepKey, stepOfKey, type TMeasureAction } from '../../../domain/measure-rules';
import type { TMeasureState, TReportState } from '../../../domain/measure-state';
import { ALL_CHASED, at, cal, ladder, measure } from './rules-fixture';

const report = (assignmentId: string, period: string, status: TReportState['status'] = 'in_progress', percent = 50): TReportState => ({
  reportId: `${assignmentId}-${period}`,
  assignmentId,
  period,
  status,
  percent,
  at: 0,
});
const notices = (actions: TMeasureAction[]) =>
  actions.flatMap((a) => (a.type === 'notify' ? [`${a.assignmentId}:${a.period}:${a.step}:${a.workingDaysLate}`] : []));

describe('the default ladder around a report due Wednesday 2026-07-15', () => {
  it('places each step on the right working day', () => {
    expect(stepsFor('2026-07-15', ladder, cal).map((s) => `${s.step}@${s.date}`)).toEqual([
      'reminder@2026-07-10',
      'due@2026-07-15',
      'urge@2026-07-16',
      'supervise@2026-07-20',
      'coordinator@2026-07-24',
    ]);
  });
  it('skips the National Day week when counting overdue days', () => {
    expect(stepsFor('2026-09-30', ladder, cal).map((s) => s.date)).toEqual(['2026-09-24', '2026-09-30', '2026-10-08', '2026-10-10', '2026-10-15']);
  });
});

describe('decideNext', () => {
  const h1 = (s: TMeasureState) => s.periods[0]!.key;

  it.each<[string, number, (s: TMeasureState) => Partial<TMeasureState>, string[]]>([
    ['nothing before the reminder', at('2026-07-09'), () => ({}), []],
    ['a reminder to both units at 09:00 three working days before', at('2026-07-10'), () => ({}),
      ['a-lead:2026-H1:reminder:0', 'a-coop:2026-H1:reminder:0']],
    ['no reminder to a unit that already reported', at('2026-07-10'), (s) => ({ reports: [report('a-lead', h1(s))] }),
      ['a-coop:2026-H1:reminder:0']],
    ['a due notice on the due day', at('2026-07-15'),
      () => ({ fired: ['a-lead/2026-H1/reminder@2026-07-15', 'a-coop/2026-H1/reminder@2026-07-15'] }), ['a-lead:2026-H1:due:0', 'a-coop:2026-H1:due:0']],
    ['催办 one working day late', at('2026-07-16'),
      () => ({ fired: ['reminder', 'due'].flatMap((s) => [`a-lead/2026-H1/${s}@2026-07-15`, `a-coop/2026-H1/${s}@2026-07-15`]) }),
      ['a-lead:2026-H1:urge:1', 'a-coop:2026-H1:urge:1']],
    ['launched after the reminder’s time: no reminder, nothing past at launch is sent', at('2026-07-13'), () => ({ launchedAt: at('2026-07-13', 8) }), []],
    ['launched after the reminder’s time: the due notice still comes on the due day', at('2026-07-15'), () => ({ launchedAt: at('2026-07-13', 8) }),
      ['a-lead:2026-H1:due:0', 'a-coop:2026-H1:due:0']],
    ['launched a week after the due date: no 催办, 督办 or 提请协调 for it', at('2026-07-24', 10), () => ({ launchedAt: at('2026-07-24', 9) }), []],
    ['a worker down for a week catches up on every escalation but not on stale notices', at('2026-07-24', 10), () => ({}),
      ['a-lead', 'a-coop'].flatMap((a) => ['urge', 'supervise', 'coordinator'].map((s) => `${a}:2026-H1:${s}:7`))],
    ['an approved extension moves every step', at('2026-07-16'),
      () => ({ extensions: [{ id: 'e', assignmentId: 'a-lead', period: '2026-H1', originalDue: '2026-07-15', requestedDue: '2026-07-31', status: 'approved' }],
        fired: ['reminder', 'due'].flatMap((s) => [`a-lead/2026-H1/${s}@2026-07-15`, `a-coop/2026-H1/${s}@2026-07-15`]) }),
      ['a-coop:2026-H1:urge:1']],
    ['a unit reminded of the old date is reminded of the extended one', at('2026-07-28'),
      () => ({ extensions: [{ id: 'e', assignmentId: 'a-lead', period: '2026-H1', originalDue: '2026-07-15', requestedDue: '2026-07-31', status: 'approved' }],
        reports: [{ reportId: 'r', assignmentId: 'a-coop', period: '2026-H1', status: 'in_progress', percent: 90, at: 0 }],
        fired: ['a-lead/2026-H1/reminder@2026-07-15'] }),
      ['a-lead:2026-H1:reminder:0']],
    ['a pending extension does not', at('2026-07-16'),
      () => ({ extensions: [{ id: 'e', assignmentId: 'a-lead', period: '2026-H1', originalDue: '2026-07-15', requestedDue: '2026-07-31', status: 'pending' }],
        fired: ['reminder', 'due'].flatMap((s) => [`a-lead/2026-H1/${s}@2026-07-15`, `a-coop/2026-H1/${s}@2026-07-15`]) }),
      ['a-lead:2026-H1:urge:1', 'a-coop:2026-H1:urge:1']],
    ['a removed unit is not chased', at('2026-07-10'),
      (s) => ({ assignments: s.assignments.map((a) => (a.id === 'a-coop' ? { ...a, active: false } : a)) }), ['a-lead:2026-H1:reminder:0']],
  ])('%s', (_what, now, change, expected) => {
    const base = measure();
    const { actions } = decideNext({ ...base, ...change(base) }, now, cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED);
    expect(notices(actions)).toEqual(expected);
  });

  it('wakes for the next step, and never in the past', () => {
    const { wakeAt } = decideNext(measure(), at('2026-03-01'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED);
    expect(wakeAt).toBe(shanghaiMidnight('2026-07-10'));
    const later = decideNext(measure({ fired: ['a-lead/2026-H1/reminder@2026-07-15', 'a-coop/2026-H1/reminder@2026-07-15'] }), at('2026-07-10'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED);
    expect(later.wakeAt).toBe(shanghaiMidnight('2026-07-15') + 9 * 3_600_000);
  });

  it('turns yellow in the reminder window, red the day after the due date, and records the measure colour', () => {
    const colours = (now: number, s = measure()) =>
      decideNext(s, now, cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED).actions.flatMap((a) =>
        a.type === 'colour' ? [`${a.assignmentId ?? 'measure'}:${a.to}`] : [],
      );
    expect(colours(at('2026-07-09'))).toEqual([]);
    expect(colours(shanghaiMidnight('2026-07-10'))).toEqual(['a-lead:yellow', 'a-coop:yellow', 'measure:yellow']);
    expect(colours(shanghaiMidnight('2026-07-16'))).toEqual(['a-lead:red', 'a-coop:red', 'measure:red']);
  });

  it('turns yellow when the reported percent falls behind the time elapsed', () => {
    const s = measure({ reports: [report('a-lead', '2026-H1', 'in_progress', 10)] });
    const actions = decideNext(s, at('2026-03-01'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED).actions;
    expect(actions).toContainEqual(expect.objectContaining({ type: 'colour', assignmentId: 'a-lead', to: 'yellow' }));
  });

  it('completes when the lead is done and the cooperating unit reported for that period', () => {
    const done = measure({ reports: [report('a-lead', '2026-H2', 'done', 100), report('a-coop', '2026-H2')] });
    expect(decideNext(done, at('2027-01-10'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED).actions).toEqual([{ type: 'complete' }]);
    const red = { ...done, colour: 'red' as const, assignments: done.assignments.map((a) => ({ ...a, colour: 'red' as const })) };
    expect(decideNext(red, at('2027-01-10'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED).actions.map((a) => a.type === 'colour' ? a.to : a.type)).toEqual(['green', 'green', 'green', 'complete']);
    const coopMissing = measure({ reports: [report('a-lead', '2026-H2', 'done', 100), report('a-coop', '2026-H1')] });
    expect(isComplete(coopMissing, 'leads-done-and-cooperating-reported')).toBe(false);
    expect(isComplete(coopMissing, 'leads-done')).toBe(true);
    expect(isComplete(done, 'all-done')).toBe(false);
  });

  it('an early done ends what anybody owes at that period', () => {
    const s = measure({ reports: [report('a-lead', '2026-H1', 'done', 100)] });
    expect(notices(decideNext(s, at('2026-07-10'), cal, ladder, 'leads-done-and-cooperating-reported', ALL_CHASED).actions)).toEqual([
      'a-coop:2026-H1:reminder:0',
    ]);
    expect(isComplete({ ...s, reports: [...s.reports, report('a-coop', '2026-H1')] }, 'leads-done-and-cooperating-reported')).toBe(true);
  });
});

describe('periodForReport', () => {
  it.each([
    ['before H1 is due: H1', '2026-05-01', [], '2026-H1'],
    ['late, H1 unreported: H1', '2026-08-01', [], '2026-H1'],
    ['after H1 reported: H2', '2026-08-01', ['2026-H1'], '2026-H2'],
    ['a second report before the due date: still H1', '2026-07-01', ['2026-H1'], '2026-H1'],
    ['after everything: the last', '2027-03-01', ['2026-H1', '2026-H2'], '2026-H2'],
  ])('%s', (_w, today, done, expected) => {
    const s = measure({ reports: done.map((p) => report('a-lead', p)) });
    expect(periodForReport(s, 'a-lead', today).key).toBe(expected);
  });
});

describe('the step keys of what a measure has done', () => {
  it.each([
    ['a reminder, keyed by its due date', 'a-lead/2026-H1/reminder@2026-07-15', 'reminder'],
    ['a due notice', 'a-lead/2026-H1/due@2026-07-31', 'due'],
    ['催办', 'a-lead/2026-H1/urge', 'urge'],
    ['提请协调', 'a-coop/final/coordinator', 'coordinator'],
  ])('%s', (_w, key, step) => {
    expect(stepOfKey(key)).toBe(step);
  });

  it('counts the escalations only, whatever the periods and units', () => {
    const fired = (['reminder', 'due', 'urge', 'supervise', 'coordinator'] as const).map((step) => stepKey('a-lead', '2026-H1', step, '2026-07-15'));
    expect(countEscalations(measure({ fired: [...fired, 'a-coop/2026-H2/urge', 'a-coop/2026-H2/due@2027-01-15'] }))).toBe(4);
    expect(countEscalations(measure())).toBe(0);
  });
});

describe('where a run stands against its periods’ closes', () => {
  // Half-yearly: H1 due 2026-07-15, H2 (final) due 2027-01-15.
  it.each<[string, Partial<TMeasureState>, number, string, { closedDue: string | null; nextRun: boolean }]>([
    ['before the first close', {}, 0, '2026-07-15', { closedDue: null, nextRun: false }],
    ['the day after H1 is due: closed, and H2 follows in a new run', {}, 0, '2026-07-16', { closedDue: '2026-07-15', nextRun: true }],
    ['a run that began in H2, before its close', {}, 1, '2026-08-01', { closedDue: null, nextRun: false }],
    ['past the final close: closed, and the run stays', {}, 1, '2027-01-16', { closedDue: '2027-01-15', nextRun: false }],
    ['H1 moved to 07-31: not closed on 07-20', { dueOverrides: { '2026-H1': '2026-07-31' } }, 0, '2026-07-20', { closedDue: null, nextRun: false }],
    ['H1 moved to 07-31: closed on 08-01', { dueOverrides: { '2026-H1': '2026-07-31' } }, 0, '2026-08-01', { closedDue: '2026-07-31', nextRun: true }],
  ])('%s', (_w, overrides, runPeriod, today, expected) => {
    expect(runClose(measure(overrides), runPeriod, today)).toEqual(expected);
  });

  it('counts a run’s period from the first report not yet due', () => {
    expect([currentPeriod(measure(), '2026-03-01'), currentPeriod(measure(), '2026-07-16'), currentPeriod(measure(), '2027-02-01')]).toEqual([0, 1, 2]);
  });
});

describe('properties', () => {
  const ladders = fc
    .record({ r: fc.integer({ min: 0, max: 5 }), u: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 5 }) })
    .map(({ r, u, s, c }) =>
      ZEscalationLadderSchema.parse({ reminderWorkingDaysBefore: r, urgeAfterWorkingDays: u, superviseAfterWorkingDays: u + s, coordinatorAfterWorkingDays: u + s + c }),
    );
  const instants = fc.integer({ min: at('2026-01-06'), max: at('2027-03-01') });

  it('running every action and deciding again never repeats a step, and wakeAt is in the future', () => {
    fc.assert(
      fc.property(ladders, instants, (l, now) => {
        let s = measure();
        const first = decideNext(s, now, cal, l, 'leads-done-and-cooperating-reported', ALL_CHASED);
        if (first.wakeAt !== null) expect(first.wakeAt).toBeGreaterThan(now);
        const fired = first.actions.flatMap((a) => (a.type === 'notify' ? [stepKey(a.assignmentId, a.period, a.step, a.due)] : []));
        expect(new Set(fired).size).toBe(fired.length);
        s = {
          ...s,
          fired,
          assignments: s.assignments.map((a) => {
            const c = first.actions.find((x) => x.type === 'colour' && x.assignmentId === a.id);
            return c && c.type === 'colour' ? { ...a, colour: c.to } : a;
          }),
          colour: first.actions.find((x) => x.type === 'colour' && x.assignmentId === null)?.type === 'colour'
            ? (first.actions.find((x) => x.type === 'colour' && x.assignmentId === null) as { to: TMeasureState['colour'] }).to
            : s.colour,
        };
        expect(decideNext(s, now, cal, l, 'leads-done-and-cooperating-reported', ALL_CHASED).actions).toEqual([]);
      }),
    );
  });

  it('a unit that has reported every period is never chased', () => {
    fc.assert(
      fc.property(ladders, instants, (l, now) => {
        const s = measure();
        const all = { ...s, reports: s.periods.flatMap((p) => [report('a-lead', p.key), report('a-coop', p.key)]) };
        expect(notices(decideNext(all, now, cal, l, 'leads-done-and-cooperating-reported', ALL_CHASED).actions)).toEqual([]);
      }),
    );
  });
});
