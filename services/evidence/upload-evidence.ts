import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { findOwnAssignment, type TPerson } from '../access/scope';
import type { TFileStore } from '../files/file-store';
import type { TStoredFile } from '../files/store-file';
import { unreportedFiles } from './unreported-files';

export type TEvidenceDeps = { db: Db; files: TFileStore; /** FILES_PER_REPORT */ filesPerReport: number };

/**
 * Whether the person may upload evidence for the assignment now: a person of its unit (who reports on it), whose
 * waiting files do not already fill a report (FILES_PER_REPORT). Asked before any of an upload is read, so that
 * nobody else can make the server receive a file at all, and asked again as it is stored.
 */
export async function checkEvidenceUpload(deps: Omit<TEvidenceDeps, 'files'>, assignmentId: string, as: TPerson): Promise<void> {
  await findOwnAssignment(deps.db, as, assignmentId);
  const waiting = await unreportedFiles(deps.db, assignmentId);
  if (waiting.length >= deps.filesPerReport) throw new AppError('PAYLOAD_TOO_LARGE', say('tooManyFiles', { max: deps.filesPerReport }), { maxFiles: deps.filesPerReport });
}

/**
 * Stores one file (佐证材料) for the unit's next report on an assignment. The file waits, as the report's draft does,
 * until a report names it. Too large or not an accepted kind: refused by the store, nothing kept.
 */
export async function uploadEvidence(
  deps: TEvidenceDeps,
  source: AsyncIterable<Uint8Array>,
  input: { assignmentId: string; name: string },
  as: TPerson,
): Promise<TStoredFile> {
  await checkEvidenceUpload(deps, input.assignmentId, as);
  return deps.files.store(source, { name: input.name, uploaderId: as.id, assignmentId: input.assignmentId });
}
