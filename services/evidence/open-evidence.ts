import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { answeringSide, assignmentScope, type TPerson } from '../access/scope';
import type { TFileStore } from '../files/file-store';
import type { TStoredFileInfo } from '../files/open-file';

/**
 * An evidence file with its content, for someone who may see the reports of its assignment: the unit, the office
 * coordinating the plan, the unit's leaders; and, for a cooperating unit's part sent to the lead unit, the lead unit's
 * side (answeringSide: its people, its supervising leader, its 责任领导). Anyone else, like an id that does not exist,
 * finds nothing (404), so an id confirms nothing; the content is reached only through this check, never by its hash.
 */
export async function openEvidence(deps: { db: Db; files: TFileStore }, id: string, as: TPerson): Promise<TStoredFileInfo & { body: Readable }> {
  const lead = { role: 'lead' as const, ...(await answeringSide(deps.db, as)) };
  const partToLead = { assignment: { measure: { assignments: { some: lead } }, reports: { some: { toLead: true, attachments: { array_contains: [{ fileId: id }] } } } } };
  const visible = await deps.db.storedFile.findFirst({ where: { id, OR: [{ assignment: assignmentScope(as) }, partToLead] }, select: { id: true } });
  const file = visible ? await deps.files.open(visible.id) : null;
  if (!file) throw new AppError('NOT_FOUND', say('noSuchFile'));
  return file;
}
