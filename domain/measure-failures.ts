import { reportLabel } from './schedule';

/** Failure types the measure's workflow and activities raise; callers match on `.type`. */
export const MEASURE_FAILURE = {
  invalidInput: 'InvalidInput',
  unknownAssignment: 'UnknownAssignment',
  unknownExtension: 'UnknownExtension',
  unknownUnit: 'UnknownUnit',
  unknownPerson: 'UnknownPerson',
  unknownPeriod: 'UnknownPeriod',
  measureClosed: 'MeasureClosed',
  extensionTooLate: 'ExtensionTooLate',
  extensionNotLater: 'ExtensionNotLater',
  extensionPending: 'ExtensionPending',
  extensionDecided: 'ExtensionDecided',
  dueDateBeforeToday: 'DueDateBeforeToday',
  unitNotAssigned: 'UnitNotAssigned',
  unitAlreadyAssigned: 'UnitAlreadyAssigned',
  unitNotCooperating: 'UnitNotCooperating',
  noCoordinatorUnit: 'NoCoordinatorUnit',
  measureNotFound: 'MeasureNotFound',
} as const;
export type TMeasureFailure = (typeof MEASURE_FAILURE)[keyof typeof MEASURE_FAILURE];

/** What each refusal names, so a page can say it in its reader's language. Dates are ISO (YYYY-MM-DD). */
export type TRefusalParams = {
  InvalidInput: { issue: string };
  UnknownAssignment: { assignmentId: string };
  UnknownExtension: { extensionId: string };
  UnknownUnit: { unitId: string };
  UnknownPerson: { personId: string };
  UnknownPeriod: { period: string; periods: string[] };
  MeasureClosed: { status: 'done' | 'cancelled' };
  ExtensionTooLate: { period: string; due: string };
  ExtensionNotLater: { period: string; due: string; requestedDue: string };
  ExtensionPending: { period: string };
  ExtensionDecided: { extensionId: string; status: 'approved' | 'refused' };
  DueDateBeforeToday: { period: string; due: string; today: string };
  UnitNotAssigned: { unitId: string };
  UnitAlreadyAssigned: { unitId: string };
  UnitNotCooperating: { unitId: string };
  NoCoordinatorUnit: { measureRef: string };
  MeasureNotFound: { measureId: string };
};

/** A rule's answer when it refuses a request: which rule, and the facts it names. */
export type TRefusal = { [C in TMeasureFailure]: { code: C; params: TRefusalParams[C] } }[TMeasureFailure];

export function refusal<C extends TMeasureFailure>(code: C, params: TRefusalParams[C]): TRefusal {
  return { code, params } as TRefusal;
}

/** The refusals of a 延期 request at the time it is made. */
export const EXTENSION_REQUEST_REFUSALS: readonly TMeasureFailure[] = [
  MEASURE_FAILURE.extensionTooLate,
  MEASURE_FAILURE.extensionNotLater,
  MEASURE_FAILURE.extensionPending,
];

/**
 * The one Chinese sentence of each refusal, for logs and the command line. Pages say it in their reader's language
 * from the code and its params.
 */
const SAY: { [C in TMeasureFailure]: (p: TRefusalParams[C]) => string } = {
  InvalidInput: (p) => `输入无效：${p.issue}`,
  UnknownAssignment: (p) => `本任务无此有效分工（${p.assignmentId}）`,
  UnknownExtension: (p) => `无此延期申请（${p.extensionId}）`,
  UnknownUnit: (p) => `单位不存在（${p.unitId}）`,
  UnknownPerson: (p) => `人员不存在（${p.personId}）`,
  UnknownPeriod: (p) => `无此报送期 ${p.period}；可选：${p.periods.join('、')}`,
  MeasureClosed: (p) => `任务已${p.status === 'done' ? '完成' : '撤销'}`,
  ExtensionTooLate: (p) => `须在${reportLabel(p.period)}到期日 ${p.due} 前申请延期`,
  ExtensionNotLater: (p) => `延期日期 ${p.requestedDue} 须晚于${reportLabel(p.period)}到期日 ${p.due}`,
  ExtensionPending: (p) => `${reportLabel(p.period)}已有待审批的延期申请`,
  ExtensionDecided: (p) => `该延期申请已${p.status === 'approved' ? '批准' : '驳回'}`,
  DueDateBeforeToday: (p) => `新期限 ${p.due} 早于今天（${p.today}），只能调整到今天或以后`,
  UnitNotAssigned: (p) => `该单位未承担本任务（${p.unitId}）`,
  UnitAlreadyAssigned: (p) => `该单位已承担本任务（${p.unitId}）`,
  UnitNotCooperating: (p) => `该单位不是本任务的配合单位（${p.unitId}）`,
  NoCoordinatorUnit: (p) => `计划未设牵头协调单位，无法交办 ${p.measureRef}`,
  MeasureNotFound: (p) => `任务不存在（${p.measureId}）`,
};

export function refusalMessage(r: TRefusal): string {
  return (SAY[r.code] as (p: TRefusalParams[typeof r.code]) => string)(r.params);
}

/**
 * The options of the ApplicationFailure a refusal is raised as, in a workflow or an activity: the code is its type,
 * the params its one detail, and it is final (asking again cannot help).
 */
export function refusalFailure(r: TRefusal): { type: TMeasureFailure; message: string; details: [TRefusal['params']]; nonRetryable: true } {
  return { type: r.code, message: refusalMessage(r), details: [r.params], nonRetryable: true };
}
