import { z } from 'zod';
import type { Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import type { TAssessmentActor } from '../assessment/assessment-year';
import { draftPlanNotice } from './draft-notice';
import { officeKey, recordOf, type TNoticeRecord } from './notice-record';

export const ZCreateNoticeSchema = z.object({
  period: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe('a year (2026) or a reporting period’s key (2026-H1, 2026-Q3, 2026-07, a date, final); default: the latest settled period, else the year so far'),
});
export type TCreateNotice = z.input<typeof ZCreateNoticeSchema>;

/**
 * The office starts a 通报: Duban drafts it from the year's or period's results (draftPlanNotice) and keeps it as the
 * office's own text, to edit and later issue. The year it belongs to is the one named, else the year the period ends
 * in: issuing waits for that year's 定稿. Audited. The caller has checked the person coordinates the plan.
 */
export async function createNotice(deps: { db: Db; now: () => Date }, planId: string, input: TCreateNotice, actor: TAssessmentActor): Promise<TNoticeRecord> {
  const { period } = ZCreateNoticeSchema.parse(input);
  const draft = await draftPlanNotice(deps.db, { planId, period }, deps.now());
  const year = Number((/^\d{4}$/.test(draft.scope.key) ? draft.scope.key : draft.scope.until).slice(0, 4));
  const plan = await deps.db.plan.findUniqueOrThrow({ where: { id: planId }, select: { coordinatorUnitId: true } });
  return deps.db.$transaction(async (tx) => {
    const row = await tx.notice.create({
      data: { planId, scope: draft.scope.key, year, content: draft.notice, office: officeKey(plan.coordinatorUnitId) },
    });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'notice.created' satisfies TAuditAction,
        subjectType: 'notice',
        subjectId: row.id,
        planId,
        data: { scope: draft.scope.key, year, title: draft.notice.title },
      },
    });
    return recordOf(row);
  });
}
