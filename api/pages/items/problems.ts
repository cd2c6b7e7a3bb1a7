import type { z } from 'zod';
import { MEASURE_FAILURE } from '../../../domain/measure-failures';
import { AppError } from '../../../lib/errors';
import { MeasureActionError } from '../../../services/measures/measure-update';
import type { TItem } from '../../views/item';
import { uniqueProblems, type TProblem } from '../forms';
import type { TMessageKey, TTranslate } from '../i18n';

type TIssue = z.core.$ZodIssue;

const tooLong = (t: TTranslate, issue: TIssue) => t.fill('problemTooLong', { max: issue.code === 'too_big' ? String(issue.maximum) : '' });

/** What the report form sent, in the order the schema saw it, to point an issue back at the input it came from. */
export type TReportSent = {
  status: string;
  /** The target of each entry of `targetValues`. */
  targetIds: string[];
  /** The line of the links box each entry of `attachments` was read from (1-based). */
  linkLines: number[];
};

/**
 * ZProgressSubmissionSchema's issues (the API's and the workflow's validator) as the report form's problems, in the
 * page's language. The schema stays the only judge; this only says, for each of its paths, which input to fix and how.
 */
export function reportProblems(t: TTranslate, issues: readonly TIssue[], sent: TReportSent, targets: TItem['measure']['targets']): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      const [key, index, part] = issue.path;
      switch (key) {
        case 'status':
          return { field: 'status', label: t('reportStatus'), message: t('problemStatus') };
        case 'percent':
          return { field: 'percent', label: t('percent'), message: t(issue.code === 'custom' ? 'problemDoneMeans100' : 'problemPercent') };
        case 'narrative':
          return { field: 'narrative', label: t('narrative'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemNarrative') };
        case 'blockedReason': {
          const message =
            issue.code === 'too_big' ? tooLong(t, issue) : issue.code === 'custom' && sent.status !== 'blocked' ? t('problemBlockedReasonNotBlocked') : t('problemBlockedReason');
          return { field: 'blockedReason', label: t('blockedReason'), message };
        }
        case 'targetValues': {
          const target = typeof index === 'number' ? targets.find((x) => x.id === sent.targetIds[index]) : undefined;
          return target
            ? { field: `tv-${target.id}`, label: target.indicator, message: t('problemTargetValue') }
            : { field: null, label: t('targetValues'), message: t('problemInvalid') };
        }
        case 'attachments': {
          const line = typeof index === 'number' ? (sent.linkLines[index] ?? index + 1) : 0;
          const message =
            typeof index !== 'number'
              ? t.fill('problemTooManyLinks', { max: issue.code === 'too_big' ? String(issue.maximum) : '' })
              : part === 'title'
                ? t.fill('problemLinkTitle', { line, max: issue.code === 'too_big' ? String(issue.maximum) : '' })
                : t.fill('problemLinkUrl', { line });
          return { field: 'links', label: t('links'), message };
        }
        case 'idempotencyKey':
          return { field: null, label: null, message: t('problemFormExpired') };
        default:
          return { field: null, label: null, message: t('problemInvalid') };
      }
    }),
  );
}

/** ZExtensionRequestSchema's issues as the extension form's problems. */
export function extensionProblems(t: TTranslate, issues: readonly TIssue[]): TProblem[] {
  return uniqueProblems(
    issues.map((issue): TProblem => {
      switch (issue.path[0]) {
        case 'requestedDue':
          return { field: 'requestedDue', label: t('requestedDue'), message: t('problemDate') };
        case 'reason':
          return { field: 'reason', label: t('reason'), message: issue.code === 'too_big' ? tooLong(t, issue) : t('problemReason') };
        case 'idempotencyKey':
          return { field: null, label: null, message: t('problemFormExpired') };
        default:
          return { field: null, label: null, message: t('problemInvalid') };
      }
    }),
  );
}

const REFUSAL: Record<string, TMessageKey> = {
  [MEASURE_FAILURE.measureClosed]: 'refusedMeasureClosed',
  [MEASURE_FAILURE.unknownAssignment]: 'refusedNoAssignment',
  [MEASURE_FAILURE.unitNotAssigned]: 'refusedNoAssignment',
  [MEASURE_FAILURE.unitNotCooperating]: 'refusedNoAssignment',
  [MEASURE_FAILURE.measureNotFound]: 'refusedNotRunning',
  MeasureNotLaunched: 'refusedNotRunning',
  [MEASURE_FAILURE.invalidInput]: 'problemInvalid',
  [MEASURE_FAILURE.unknownPeriod]: 'problemInvalid',
  [MEASURE_FAILURE.dueDateBeforeToday]: 'problemInvalid',
  [MEASURE_FAILURE.unitAlreadyAssigned]: 'problemInvalid',
};

/**
 * A refusal to show on the form, in the page's language, or null for errors that are not about the form (not found,
 * forbidden, an unexpected failure): those keep their error page. The form says in its own words, chosen by the
 * failure's type, what a unit can do about the refusals it meets; any other is the refusal's own sentence.
 */
export function refusalOf(t: TTranslate, err: unknown): TProblem | null {
  if (err instanceof MeasureActionError) {
    const key = REFUSAL[err.type];
    return { field: null, label: null, message: key ? t(key) : t.say(err.say) };
  }
  if (err instanceof AppError && err.code === 'WORKFLOWS_UNAVAILABLE') return { field: null, label: null, message: t('refusedUnavailable') };
  return null;
}
