import { describe, expect, it } from 'vitest';
import { reportsToCarry } from '../../../domain/measure-carry';
import { ZReviewReportBodySchema } from '../../../domain/measure-actions';
import type { TRefusal } from '../../../domain/measure-failures';
import { ZAcknowledgeBodySchema } from '../../../domain/acknowledgement';
import { refuseAcknowledge, refuseExtensionRequest, refuseReport, refuseReview } from '../../../domain/measure-requests';
import { decideNext, isComplete, periodForReport, type TMeasureAction } from '../../../domain/measure-rules';
import type { TReportState, TReviewStatus } from '../../../domain/measure-state';
import { needsReview, ZOfficeCycleSchema } from '../../../domain/office-cycle';
import { ALL_CHASED, at, cal, ladder, measure } from './rules-fixture';

const report = (assignmentId: string, period: string, status: TReportState['status'], review?: TReviewStatus, reworkDue?: string): TReportState => ({
  reportId: `${assignmentId}-${period}-${review ?? 'none'}`,
  assignmentId,
  period,
  status,
  percent: status === 'done' ? 100 : 50,
  at: 0,
  ...(review ? { review } : {}),
  ...(reworkDue ? { reworkDue } : {}),
});
const notices = (actions: TMeasureAction[]) => actions.flatMap((a) => (a.type === 'notify' ? [`${a.assignmentId}:${a.period}:${a.step}@${a.due}`] : []));
const colours = (actions: TMeasureAction[]) => actions.flatMap((a) => (a.type === 'colour' ? [`${a.assignmentId ?? 'measure'}:${a.to}`] : []));
const RULE = 'leads-done-and-cooperating-reported' as const;
/** Both units reminded and told on the due day of 2026-H1 already. */
const notified = ['reminder', 'due'].flatMap((s) => [`a-lead/2026-H1/${s}@2026-07-15`, `a-coop/2026-H1/${s}@2026-07-15`]);

describe('which reports wait for the office’s review (plan setting, final only by default)', () => {
  it.each<[string, object, TReportState['status'], boolean]>([
    ['final only: a report that says done', {}, 'done', true],
    ['final only: a period report', {}, 'in_progress', false],
    ['final only: a blocked report', { review: 'final' }, 'blocked', false],
    ['every report: a period report', { review: 'every' }, 'in_progress', true],
    ['every report: done', { review: 'every' }, 'done', true],
  ])('%s', (_, setting, status, expected) => {
    expect(needsReview(ZOfficeCycleSchema.parse(setting), status)).toBe(expected);
  });
});

describe('while a report waits for review, the unit’s clock and colour stand still', () => {
  const waiting = measure({ reports: [report('a-lead', '2026-H1', 'in_progress', 'pending')], fired: notified });

  it('is not chased past its due date, nor turned red; the other unit is', () => {
    const { actions } = decideNext(waiting, at('2026-07-16'), cal, ladder, RULE, ALL_CHASED);
    expect(notices(actions)).toEqual(['a-coop:2026-H1:urge@2026-07-15']);
    expect(colours(actions)).toEqual(['a-coop:red', 'measure:red']);
  });

  it('keeps the colour it had when it reported', () => {
    const yellow = { ...waiting, assignments: waiting.assignments.map((a) => ({ ...a, colour: 'yellow' as const })) };
    expect(colours(decideNext(yellow, at('2026-07-16'), cal, ladder, RULE, ALL_CHASED).actions)).toEqual(['a-coop:red', 'measure:red']);
  });

  it('a done report waiting for review does not complete the measure', () => {
    const done = measure({ reports: [report('a-lead', '2026-H2', 'done', 'pending'), report('a-coop', '2026-H2', 'in_progress')] });
    expect(isComplete(done, RULE)).toBe(false);
    expect(decideNext(done, at('2027-01-10'), cal, ladder, RULE, ALL_CHASED).actions).not.toContainEqual({ type: 'complete' });
  });

  it('accepted, it counts: the measure completes', () => {
    const done = measure({ reports: [report('a-lead', '2026-H2', 'done', 'accepted'), report('a-coop', '2026-H2', 'in_progress')] });
    expect(decideNext(done, at('2027-01-10'), cal, ladder, RULE, ALL_CHASED).actions).toEqual([{ type: 'complete' }]);
  });
});

describe('a returned report (退回) puts the unit back to work against its rework deadline', () => {
  // Returned on 2026-07-14 with 3 working days: due again Friday 2026-07-17.
  const returned = measure({ reports: [report('a-lead', '2026-H1', 'done', 'returned', '2026-07-17')], fired: notified });

  it('does not count: the lead is not done and its report for the period is owed again', () => {
    expect(isComplete({ ...returned, reports: [...returned.reports, report('a-coop', '2026-H1', 'in_progress')] }, RULE)).toBe(false);
    expect(periodForReport(returned, 'a-lead', '2026-07-15').key).toBe('2026-H1');
  });

  it('is reminded of the rework deadline, not chased for the original one', () => {
    const { actions } = decideNext(returned, at('2026-07-16'), cal, ladder, RULE, ALL_CHASED);
    expect(notices(actions)).toEqual(['a-lead:2026-H1:reminder@2026-07-17', 'a-coop:2026-H1:urge@2026-07-15']);
  });

  it('climbs the ladder again from the rework deadline, though it was chased for the original date', () => {
    const chased = { ...returned, fired: [...notified, 'a-lead/2026-H1/urge', 'a-lead/2026-H1/reminder@2026-07-17', 'a-lead/2026-H1/due@2026-07-17'] };
    const { actions } = decideNext(chased, at('2026-07-20'), cal, ladder, RULE, ALL_CHASED);
    expect(actions).toContainEqual(expect.objectContaining({ type: 'notify', step: 'urge', assignmentId: 'a-lead', due: '2026-07-17', rework: true, workingDaysLate: 1 }));
  });

  it('a second report accepted counts for the period', () => {
    const again = { ...returned, reports: [...returned.reports, report('a-lead', '2026-H1', 'done', 'accepted'), report('a-coop', '2026-H1', 'in_progress')] };
    expect(isComplete(again, RULE)).toBe(true);
  });
});

describe('what a review and a report meet', () => {
  const waiting = measure({ reports: [report('a-lead', '2026-H1', 'done', 'pending')] });
  it.each<[string, TRefusal | null, TRefusal | null]>([
    ['a review of a report waiting', refuseReview(waiting, { reportId: 'a-lead-2026-H1-pending' }), null],
    ['a review of no such report', refuseReview(waiting, { reportId: 'elsewhere' }), { code: 'UnknownReport', params: { reportId: 'elsewhere' } }],
    ['a second review', refuseReview(measure({ reports: [report('a-lead', '2026-H1', 'done', 'accepted')] }), { reportId: 'a-lead-2026-H1-accepted' }),
      { code: 'ReportNotAwaitingReview', params: { reportId: 'a-lead-2026-H1-accepted', review: 'accepted' } }],
    ['a review of a report that needs none', refuseReview(measure({ reports: [report('a-lead', '2026-H1', 'in_progress')] }), { reportId: 'a-lead-2026-H1-none' }),
      { code: 'ReportNotAwaitingReview', params: { reportId: 'a-lead-2026-H1-none', review: 'none' } }],
    ['a review on a measure done', refuseReview({ ...waiting, status: 'done' }, { reportId: 'a-lead-2026-H1-pending' }), { code: 'MeasureClosed', params: { status: 'done' } }],
    ['another report while one waits', refuseReport(waiting, { assignmentId: 'a-lead' }), { code: 'ReportAwaitingReview', params: { reportId: 'a-lead-2026-H1-pending' } }],
    ['another unit’s report meanwhile', refuseReport(waiting, { assignmentId: 'a-coop' }), null],
    ['a report once it was returned', refuseReport(measure({ reports: [report('a-lead', '2026-H1', 'done', 'returned', '2026-07-17')] }), { assignmentId: 'a-lead' }), null],
    ['延期 while a report waits', refuseExtensionRequest(waiting, { assignmentId: 'a-lead', requestedDue: '2026-07-31' }, '2026-07-10'), null],
  ])('%s', (_, refused, expected) => {
    expect(refused).toEqual(expected);
  });

  it.each<[string, object, string | null]>([
    ['accept', { decision: 'accept', requestId: 'review-0001' }, null],
    ['return with a reason and rework days', { decision: 'return', reason: '佐证材料不全', reworkDays: 3, requestId: 'review-0001' }, null],
    ['return without a reason', { decision: 'return', requestId: 'review-0001' }, 'reason'],
    ['rework days under one', { decision: 'return', reason: '不全', reworkDays: 0, requestId: 'review-0001' }, 'reworkDays'],
    ['rework days on an acceptance', { decision: 'accept', reworkDays: 2, requestId: 'review-0001' }, 'reworkDays'],
  ])('a review body: %s', (_, body, badField) => {
    const parsed = ZReviewReportBodySchema.safeParse(body);
    expect(parsed.success ? null : parsed.error.issues[0]!.path.join('.')).toBe(badField);
  });
});

describe('the reports a measure carries across runs, with their review', () => {
  it('keeps what waits, the latest return and what counts', () => {
    const reports = [
      { ...report('a-lead', '2026-H1', 'done', 'returned', '2026-07-17'), reportId: 'r1' },
      { ...report('a-lead', '2026-H1', 'done', 'returned', '2026-07-24'), reportId: 'r2' },
      { ...report('a-lead', '2026-H1', 'done', 'pending'), reportId: 'r3' },
      { ...report('a-coop', '2026-H1', 'in_progress'), reportId: 'r4' },
    ];
    expect(reportsToCarry(reports).map((r) => r.reportId)).toEqual(['r2', 'r3', 'r4']);
  });
});

describe('签收: a unit acknowledges its assignment once', () => {
  const acked = measure({ assignments: measure().assignments.map((a) => (a.id === 'a-lead' ? { ...a, acknowledgedAt: 1 } : a)) });
  it.each<[string, TRefusal | null, TRefusal | null]>([
    ['the first acknowledgement', refuseAcknowledge(measure(), { assignmentId: 'a-lead' }), null],
    ['a second one', refuseAcknowledge(acked, { assignmentId: 'a-lead' }), { code: 'AlreadyAcknowledged', params: { assignmentId: 'a-lead' } }],
    ['another unit’s, meanwhile', refuseAcknowledge(acked, { assignmentId: 'a-coop' }), null],
    ['on a measure done', refuseAcknowledge({ ...measure(), status: 'done' }, { assignmentId: 'a-lead' }), { code: 'MeasureClosed', params: { status: 'done' } }],
    ['of no assignment here', refuseAcknowledge(measure(), { assignmentId: 'elsewhere' }), { code: 'UnknownAssignment', params: { assignmentId: 'elsewhere' } }],
  ])('%s', (_, refused, expected) => {
    expect(refused).toEqual(expected);
  });

  it.each<[string, object, string | null]>([
    ['the responsible leader alone', { responsible: { name: '王局长' } }, null],
    ['with phone, email and the handler', { responsible: { name: '王局长', phone: '0571-1234567', email: 'wang@example.gov.cn' }, handler: { name: '李科长', phone: '13800000000' } }, null],
    ['no responsible leader', { handler: { name: '李科长' } }, 'responsible'],
    ['a blank name', { responsible: { name: '  ' } }, 'responsible.name'],
    ['a bad email', { responsible: { name: '王局长', email: 'wang' } }, 'responsible.email'],
  ])('an acknowledgement body: %s', (_, body, badField) => {
    const parsed = ZAcknowledgeBodySchema.safeParse(body);
    expect(parsed.success ? null : parsed.error.issues[0]!.path.join('.')).toBe(badField);
  });
});
