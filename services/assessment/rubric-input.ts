import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { ZRubricSchema, type TRubric } from '../../scoring/rubric';

/** A 方案 from a file or a page, parsed once: the first problem refused in one line naming its field; nothing else read. */
export function parseRubric(raw: unknown): TRubric {
  const parsed = ZRubricSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // Every issue rides along as the cause, for the form to show each beside its field; files and the API say the first.
  throw Object.assign(new AppError('VALIDATION_FAILED', say('rubricField', { field: issue.path.join('.') || '(root)', issue: issue.message })), { cause: parsed.error });
}

/**
 * What a schema cannot know: the units a 方案 names are in the registry, and its indicators' targets are targets of the
 * plan's own measures. The first that is not is refused, naming its field.
 */
export async function checkRubricAgainstPlan(db: Db, planId: string, rubric: TRubric): Promise<void> {
  const named: { field: string; unitId: string }[] = [
    ...rubric.subjects.map((unitId, i) => ({ field: `subjects.${i}`, unitId })),
    ...rubric.classes.flatMap((c, i) => c.units.map((unitId, j) => ({ field: `classes.${i}.units.${j}`, unitId }))),
  ];
  if (named.length) {
    const known = new Set((await db.unit.findMany({ where: { id: { in: named.map((n) => n.unitId) } }, select: { id: true } })).map((u) => u.id));
    const missing = named.find((n) => !known.has(n.unitId));
    if (missing) throw new AppError('VALIDATION_FAILED', say('rubricUnknownUnit', { field: missing.field, unitId: missing.unitId }));
  }
  const targets = rubric.indicators.flatMap((ind, i) => ind.targets.map((targetId, j) => ({ field: `indicators.${i}.targets.${j}`, targetId })));
  if (targets.length) {
    const known = new Set(
      (await db.target.findMany({ where: { id: { in: targets.map((t) => t.targetId) }, measure: { planId } }, select: { id: true } })).map((t) => t.id),
    );
    const missing = targets.find((t) => !known.has(t.targetId));
    if (missing) throw new AppError('VALIDATION_FAILED', say('rubricUnknownTarget', { field: missing.field, targetId: missing.targetId }));
  }
}
