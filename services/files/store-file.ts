import { rm } from 'node:fs/promises';
import { z } from 'zod';
import type { TFileBackend } from '../../files/backend';
import { sniffSpooledFile, spoolUpload } from '../../files/spool';
import { UserError } from '../../lib/errors';
import { issue, issueText, say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { lockContent } from './content-lock';
import { FileTooLargeError, FileTypeRefusedError } from './file-errors';

export type TFileStoreDeps = { db: Db; backend: TFileBackend; /** The limit of an upload that names none (FILES_MAX_MB). */ maxBytes: number };

/** A name as people see it: no folder (some browsers send the client's full path), no control characters. */
const cleanName = (raw: string): string =>
  raw
    .split(/[\\/]/)
    .at(-1)!
    .replace(/\p{Cc}/gu, '')
    .normalize('NFC')
    .trim();

export const ZStoreFileInputSchema = z.object({
  name: z
    .string()
    .transform(cleanName)
    .pipe(z.string().min(1, issue('fileNameEmpty')).max(255, issue('fileNameTooLong')))
    .describe('the file name as uploaded; any folder in it is dropped'),
  uploaderId: z.string().min(1).describe('the person uploading'),
  assignmentId: z.string().min(1).optional().describe('the assignment the file is evidence for; its readers may read the file'),
  limits: z
    .object({ maxBytes: z.number().int().positive().describe('the largest this upload may be, in bytes; default FILES_MAX_MB') })
    .partial()
    .optional(),
});
export type TStoreFileInput = z.input<typeof ZStoreFileInputSchema>;

/** What the uploader is told, and what `POST …/files` answers with. */
export type TStoredFile = { id: string; name: string; size: number; sha256: string; contentType: string };

/**
 * Stores one upload: received whole into the spool while hashed and counted (over the limit: FileTooLargeError,
 * nothing kept), judged by its content (not an accepted kind: FileTypeRefusedError, nothing kept), then recorded as
 * a row of its own and its content put in place under its sha256 once, however many rows share it.
 *
 * The row is written first, marked not yet stored, and marked stored once the content is in place: a row can only be
 * without its content while the upload is under way, or after the process died midway (the sweep removes such rows).
 * A source that fails midway (a connection cut) fails the store with its error and leaves nothing at all.
 */
export async function storeFile(deps: TFileStoreDeps, source: AsyncIterable<Uint8Array>, raw: TStoreFileInput): Promise<TStoredFile> {
  const parsed = ZStoreFileInputSchema.safeParse(raw);
  if (!parsed.success) {
    const message = parsed.error.issues[0]!.message;
    throw new UserError(say('uploadInvalid', { issue: issueText(message) ?? message }));
  }
  const { name, uploaderId, assignmentId, limits } = parsed.data;
  const maxBytes = limits?.maxBytes ?? deps.maxBytes;
  const spooled = await spoolUpload(source, deps.backend.spoolDir, maxBytes);
  if (!spooled.ok) throw new FileTooLargeError(maxBytes);
  try {
    const kind = sniffSpooledFile(spooled);
    if (!kind.ok) throw new FileTypeRefusedError(kind.reason);
    const stored = await deps.db.$transaction(async (tx) => {
      await lockContent(tx, spooled.sha256);
      return tx.storedFile.create({
        data: { name, size: spooled.size, sha256: spooled.sha256, contentType: kind.contentType, uploaderId, assignmentId },
        select: { id: true, name: true, size: true, sha256: true, contentType: true },
      });
    });
    try {
      await deps.backend.put(spooled);
      await deps.db.storedFile.update({ where: { id: stored.id }, data: { storedAt: new Date() } });
    } catch (err) {
      await deps.db.storedFile.deleteMany({ where: { id: stored.id } }).catch(() => {});
      throw err;
    }
    return stored;
  } finally {
    await rm(spooled.path, { force: true });
  }
}
