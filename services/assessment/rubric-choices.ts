import type { Db } from '../../prisma/client';
import type { TComparator } from '../../scoring/types';

/** What a 考核方案 form offers: the plan's targets (for 指标分), in document order, and the registry's units (考核对象, classes). */
export async function rubricChoices(
  db: Db,
  planId: string,
): Promise<{ targets: { id: string; ref: string; indicator: string; comparator: TComparator; value: number; unit: string }[]; units: { id: string; name: string }[] }> {
  const [targets, units] = await Promise.all([
    db.target.findMany({
      where: { measure: { planId } },
      orderBy: [{ measure: { seq: 'asc' } }, { position: 'asc' }],
      select: { id: true, indicator: true, comparator: true, value: true, unit: true, measure: { select: { ref: true } } },
    }),
    db.unit.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { targets: targets.map(({ measure, ...t }) => ({ ...t, ref: measure.ref })), units };
}
