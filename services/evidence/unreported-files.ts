import type { Db } from '../../prisma/client';

/** A stored evidence file as its lists show it. */
export type TEvidenceFile = { id: string; name: string; size: number; contentType: string; createdAt: Date };

const EVIDENCE_FILE = { id: true, name: true, size: true, contentType: true, createdAt: true } as const;

/** The file ids a report's attachments name (the others are links). */
export function fileIdsOf(attachments: unknown): string[] {
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((a: unknown) => (a && typeof a === 'object' && 'fileId' in a && typeof a.fileId === 'string' ? [a.fileId] : []));
}

/** The files an assignment's reports and its 落实情况 replies carry: what its unit has sent, no longer a draft's. */
export async function reportedFileIds(db: Db, assignmentId: string): Promise<Set<string>> {
  const [reports, replies] = await Promise.all([
    db.progressReport.findMany({ where: { assignmentId }, select: { attachments: true } }),
    db.instructionReply.findMany({ where: { assignmentId }, select: { attachments: true } }),
  ]);
  return new Set([...reports, ...replies].flatMap((r) => fileIdsOf(r.attachments)));
}

/**
 * The files uploaded for an assignment that none of its reports (or replies) names yet, oldest first: the unit's draft
 * of its next report, kept until a report is submitted with them.
 */
export async function unreportedFiles(db: Db, assignmentId: string): Promise<TEvidenceFile[]> {
  const [files, reported] = await Promise.all([
    db.storedFile.findMany({ where: { assignmentId, storedAt: { not: null } }, select: EVIDENCE_FILE, orderBy: { createdAt: 'asc' } }),
    reportedFileIds(db, assignmentId),
  ]);
  return files.filter((f) => !reported.has(f.id));
}

/** The stored files of an assignment among `ids`, by id: what a report's `{ fileId }` attachments may name. */
export async function filesOfAssignment(db: Db, assignmentId: string, ids: string[]): Promise<Map<string, TEvidenceFile>> {
  if (!ids.length) return new Map();
  const files = await db.storedFile.findMany({ where: { id: { in: ids }, assignmentId, storedAt: { not: null } }, select: EVIDENCE_FILE });
  return new Map(files.map((f) => [f.id, f]));
}
