import type { TProgressSubmission } from '../../domain/progress';
import { AppError, UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { fileIdsOf, filesOfAssignment } from './unreported-files';

/**
 * A report may carry only files uploaded for its own assignment: a file id of another unit's upload (or none at all)
 * is refused, so that naming an id can never show someone else's file on this report. The count (FILES_PER_REPORT,
 * `filesPerReport`) is held at upload and again here: a report may name files an earlier one carried, and the limit
 * may have been lowered since the files were uploaded.
 */
export async function checkReportFiles(db: Db, submission: Pick<TProgressSubmission, 'assignmentId' | 'attachments'>, filesPerReport?: number): Promise<void> {
  const ids = [...new Set(fileIdsOf(submission.attachments))];
  if (filesPerReport !== undefined && ids.length > filesPerReport) throw new AppError('PAYLOAD_TOO_LARGE', say('reportTooManyFiles', { max: filesPerReport, count: ids.length }), { maxFiles: filesPerReport });
  const found = await filesOfAssignment(db, submission.assignmentId, ids);
  const stranger = ids.find((id) => !found.has(id));
  if (stranger !== undefined) throw new UserError(say('fileNotOfAssignment', { fileId: stranger }));
}
