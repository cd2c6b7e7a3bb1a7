import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Prisma } from '../../prisma/client';
import type { TEvidenceFile } from './unreported-files';

type Tx = Prisma.TransactionClient;

const EVIDENCE_FILE = { id: true, name: true, size: true, contentType: true, createdAt: true } as const;
const ofUnitOnPlan = (planId: string, unitId: string) => ({ storedAt: { not: null }, assignment: { unitId, measure: { planId } } });

/** The files a unit has uploaded on a plan (for any of its items there), newest first: what its 佐证材料 may name. */
export async function unitEvidenceFiles(db: Tx, planId: string, unitId: string): Promise<TEvidenceFile[]> {
  return db.storedFile.findMany({ where: ofUnitOnPlan(planId, unitId), select: EVIDENCE_FILE, orderBy: { createdAt: 'desc' } });
}

/**
 * Evidence (佐证材料) named by file id — an 异议, a 加分, a 一票否决, a 年度总结 — may name only files the unit uploaded on
 * the plan: an unknown id, or another unit's file, is refused in one line naming the field and the id, so that naming
 * an id can never attach someone else's file to the record.
 */
export async function refuseForeignEvidence(db: Tx, o: { planId: string; unitId: string; ids: readonly string[]; field: string }): Promise<void> {
  if (!o.ids.length) return;
  const found = await db.storedFile.findMany({ where: { id: { in: [...o.ids] }, ...ofUnitOnPlan(o.planId, o.unitId) }, select: { id: true } });
  const known = new Set(found.map((f) => f.id));
  const index = o.ids.findIndex((id) => !known.has(id));
  if (index === -1) return;
  throw new AppError('VALIDATION_FAILED', say('evidenceNotOfUnit', { field: `${o.field}.${index}`, fileId: o.ids[index]! }));
}
