import type { TText } from '../lib/text';
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
  unknownReport: 'UnknownReport',
  reportNotAwaitingReview: 'ReportNotAwaitingReview',
  reportAwaitingReview: 'ReportAwaitingReview',
  alreadyAcknowledged: 'AlreadyAcknowledged',
  alreadyRefused: 'AlreadyRefused',
  assignmentNotRefused: 'AssignmentNotRefused',
  replyByBeforeToday: 'ReplyByBeforeToday',
  unknownInstruction: 'UnknownInstruction',
  notInstructed: 'NotInstructed',
  alreadyReplied: 'AlreadyReplied',
  subtaskAfterAssignment: 'SubtaskAfterAssignment',
  subtasksLeadOnly: 'SubtasksLeadOnly',
  unknownSubtask: 'UnknownSubtask',
  subtaskDone: 'SubtaskDone',
  notAPart: 'NotAPart',
  partReturned: 'PartReturned',
  partSuperseded: 'PartSuperseded',
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
  UnknownReport: { reportId: string };
  ReportNotAwaitingReview: { reportId: string; review: 'accepted' | 'returned' | 'none' };
  ReportAwaitingReview: { reportId: string };
  AlreadyAcknowledged: { assignmentId: string };
  AlreadyRefused: { assignmentId: string };
  AssignmentNotRefused: { unitId: string };
  ReplyByBeforeToday: { replyBy: string; today: string };
  UnknownInstruction: { instructionId: string };
  NotInstructed: { instructionId: string; assignmentId: string };
  AlreadyReplied: { instructionId: string; assignmentId: string };
  SubtaskAfterAssignment: { due: string; assignmentDue: string };
  SubtasksLeadOnly: { assignmentId: string };
  UnknownSubtask: { subtaskId: string };
  SubtaskDone: { subtaskId: string };
  NotAPart: { reportId: string };
  PartReturned: { reportId: string };
  PartSuperseded: { reportId: string; latestId: string };
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
 * Each refusal in both languages, from the facts it names: the API and the pages say it in their reader's language
 * (services/measures/measure-update), the command line in both, the workflow's logs in Chinese. Every code has its
 * sentence (the record is complete by type).
 */
export const MEASURE_FAILURE_TEXT: { readonly [C in TMeasureFailure]: (p: TRefusalParams[C]) => TText } = {
  InvalidInput: (p) => ({ zh: `输入无效：${p.issue}`, en: `invalid input: ${p.issue}` }),
  UnknownAssignment: (p) => ({ zh: `本任务无此有效分工（${p.assignmentId}）`, en: `no active assignment ${p.assignmentId} on this measure` }),
  UnknownExtension: (p) => ({ zh: `无此延期申请（${p.extensionId}）`, en: `no extension request ${p.extensionId}` }),
  UnknownUnit: (p) => ({ zh: `单位不存在（${p.unitId}）`, en: `no unit ${p.unitId}` }),
  UnknownPerson: (p) => ({ zh: `人员不存在（${p.personId}）`, en: `no person ${p.personId}` }),
  UnknownPeriod: (p) => ({ zh: `无此报送期 ${p.period}；可选：${p.periods.join('、')}`, en: `no reporting period ${p.period}; the measure has ${p.periods.join(', ')}` }),
  MeasureClosed: (p) => (p.status === 'done' ? { zh: '任务已完成', en: 'the measure is done' } : { zh: '任务已撤销', en: 'the measure is cancelled' }),
  ExtensionTooLate: (p) => ({ zh: `须在${reportLabel(p.period)}到期日 ${p.due} 前申请延期`, en: `an extension is asked for before the ${p.period} report's due date, ${p.due}` }),
  ExtensionNotLater: (p) => ({
    zh: `延期日期 ${p.requestedDue} 须晚于${reportLabel(p.period)}到期日 ${p.due}`,
    en: `the new date ${p.requestedDue} must be after the ${p.period} report's due date, ${p.due}`,
  }),
  ExtensionPending: (p) => ({ zh: `${reportLabel(p.period)}已有待审批的延期申请`, en: `an extension request for the ${p.period} report awaits a decision` }),
  ExtensionDecided: (p) => ({ zh: `该延期申请已${p.status === 'approved' ? '批准' : '驳回'}`, en: `the extension request is already ${p.status}` }),
  DueDateBeforeToday: (p) => ({ zh: `新期限 ${p.due} 早于今天（${p.today}），只能调整到今天或以后`, en: `the new due date ${p.due} is before today, ${p.today}: move it to today or later` }),
  UnitNotAssigned: (p) => ({ zh: `该单位未承担本任务（${p.unitId}）`, en: `unit ${p.unitId} holds no assignment on this measure` }),
  UnitAlreadyAssigned: (p) => ({ zh: `该单位已承担本任务（${p.unitId}）`, en: `unit ${p.unitId} already holds an assignment on this measure` }),
  UnitNotCooperating: (p) => ({ zh: `该单位不是本任务的配合单位（${p.unitId}）`, en: `unit ${p.unitId} is not cooperating on this measure` }),
  NoCoordinatorUnit: (p) => ({ zh: `计划未设牵头协调单位，无法交办 ${p.measureRef}`, en: `the plan has no coordinator unit to assign ${p.measureRef} to` }),
  MeasureNotFound: (p) => ({ zh: `任务不存在（${p.measureId}）`, en: `no measure ${p.measureId}` }),
  UnknownReport: (p) => ({ zh: `本任务无此报告（${p.reportId}）`, en: `no report ${p.reportId} on this measure` }),
  ReportNotAwaitingReview: (p) => ({
    zh: `该报告不在待审核状态（${{ accepted: '已通过', returned: '已退回', none: '无需审核' }[p.review]}）`,
    en: `the report is not waiting for review (${{ accepted: 'already accepted', returned: 'already returned', none: 'needs no review' }[p.review]})`,
  }),
  AlreadyAcknowledged: (p) => ({ zh: `该任务已签收（${p.assignmentId}）`, en: `assignment ${p.assignmentId} is already acknowledged` }),
  AlreadyRefused: (p) => ({ zh: `该任务已拒签，等待办公室决定（${p.assignmentId}）`, en: `assignment ${p.assignmentId} is already refused and awaits the office’s decision` }),
  AssignmentNotRefused: (p) => ({ zh: `该单位未拒签本任务（${p.unitId}）`, en: `unit ${p.unitId} has not refused this measure` }),
  ReplyByBeforeToday: (p) => ({ zh: `回复期限 ${p.replyBy} 早于今天（${p.today}）`, en: `the reply deadline ${p.replyBy} is before today, ${p.today}` }),
  UnknownInstruction: (p) => ({ zh: `本任务无此批示（${p.instructionId}）`, en: `no instruction ${p.instructionId} on this measure` }),
  NotInstructed: (p) => ({ zh: `该批示未交本单位落实（${p.instructionId}）`, en: `instruction ${p.instructionId} was not sent to this unit` }),
  AlreadyReplied: (p) => ({ zh: `本单位已回复该批示的落实情况（${p.instructionId}）`, en: `this unit has already replied to instruction ${p.instructionId}` }),
  SubtaskAfterAssignment: (p) => ({ zh: `分解任务期限 ${p.due} 晚于本单位任务期限 ${p.assignmentDue}`, en: `the sub-task's due date ${p.due} is after the assignment's, ${p.assignmentDue}` }),
  SubtasksLeadOnly: (p) => ({ zh: `只有牵头单位可以分解任务（${p.assignmentId}）`, en: `only the lead unit splits its assignment into sub-tasks (${p.assignmentId})` }),
  UnknownSubtask: (p) => ({ zh: `本单位无此分解任务（${p.subtaskId}）`, en: `no sub-task ${p.subtaskId} of this assignment` }),
  SubtaskDone: (p) => ({ zh: `该分解任务已完成（${p.subtaskId}）`, en: `sub-task ${p.subtaskId} is already done` }),
  NotAPart: (p) => ({ zh: `该报告不是配合单位报送牵头单位的材料（${p.reportId}）`, en: `report ${p.reportId} is not a cooperating unit's part sent to the lead unit` }),
  PartReturned: (p) => ({ zh: `该配合单位材料已退回（${p.reportId}）`, en: `the part ${p.reportId} is already returned` }),
  PartSuperseded: (p) => ({
    zh: `该配合单位已报送更新的材料（${p.latestId}），只能退回最新的一份`,
    en: `the cooperating unit has sent a newer part (${p.latestId}); only its latest part may be returned`,
  }),
  ReportAwaitingReview: (p) => ({
    zh: `上一份报告（${p.reportId}）正在等待审核，审核后再报送`,
    en: `the previous report (${p.reportId}) is waiting for review: report again once it is reviewed`,
  }),
};

/** The refusal's Chinese sentence, for the workflow's logs (its ApplicationFailure's message). */
export function refusalMessage(r: TRefusal): string {
  return (MEASURE_FAILURE_TEXT[r.code] as (p: TRefusalParams[typeof r.code]) => TText)(r.params).zh;
}

/**
 * The options of the ApplicationFailure a refusal is raised as, in a workflow or an activity: the code is its type,
 * the params its one detail, and it is final (asking again cannot help).
 */
export function refusalFailure(r: TRefusal): { type: TMeasureFailure; message: string; details: [TRefusal['params']]; nonRetryable: true } {
  return { type: r.code, message: refusalMessage(r), details: [r.params], nonRetryable: true };
}
