import { describe, expect, it } from 'vitest';
import { refusalMessage, type TRefusal } from '../../../domain/measure-failures';
import {
  periodAsked,
  refuseAddCooperating,
  refuseCancel,
  refuseDueDateChange,
  refuseExtensionDecision,
  refuseExtensionRequest,
  refuseReassign,
  refuseRemoveCooperating,
  refuseReport,
  refuseReturnPart,
} from '../../../domain/measure-requests';
import type { TExtensionState, TMeasureState, TReportState } from '../../../domain/measure-state';
import { measure } from './rules-fixture';

const ext = (overrides: Partial<TExtensionState> = {}): TExtensionState => ({
  id: 'e1',
  assignmentId: 'a-lead',
  period: '2026-H1',
  originalDue: '2026-07-15',
  requestedDue: '2026-07-31',
  status: 'pending',
  ...overrides,
});
const report = (assignmentId: string, period: string) => ({ reportId: `${assignmentId}-${period}`, assignmentId, period, status: 'in_progress' as const, percent: 50, at: 0 });
const part = (reportId: string, over: Partial<TReportState> = {}): TReportState => ({ ...report('a-coop', '2026-H1'), reportId, toLead: true, ...over });
const done = measure({ status: 'done' });
const cancelled = measure({ status: 'cancelled' });
const withoutCoop = measure({ assignments: measure().assignments.map((a) => (a.id === 'a-coop' ? { ...a, active: false } : a)) });

describe('which period a report or 延期 request is for, and its due date', () => {
  it.each<[string, TMeasureState, string, { period: string; due: string }]>([
    ['before the first due date: the first period', measure(), '2026-03-01', { period: '2026-H1', due: '2026-07-15' }],
    ['on the due date: still that period', measure(), '2026-07-15', { period: '2026-H1', due: '2026-07-15' }],
    ['past it, unreported: the overdue period first', measure(), '2026-08-01', { period: '2026-H1', due: '2026-07-15' }],
    ['past it, reported: the next period', measure({ reports: [report('a-lead', '2026-H1')] }), '2026-08-01', { period: '2026-H2', due: '2027-01-15' }],
    ['with an approved extension: the extended date', measure({ extensions: [ext({ status: 'approved' })] }), '2026-07-20', { period: '2026-H1', due: '2026-07-31' }],
    ['with a moved due date: the moved date', measure({ dueOverrides: { '2026-H1': '2026-07-20' } }), '2026-07-18', { period: '2026-H1', due: '2026-07-20' }],
    ['past the last period: the last one', measure({ reports: [report('a-lead', '2026-H1'), report('a-lead', '2026-H2')] }), '2027-03-01', { period: '2026-H2', due: '2027-01-15' }],
  ])('%s', (_, state, today, expected) => {
    expect(periodAsked(state, 'a-lead', today)).toEqual(expected);
  });
});

describe('the rules a request must meet', () => {
  it.each<[string, TRefusal | null, TRefusal | null]>([
    ['a report from an active assignment', refuseReport(measure(), { assignmentId: 'a-lead' }), null],
    ['a report to a measure done', refuseReport(done, { assignmentId: 'a-lead' }), { code: 'MeasureClosed', params: { status: 'done' } }],
    ['a report from a removed unit', refuseReport(withoutCoop, { assignmentId: 'a-coop' }), { code: 'UnknownAssignment', params: { assignmentId: 'a-coop' } }],
    ['a report from another measure’s assignment', refuseReport(measure(), { assignmentId: 'elsewhere' }), { code: 'UnknownAssignment', params: { assignmentId: 'elsewhere' } }],

    ['延期 before the due date, to a later one', refuseExtensionRequest(measure(), { assignmentId: 'a-lead', requestedDue: '2026-07-31' }, '2026-07-10'), null],
    ['延期 on the due date itself', refuseExtensionRequest(measure(), { assignmentId: 'a-lead', requestedDue: '2026-07-31' }, '2026-07-15'), null],
    ['延期 after the due date', refuseExtensionRequest(measure(), { assignmentId: 'a-lead', requestedDue: '2026-07-31' }, '2026-07-16'),
      { code: 'ExtensionTooLate', params: { period: '2026-H1', due: '2026-07-15' } }],
    ['延期 to the same date', refuseExtensionRequest(measure(), { assignmentId: 'a-lead', requestedDue: '2026-07-15' }, '2026-07-10'),
      { code: 'ExtensionNotLater', params: { period: '2026-H1', due: '2026-07-15', requestedDue: '2026-07-15' } }],
    ['延期 while one is pending for the period', refuseExtensionRequest(measure({ extensions: [ext()] }), { assignmentId: 'a-lead', requestedDue: '2026-08-31' }, '2026-07-10'),
      { code: 'ExtensionPending', params: { period: '2026-H1' } }],
    ['延期 while another unit’s is pending', refuseExtensionRequest(measure({ extensions: [ext({ assignmentId: 'a-coop' })] }), { assignmentId: 'a-lead', requestedDue: '2026-08-31' }, '2026-07-10'), null],
    ['延期 past the approved date', refuseExtensionRequest(measure({ extensions: [ext({ status: 'approved' })] }), { assignmentId: 'a-lead', requestedDue: '2026-08-31' }, '2026-07-20'), null],
    ['延期 on a cancelled measure', refuseExtensionRequest(cancelled, { assignmentId: 'a-lead', requestedDue: '2026-07-31' }, '2026-07-10'),
      { code: 'MeasureClosed', params: { status: 'cancelled' } }],

    ['a decision on a pending request', refuseExtensionDecision(measure({ extensions: [ext()] }), { extensionId: 'e1' }), null],
    ['a decision on no request', refuseExtensionDecision(measure(), { extensionId: 'e9' }), { code: 'UnknownExtension', params: { extensionId: 'e9' } }],
    ['a second decision', refuseExtensionDecision(measure({ extensions: [ext({ status: 'refused' })] }), { extensionId: 'e1' }),
      { code: 'ExtensionDecided', params: { extensionId: 'e1', status: 'refused' } }],

    ['改派 to a new unit', refuseReassign(measure(), { fromUnitId: 'u1', toUnitId: 'u3' }), null],
    ['改派 from a unit that holds nothing', refuseReassign(measure(), { fromUnitId: 'u3', toUnitId: 'u4' }), { code: 'UnitNotAssigned', params: { unitId: 'u3' } }],
    ['改派 to a unit that already holds it', refuseReassign(measure(), { fromUnitId: 'u1', toUnitId: 'u2' }), { code: 'UnitAlreadyAssigned', params: { unitId: 'u2' } }],
    ['改派 back to a removed unit', refuseReassign(withoutCoop, { fromUnitId: 'u1', toUnitId: 'u2' }), null],

    ['退回 of a cooperating unit’s latest part', refuseReturnPart(measure({ reports: [part('p1')] }), { reportId: 'p1' }), null],
    ['退回 of no report', refuseReturnPart(measure(), { reportId: 'p9' }), { code: 'UnknownReport', params: { reportId: 'p9' } }],
    ['退回 of a report sent to the office', refuseReturnPart(measure({ reports: [part('p1', { toLead: undefined })] }), { reportId: 'p1' }), { code: 'NotAPart', params: { reportId: 'p1' } }],
    ['退回 of a removed unit’s part', refuseReturnPart({ ...withoutCoop, reports: [part('p1')] }, { reportId: 'p1' }), { code: 'NotAPart', params: { reportId: 'p1' } }],
    ['退回 of a part returned already', refuseReturnPart(measure({ reports: [part('p1', { review: 'returned', reworkDue: '2026-07-20' })] }), { reportId: 'p1' }), { code: 'PartReturned', params: { reportId: 'p1' } }],
    ['退回 of a part sent again since', refuseReturnPart(measure({ reports: [part('p1'), part('p2')] }), { reportId: 'p1' }), { code: 'PartSuperseded', params: { reportId: 'p1', latestId: 'p2' } }],
    ['退回 on a measure done', refuseReturnPart({ ...done, reports: [part('p1')] }, { reportId: 'p1' }), { code: 'MeasureClosed', params: { status: 'done' } }],

    ['adding a new cooperating unit', refuseAddCooperating(measure(), { unitId: 'u3' }), null],
    ['adding a unit that holds it', refuseAddCooperating(measure(), { unitId: 'u1' }), { code: 'UnitAlreadyAssigned', params: { unitId: 'u1' } }],
    ['removing a cooperating unit', refuseRemoveCooperating(measure(), { unitId: 'u2' }), null],
    ['removing the lead', refuseRemoveCooperating(measure(), { unitId: 'u1' }), { code: 'UnitNotCooperating', params: { unitId: 'u1' } }],
    ['removing a unit already removed', refuseRemoveCooperating(withoutCoop, { unitId: 'u2' }), { code: 'UnitNotCooperating', params: { unitId: 'u2' } }],

    ['a due date moved to a later day', refuseDueDateChange(measure(), { period: '2026-H1', due: '2026-07-31' }, '2026-07-10'), null],
    ['a due date moved to today', refuseDueDateChange(measure(), { period: '2026-H1', due: '2026-07-10' }, '2026-07-10'), null],
    ['a new due date before today', refuseDueDateChange(measure(), { period: '2026-H1', due: '2026-07-09' }, '2026-07-10'),
      { code: 'DueDateBeforeToday', params: { period: '2026-H1', due: '2026-07-09', today: '2026-07-10' } }],
    ['a period the measure does not have', refuseDueDateChange(measure(), { period: '2026-Q1', due: '2026-07-31' }, '2026-07-10'),
      { code: 'UnknownPeriod', params: { period: '2026-Q1', periods: ['2026-H1', '2026-H2'] } }],
    ['a due date on a measure done', refuseDueDateChange(done, { period: '2026-H1', due: '2026-07-31' }, '2026-07-10'), { code: 'MeasureClosed', params: { status: 'done' } }],

    ['撤销 an open measure', refuseCancel(measure()), null],
    ['撤销 twice', refuseCancel(cancelled), { code: 'MeasureClosed', params: { status: 'cancelled' } }],
  ])('%s', (_, refused, expected) => {
    expect(refused).toEqual(expected);
  });
});

describe('a refusal’s sentence for logs and the command line', () => {
  it.each<[TRefusal, string]>([
    [{ code: 'DueDateBeforeToday', params: { period: '2026-H1', due: '2026-01-02', today: '2026-03-01' } }, '新期限 2026-01-02 早于今天（2026-03-01），只能调整到今天或以后'],
    [{ code: 'ExtensionTooLate', params: { period: '2026-H1', due: '2026-07-15' } }, '须在2026年上半年进展报告到期日 2026-07-15 前申请延期'],
    [{ code: 'UnknownPeriod', params: { period: '2026-Q1', periods: ['2026-H1', '2026-H2'] } }, '无此报送期 2026-Q1；可选：2026-H1、2026-H2'],
    [{ code: 'MeasureClosed', params: { status: 'cancelled' } }, '任务已撤销'],
  ])('%j', (r, sentence) => {
    expect(refusalMessage(r)).toBe(sentence);
  });
});
