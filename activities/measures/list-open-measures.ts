import type { Db } from '../../prisma/client';
import { measureWorkflowId } from '../../workflows/measure/definitions';

export function createListOpenMeasures({ db }: { db: Db }) {
  return {
    /**
     * The workflow ids of every measure of a launched plan (or of one) that is not done or cancelled, derived as at launch: a measure
     * whose workflow has started but not yet assigned its units is still a draft row and must hear of a change too.
     */
    listOpenMeasureWorkflows: async ({ planId }: { planId?: string | undefined }): Promise<string[]> => {
      const measures = await db.measure.findMany({
        where: { ...(planId ? { planId } : {}), plan: { status: 'launched' }, status: { notIn: ['done', 'cancelled'] } },
        select: { id: true, planId: true },
        orderBy: [{ planId: 'asc' }, { seq: 'asc' }],
      });
      return measures.map((m) => measureWorkflowId(m.planId, m.id));
    },
  };
}
