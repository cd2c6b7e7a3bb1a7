import type { TText } from '../lib/text';

/** Failure types the measure's workflow and activities raise; callers match on `.type`. */
export const MEASURE_FAILURE = {
  invalidInput: 'InvalidInput',
  unknownAssignment: 'UnknownAssignment',
  unknownExtension: 'UnknownExtension',
  unknownUnit: 'UnknownUnit',
  unknownPerson: 'UnknownPerson',
  measureClosed: 'MeasureClosed',
  extensionNotAllowed: 'ExtensionNotAllowed',
  noCoordinatorUnit: 'NoCoordinatorUnit',
  measureNotFound: 'MeasureNotFound',
} as const;
export type TMeasureFailure = (typeof MEASURE_FAILURE)[keyof typeof MEASURE_FAILURE];

/** The facts a refusal names, as it carries them (the ApplicationFailure's first detail). */
type TFacts = Readonly<Record<string, unknown>>;
const named = (facts: TFacts, key: string): string => (typeof facts[key] === 'string' ? (facts[key] as string) : '');
const bracketed = (zh: string, en: string, id: string): TText => (id ? { zh: `${zh}（${id}）`, en: `${en} (${id})` } : { zh, en });

/**
 * Each refusal in both languages, from its code and the facts it names: the API and the pages say it in their
 * reader's language, the command line in both. Every code has its sentence (the record is complete by type).
 */
export const MEASURE_FAILURE_TEXT: { readonly [C in TMeasureFailure]: (facts: TFacts) => TText } = {
  InvalidInput: (f) => (named(f, 'issue') ? { zh: `输入无效：${named(f, 'issue')}`, en: `invalid input: ${named(f, 'issue')}` } : { zh: '输入无效', en: 'invalid input' }),
  UnknownAssignment: (f) => bracketed('本任务无此有效分工', 'no active assignment on this measure', named(f, 'assignmentId')),
  UnknownExtension: (f) => bracketed('无此延期申请', 'no such extension request', named(f, 'extensionId')),
  UnknownUnit: (f) => bracketed('单位不存在', 'no such unit', named(f, 'unitId')),
  UnknownPerson: (f) => bracketed('操作人不存在', 'no such person', named(f, 'personId')),
  MeasureClosed: (f) =>
    f.status === 'done'
      ? { zh: '任务已完成', en: 'the measure is done' }
      : f.status === 'cancelled'
        ? { zh: '任务已撤销', en: 'the measure is cancelled' }
        : { zh: '任务已结束', en: 'the measure is closed' },
  ExtensionNotAllowed: () => ({ zh: '目前不能申请延期', en: 'an extension cannot be requested now' }),
  NoCoordinatorUnit: (f) => bracketed('计划未设牵头协调单位，无法交办', 'the plan has no coordinator unit to assign it to', named(f, 'measureRef')),
  MeasureNotFound: (f) => bracketed('任务不存在', 'no such measure', named(f, 'measureId')),
};
