import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { TSay } from '../../lib/text';
import type { Db } from '../../prisma/client';
import { planScope, requireCoordinator, type TPerson } from '../access/scope';
import { parseRubric } from './rubric-input';

/** Another plan of the person's whose 方案 can be copied: the latest year first, and the version in force. */
export type TCopySource = { id: string; title: string; year: number; rubricVersion: number };

/** The person's other plans, latest year first: last year's 方案 is the first on offer. */
export async function rubricSources(db: Db, person: TPerson, planId: string): Promise<TCopySource[]> {
  return db.plan.findMany({
    where: { AND: [{ id: { not: planId } }, planScope(requireCoordinator(person))] },
    orderBy: [{ year: 'desc' }, { createdAt: 'desc' }],
    take: 50,
    select: { id: true, title: true, year: true, rubricVersion: true },
  });
}

/**
 * Another plan's 方案 (last year's, typically) as this plan's starting point, saved nothing: the office previews it and
 * saves it through the usual form, versioned and audited with its reason. Units carry over (the registry is shared);
 * an 指标分 names its targets by id, so each is matched to this plan's target of the same indicator and comparator, and
 * one with no match keeps its old id, which the preview then refuses naming the field.
 */
export async function rubricFrom(db: Db, person: TPerson, planId: string, fromPlanId: string): Promise<{ rubric: unknown; reason: TSay }> {
  const [from] = await db.plan.findMany({
    where: { AND: [{ id: fromPlanId }, planScope(requireCoordinator(person))] },
    select: { title: true, rubric: true, rubricVersion: true, measures: { select: { targets: { select: { id: true, indicator: true, comparator: true } } } } },
  });
  if (!from) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  const here = await db.target.findMany({ where: { measure: { planId } }, select: { id: true, indicator: true, comparator: true } });
  const keyOf = (t: { indicator: string; comparator: string }) => `${t.indicator}\u0000${t.comparator}`;
  const hereBy = new Map(here.map((t) => [keyOf(t), t.id]));
  const thereBy = new Map(from.measures.flatMap((m) => m.targets).map((t) => [t.id, keyOf(t)]));
  const { version: _version, ...rubric } = parseRubric(from.rubric ?? {});
  const mapped = {
    ...rubric,
    indicators: rubric.indicators.map((i) => ({ ...i, targets: i.targets.map((id) => hereBy.get(thereBy.get(id) ?? '') ?? id) })),
  };
  return { rubric: mapped, reason: say('rubricCopiedFrom', { title: from.title, version: from.rubricVersion }) };
}
