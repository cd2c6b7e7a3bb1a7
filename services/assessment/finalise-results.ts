import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import type { TTemporal } from '../deps';
import { closePlanAtFinal, endMeasureWorkflows } from '../plans/close-plan';
import { scorePlanIn } from '../scoring/score-plan';
import { lockYear, ZAssessmentYearSchema, type TAssessmentActor } from './assessment-year';

export const ZFinaliseResultsSchema = z.object({ year: ZAssessmentYearSchema });
export type TFinaliseResults = z.input<typeof ZFinaliseResultsSchema>;

/**
 * 定稿: the office finalises a year's results, scored as of now; from then on the score keeper leaves that year's
 * scores as they are (services/scoring/score-plan), and a change needs the year reopened with a reason. Refused while
 * 公示 runs or an 异议 waits for its answer; 公示 itself is optional. Each 定稿 is a version. Audited. The caller has
 * checked the person coordinates the plan.
 *
 * Scored and locked in one transaction, holding the year's row and then the plan's: every change a score owes (a
 * report, a record, a correction) marks the plan's row in the statement or transaction that makes it
 * (owePlanScores), so one committed before the lock is in the locked scores, and one arriving meanwhile waits and
 * commits after the year is final, left out of it as a report after 定稿 is. "Now" is read once the locks are held.
 *
 * 定稿 of the plan's last year once its period is over closes the plan in the same transaction (services/plans/
 * close-plan), and then ends its measures' workflows.
 */
export async function finaliseResults(
  deps: { db: Db; now: () => Date; temporal?: TTemporal | null },
  planId: string,
  input: TFinaliseResults,
  actor: TAssessmentActor,
): Promise<{ year: number; version: number; planClosed: boolean }> {
  const { year } = ZFinaliseResultsSchema.parse(input);
  const done = await deps.db.$transaction(async (tx) => {
    const current = await lockYear(tx, planId, year, deps.now());
    await tx.$queryRaw`SELECT 1 FROM "Plan" WHERE "id" = ${planId} FOR UPDATE`;
    const at = deps.now();
    if (current.stage === 'final') throw new AppError('CONFLICT', say('resultsFinal', { year }));
    if (current.stage === 'publicity' && current.publicityUntil && current.today <= current.publicityUntil) {
      throw new AppError('CONFLICT', say('publicityRunning', { year, until: current.publicityUntil }));
    }
    const pending = await tx.assessmentObjection.count({ where: { planId, year, status: 'pending' } });
    if (pending) throw new AppError('CONFLICT', say('objectionsPending', { year, n: pending }));
    await scorePlanIn(tx, planId, at);
    const version = current.version + 1;
    await tx.assessmentYear.update({ where: { planId_year: { planId, year } }, data: { stage: 'final', finalisedAt: at, version } });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'assessment.finalised' satisfies TAuditAction,
        subjectType: 'plan',
        subjectId: planId,
        planId,
        data: { year, version },
      },
    });
    return { year, version, closed: await closePlanAtFinal(tx, planId, year, actor, at) };
  }, { timeout: 120_000, maxWait: 20_000 });
  if (done.closed) await endMeasureWorkflows(deps.temporal ?? null, done.closed);
  return { year: done.year, version: done.version, planClosed: done.closed !== null };
}
