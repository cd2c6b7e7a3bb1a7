import type { TProgressSubmission } from '../../domain/progress';
import { submitProgressUpdate, type TProgressAnswer } from '../../workflows/measure/definitions';
import { findOwnAssignment, type TPerson } from '../access/scope';
import { temporalOf, type TServiceDeps } from '../deps';
import { measureOfAssignment, updateMeasure } from '../measures/measure-update';
import { checkReportFiles } from '../evidence/check-report-files';
import { checkReportParts } from './check-report-parts';

/**
 * Submits a progress report to its measure's workflow, as the schema's output (defaults filled, text trimmed), which
 * its validator checks and its handler takes as recorded: the edges parse it with ZProgressSubmissionSchema. `as`: the person reporting, who must be of the assigned unit (the
 * API and the pages); without it the report is taken as it names its reporter (the command line, tests).
 * `filesPerReport` (FILES_PER_REPORT) bounds the files it carries where the caller has the configuration.
 */
export async function submitProgress(deps: Pick<TServiceDeps, 'db' | 'temporal'> & { filesPerReport?: number }, submission: TProgressSubmission, as?: TPerson): Promise<TProgressAnswer> {
  const measure = as ? (await findOwnAssignment(deps.db, as, submission.assignmentId)).measure : await measureOfAssignment(deps.db, submission.assignmentId);
  await checkReportFiles(deps.db, submission, deps.filesPerReport);
  await checkReportParts(deps.db, submission);
  return updateMeasure({ db: deps.db, client: temporalOf(deps).client }, measure, submitProgressUpdate, submission);
}
