import { z } from 'zod';
import { Prisma } from '../../prisma/client';
import { owePlanScores } from '../../services/scoring/score-plan';
import type { TActivityDeps } from '../deps';

export const ZOweCloseScoresInputSchema = z.object({
  planId: z.string().min(1),
  closedAt: z.iso.datetime({ offset: true }).describe('the instant the period closed: the first moment after its due day in Shanghai'),
});
export type TOweCloseScoresInput = z.input<typeof ZOweCloseScoresInputSchema>;

/**
 * A measure's period has closed: its plan owes scores as of the close, which the worker's
 * score keeper pays, unless that is already covered — the plan's scores are as of the close or later, or it already
 * owes as of the close or later. Every measure of a plan usually closes at the same instant; the first owes, the
 * keeper computes once, and the rest change nothing. Returns whether this call added to what the plan owes.
 */
export function createOweCloseScores({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async owePlanScoresAtClose(raw: TOweCloseScoresInput): Promise<{ owed: boolean }> {
      const { planId, closedAt } = ZOweCloseScoresInputSchema.parse(raw);
      const at = new Date(closedAt);
      const uncovered = Prisma.sql`
        NOT ("scoresOwed" > 0 AND "scoresOwedAsOf" >= ${at}::timestamp(3))
        AND NOT EXISTS (
          SELECT 1 FROM "Score" s
          WHERE s."planId" = ${planId} AND s."year" = 0 AND s."scope" = 'plan' AND s."subjectId" = ${planId} AND s."computedAt" >= ${at}::timestamp(3))`;
      const rows = await db.$executeRaw(owePlanScores(Prisma.sql`${planId}`, at, uncovered));
      return { owed: rows > 0 };
    },
  };
}
