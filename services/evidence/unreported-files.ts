import type { Db } from '../../prisma/client';

/** A stored evidence file as its lists show it. */
export type TEvidenceFile = { id: string; name: string; size: number; contentType: string; createdAt: Date };

const EVIDENCE_FILE = { id: true, name: true, size: true, contentType: true, createdAt: true } as const;

/** The file ids a report's attachments name (the others are links). */
export function fileIdsOf(attachments: unknown): string[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((a: unknown) => (a && typeof a === 'object' && 'fileId' in a && typeof a.fileId === 'string' ? [a.fileId] : []));
}

/**
 * The files uploaded for an assignment that none of its reports names yet, oldest first: the unit's draft of its next
 * report, kept until a report is submitted with them.
 */
export async function unreportedFiles(db: Db, assignmentId: string): Promise<TEvidenceFile[]> {
  const [files, reports] = await Promise.all([
    db.storedFile.findMany({ where: { assignmentId, storedAt: { not: null } }, select: EVIDENCE_FILE, orderBy: { createdAt: 'asc' } }),
    db.progressReport.findMany({ where: { assignmentId }, select: { attachments: true } }),
  ]);
  const reported = new Set(reports.flatMap((r) => fileIdsOf(r.attachments)));
  return files.filter((f) => !reported.has(f.id));
}

/** The stored files of an assignment among `ids`, by id: what a report's `{ fileId }` attachments may name. */
export async function filesOfAssignment(db: Db, assignmentId: string, ids: string[]): Promise<Map<string, TEvidenceFile>> {
  if (!ids.length) return new Map();
  const files = await db.storedFile.findMany({ where: { id: { in: ids }, assignmentId, storedAt: { not: null } }, select: EVIDENCE_FILE });
  return new Map(files.map((f) => [f.id, f]));
}
