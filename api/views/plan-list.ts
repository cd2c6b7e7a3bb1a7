import type { Db } from '../../prisma/client';
import type { TActor } from '../auth/actor';
import { readablePlanScope } from '../../services/access/scope';
import type { TPlanList } from '../routes/plans/list.types';

export async function listPlans(db: Db, actor: TActor): Promise<TPlanList> {
  const plans = await db.plan.findMany({
    where: readablePlanScope(actor),
    orderBy: { createdAt: 'desc' },
    select: { id: true, title: true, year: true, status: true, createdAt: true, launchedAt: true, _count: { select: { measures: true } } },
  });
  // Newest first, and a discarded draft (cancelled) after every plan that still stands.
  plans.sort((a, b) => Number(a.status === 'cancelled') - Number(b.status === 'cancelled'));
  return {
    plans: plans.map((p) => ({
      id: p.id,
      title: p.title,
      year: p.year,
      status: p.status,
      measures: p._count.measures,
      createdAt: p.createdAt.toISOString(),
      launchedAt: p.launchedAt?.toISOString() ?? null,
    })),
  };
}
