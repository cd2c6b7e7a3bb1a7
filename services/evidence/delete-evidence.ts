import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { findOwnAssignment, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import type { TFileStore } from '../files/file-store';
import { reportedFileIds } from './unreported-files';

/**
 * Deletes a file a unit uploaded for its next report and has not reported yet (a draft's file): by a person of its
 * unit, audited, its row and (when no other upload shares it) its content removed from the store. A file a report
 * (or a 落实情况 reply) carries stays: it is part of what was reported. Any other id, like one the person may not see, is not found.
 */
export async function deleteEvidence(deps: { db: Db; files: TFileStore }, id: string, as: TPerson): Promise<{ assignmentId: string }> {
  const file = await deps.db.storedFile.findFirst({ where: { id, storedAt: { not: null }, assignmentId: { not: null } }, select: { id: true, name: true, sha256: true, assignmentId: true } });
  if (!file?.assignmentId) throw new AppError('NOT_FOUND', say('noSuchFile'));
  const assignment = await findOwnAssignment(deps.db, as, file.assignmentId).catch((err: unknown) => {
    // Someone who cannot see the item learns nothing of the file either.
    throw err instanceof AppError && err.code === 'NOT_FOUND' ? new AppError('NOT_FOUND', say('noSuchFile')) : err;
  });
  if ((await reportedFileIds(deps.db, assignment.id)).has(id)) throw new AppError('CONFLICT', say('fileAlreadyReported', { name: file.name }));
  const measure = await deps.db.measure.findUniqueOrThrow({ where: { id: assignment.measureId }, select: { planId: true } });
  await deps.db.auditEvent.create({
    data: {
      actorId: as.id,
      actorLabel: 'unit',
      action: 'evidence.deleted' satisfies TAuditAction,
      subjectType: 'measure',
      subjectId: assignment.measureId,
      planId: measure.planId,
      data: { assignmentId: assignment.id, fileId: id, name: file.name, sha256: file.sha256 },
    },
  });
  await deps.files.delete(id);
  return { assignmentId: assignment.id };
}
