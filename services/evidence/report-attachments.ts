import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { fileIdsOf } from './unreported-files';

/** A report's attachment as readers are shown it: a link, or a file with its name (opened at GET /api/files/:id). */
export const ZShownAttachmentSchema = z.union([
  z.object({ title: z.string(), url: z.string() }),
  z.object({ fileId: z.string(), name: z.string(), size: z.number().int(), contentType: z.string() }),
]);
export type TShownAttachment = z.infer<typeof ZShownAttachmentSchema>;

const ZLinkSchema = z.object({ title: z.string(), url: z.string() });

/**
 * The attachments of each report (as recorded: links and `{ fileId }`), with each file's name and size; a file of
 * another assignment is never shown on a report, whatever the report recorded (the submission refuses it anyway).
 */
export async function reportAttachments(db: Db, reports: readonly { assignmentId: string; attachments: unknown }[]): Promise<TShownAttachment[][]> {
  const ids = [...new Set(reports.flatMap((r) => fileIdsOf(r.attachments)))];
  const files = ids.length
    ? await db.storedFile.findMany({ where: { id: { in: ids }, storedAt: { not: null } }, select: { id: true, name: true, size: true, contentType: true, assignmentId: true } })
    : [];
  const byId = new Map(files.map((f) => [f.id, f]));
  return reports.map((r) =>
    (Array.isArray(r.attachments) ? r.attachments : []).flatMap((a: unknown): TShownAttachment[] => {
      const link = ZLinkSchema.safeParse(a);
      if (link.success) return [link.data];
      const [id] = fileIdsOf([a]);
      const file = id === undefined ? undefined : byId.get(id);
      return file && file.assignmentId === r.assignmentId ? [{ fileId: file.id, name: file.name, size: file.size, contentType: file.contentType }] : [];
    }),
  );
}
