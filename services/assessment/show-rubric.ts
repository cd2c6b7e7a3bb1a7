import type { Db } from '../../prisma/client';
import type { TRubric } from '../../scoring/rubric';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { parseRubric } from './rubric-input';

export type TRubricVersionSummary = { version: number; reason: string; savedAt: Date; savedBy: string | null };

/** A plan's current 考核方案 and every saved version, newest first (who, when, why). */
export async function showRubric(db: Db, planId: string): Promise<{ version: number; rubric: TRubric; versions: TRubricVersionSummary[] }> {
  const plan = await db.plan.findUnique({ where: { id: planId }, select: { rubric: true, rubricVersion: true } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  const versions = await db.rubricVersion.findMany({
    where: { planId },
    orderBy: { version: 'desc' },
    select: { version: true, reason: true, savedAt: true, savedBy: { select: { name: true } } },
  });
  return {
    version: plan.rubricVersion,
    rubric: { ...parseRubric(plan.rubric ?? {}), version: plan.rubricVersion },
    versions: versions.map((v) => ({ version: v.version, reason: v.reason, savedAt: v.savedAt, savedBy: v.savedBy?.name ?? null })),
  };
}
