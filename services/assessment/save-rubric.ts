import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import type { TRubric } from '../../scoring/rubric';
import type { TAuditAction } from '../audit-actions';
import { owePlanScores } from '../scoring/score-plan';
import { checkRubricAgainstPlan, parseRubric } from './rubric-input';

export const ZSaveRubricInputSchema = z.object({
  rubric: z.looseObject({}).describe('the whole 考核方案 (scoring/rubric.ts ZRubricSchema), parsed by saveRubric; a field left out takes its default'),
  reason: z.string().trim().min(1, issue('rubricReasonNeeded')).max(500).describe('why it changes, kept with the version'),
});
export type TSaveRubricInput = z.input<typeof ZSaveRubricInputSchema>;

/** Who saves: a person (their id) or the command line (no person), as the audit trail records them. */
export type TRubricActor = { id: string | null; label: string };

/**
 * Saves a new version of a plan's 考核方案: every version is kept (RubricVersion, with who, when and why; the one it
 * replaces too, the first time), the plan's rubric and its version number move on, the change is audited, and the plan
 * is marked as owing scores so the score keeper rescores it with the new 方案 (services/scoring/score-plan). A 方案
 * that does not parse, names a unit not in the registry or a target not the plan's, is refused whole: nothing saved.
 * The caller has checked the person may (findPlanFor).
 */
export async function saveRubric(
  deps: { db: Db; now: () => Date },
  planId: string,
  raw: { rubric: unknown; reason: string },
  actor: TRubricActor,
): Promise<{ version: number; rubric: TRubric }> {
  const rubric = parseRubric(raw.rubric);
  const reason = raw.reason.trim();
  if (!reason) throw new AppError('VALIDATION_FAILED', say('rubricReasonNeeded'));
  await checkRubricAgainstPlan(deps.db, planId, rubric);
  const at = deps.now();
  const version = await deps.db.$transaction(async (tx) => {
    // The row lock orders two saves of one plan: each gets its own number.
    const [plan] = await tx.$queryRaw<{ status: string; rubric: unknown; rubricVersion: number }[]>`
      SELECT "status", "rubric", "rubricVersion" FROM "Plan" WHERE "id" = ${planId} FOR UPDATE`;
    if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
    if (plan.status === 'closed' || plan.status === 'cancelled') throw new AppError('CONFLICT', say('planOver'));
    const kept = await tx.rubricVersion.count({ where: { planId } });
    if (kept === 0) {
      await tx.rubricVersion.create({
        data: { planId, version: plan.rubricVersion, rubric: (plan.rubric ?? {}) as Prisma.InputJsonValue, reason: '导入时的考核方案（系统默认）', savedAt: at },
      });
    }
    const next = plan.rubricVersion + 1;
    const { version: _stored, ...stored } = rubric;
    await tx.plan.update({ where: { id: planId }, data: { rubric: stored, rubricVersion: next } });
    await tx.rubricVersion.create({ data: { planId, version: next, rubric: stored, reason, savedById: actor.id, savedAt: at } });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'plan.rubric_saved' satisfies TAuditAction,
        subjectType: 'plan',
        subjectId: planId,
        planId,
        data: { version: next, previousVersion: plan.rubricVersion, reason },
      },
    });
    await tx.$executeRaw(owePlanScores(Prisma.sql`${planId}`, at));
    return next;
  });
  return { version, rubric: { ...rubric, version } };
}
