import { describe, expect, test } from 'vitest';
import { MEASURE_FAILURE, MEASURE_FAILURE_TEXT, type TRefusalParams } from '../../../domain/measure-failures';
import { ERROR_TEXT, issueText, MESSAGES, say } from '../../../lib/messages';
import { fillText, sayBoth, sayIn, type TText } from '../../../lib/text';

const han = /[\u4e00-\u9fff]/;

describe('sentences people read', () => {
  test('are said in one language, each filling its values as that language writes them', () => {
    const s = say('notInRegistry', { names: ['区标准化研究院', '区档案馆'] });
    expect(sayIn(s, 'zh')).toBe('名录中没有这些单位：区标准化研究院、区档案馆');
    expect(sayIn(s, 'en')).toBe('not in the unit registry: 区标准化研究院, 区档案馆');
    const line = fillText(MESSAGES.csvLine, { line: 4 });
    expect(sayIn(say('csvUnterminatedQuote', { at: line }), 'en')).toBe('line 4: unterminated quoted field');
    expect(sayIn(say('csvUnterminatedQuote', { at: line }), 'zh')).toBe('第 4 行：引号未闭合');
  });

  test('the command line and logs get both, Chinese first', () => {
    expect(sayBoth(say('noSuchPlanId', { planId: 'p1' }))).toBe('计划不存在 / no plan p1');
    expect(sayBoth({ text: { zh: 'x', en: 'x' } })).toBe('x');
  });

  test('every error code, refusal and message has its Chinese and its English', () => {
    for (const text of [...Object.values(ERROR_TEXT), ...Object.values(MESSAGES)]) {
      expect(text.zh, text.en).not.toBe(text.en);
      expect(text.en).not.toMatch(han);
    }
  });

  test('every refusal of the measure workflow is said from its code and the facts it names, in each language', () => {
    const facts: TRefusalParams = {
      InvalidInput: { issue: 'percent: 已完成时进度应为 100' },
      UnknownAssignment: { assignmentId: 'a1' },
      UnknownExtension: { extensionId: 'e1' },
      UnknownUnit: { unitId: 'u9' },
      UnknownPerson: { personId: 'p1' },
      UnknownPeriod: { period: '2026-Q1', periods: ['2026-H1', '2026-H2'] },
      MeasureClosed: { status: 'cancelled' },
      ExtensionTooLate: { period: '2026-H1', due: '2026-07-15' },
      ExtensionNotLater: { period: '2026-H1', due: '2026-07-15', requestedDue: '2026-07-10' },
      ExtensionPending: { period: '2026-H1' },
      ExtensionDecided: { extensionId: 'e1', status: 'approved' },
      DueDateBeforeToday: { period: '2026-H1', due: '2026-01-02', today: '2026-03-01' },
      UnitNotAssigned: { unitId: 'u9' },
      UnitAlreadyAssigned: { unitId: 'u9' },
      UnitNotCooperating: { unitId: 'u9' },
      NoCoordinatorUnit: { measureRef: '一/(一)' },
      MeasureNotFound: { measureId: 'm1' },
      UnknownReport: { reportId: 'r1' },
      ReportNotAwaitingReview: { reportId: 'r1', review: 'returned' },
      ReportAwaitingReview: { reportId: 'r1' },
      NotAPart: { reportId: 'r1' },
      PartReturned: { reportId: 'r1' },
      PartSuperseded: { reportId: 'r1', latestId: 'r2' },
      AlreadyAcknowledged: { assignmentId: 'a1' },
      AlreadyRefused: { assignmentId: 'a1' },
      AssignmentNotRefused: { unitId: 'u1' },
      ReplyByBeforeToday: { replyBy: '2026-01-02', today: '2026-03-01' },
      UnknownInstruction: { instructionId: 'i1' },
      NotInstructed: { instructionId: 'i1', assignmentId: 'a1' },
      AlreadyReplied: { instructionId: 'i1', assignmentId: 'a1' },
      SubtaskAfterAssignment: { due: '2027-01-05', assignmentDue: '2026-12-31' },
      SubtasksLeadOnly: { assignmentId: 'a1' },
      UnknownSubtask: { subtaskId: 's1' },
      SubtaskDone: { subtaskId: 's1' },
    };
    for (const code of Object.values(MEASURE_FAILURE)) {
      const text = (MEASURE_FAILURE_TEXT[code] as (p: unknown) => TText)(facts[code]);
      expect(text.zh, code).toMatch(han);
      expect(text.zh, code).not.toBe(text.en);
    }
    expect(MEASURE_FAILURE_TEXT.MeasureClosed({ status: 'cancelled' })).toEqual({ zh: '任务已撤销', en: 'the measure is cancelled' });
    expect(MEASURE_FAILURE_TEXT.ExtensionTooLate(facts.ExtensionTooLate)).toEqual({
      zh: '须在2026年上半年进展报告到期日 2026-07-15 前申请延期',
      en: "an extension is asked for before the 2026-H1 report's due date, 2026-07-15",
    });
  });

  test('a schema message that names a sentence is found by its key; any other is its own', () => {
    expect(issueText('nothingToChange')).toEqual(MESSAGES.nothingToChange);
    expect(issueText('Invalid input: expected string')).toBeNull();
    expect(issueText('toString')).toBeNull();
  });
});
