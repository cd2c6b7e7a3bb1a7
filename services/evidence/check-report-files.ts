import type { TProgressSubmission } from '../../domain/progress';
import { UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { fileIdsOf, filesOfAssignment } from './unreported-files';

/**
 * A report may carry only files uploaded for its own assignment: a file id of another unit's upload (or none at all)
 * is refused, so that naming an id can never show someone else's file on this report. The count of files a report
 * carries is held at upload time (FILES_PER_REPORT), where the limit is known.
 */
export async function checkReportFiles(db: Db, submission: Pick<TProgressSubmission, 'assignmentId' | 'attachments'>): Promise<void> {
  const ids = fileIdsOf(submission.attachments);
  const found = await filesOfAssignment(db, submission.assignmentId, ids);
  const stranger = ids.find((id) => !found.has(id));
  if (stranger !== undefined) throw new UserError(say('fileNotOfAssignment', { fileId: stranger }));
}
