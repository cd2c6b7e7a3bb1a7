import { z } from 'zod';
import type { Db } from '../../prisma/client';
import { readablePlanScope, requirePlanReader, type TPerson } from '../access/scope';
import { reportAttachments, ZShownAttachmentSchema } from '../evidence/report-attachments';

export const ZReviewQueueQuerySchema = z.object({
  planId: z.string().min(1).max(64).optional().describe('only this plan’s reports'),
  unitId: z.string().min(1).max(64).optional().describe('only this unit’s reports'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export type TReviewQueueQuery = z.input<typeof ZReviewQueueQuerySchema>;

export const ZReviewQueueItemSchema = z.object({
  reportId: z.string(),
  assignmentId: z.string(),
  plan: z.object({ id: z.string(), title: z.string() }),
  measure: z.object({ id: z.string(), ref: z.string(), title: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  period: z.string().describe('the period the report is for, e.g. 2026-H1'),
  status: z.string().describe('what the report says: not_started, in_progress, done, blocked'),
  percent: z.number().int(),
  narrative: z.string(),
  attachments: z.array(ZShownAttachmentSchema).describe('links and files (佐证材料) the report carries'),
  submittedAt: z.string().describe('ISO instant: timeliness is judged by it, not by when the report is accepted'),
});
export const ZReviewQueueSchema = z.object({ items: z.array(ZReviewQueueItemSchema).describe('oldest first') });
export type TReviewQueue = z.infer<typeof ZReviewQueueSchema>;

/** The office's review queue (待审核): reports of its plans' open measures waiting for review, oldest first; its leaders read it too. */
export async function listReviews(db: Db, person: TPerson, query: z.output<typeof ZReviewQueueQuerySchema>): Promise<TReviewQueue> {
  const p = requirePlanReader(person);
  const rows = await db.progressReport.findMany({
    where: {
      review: 'pending',
      assignment: {
        status: { not: 'cancelled' },
        ...(query.unitId ? { unitId: query.unitId } : {}),
        measure: { status: { not: 'cancelled' }, plan: { AND: [readablePlanScope(p), query.planId ? { id: query.planId } : {}] } },
      },
    },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    take: query.limit,
    select: {
      id: true,
      assignmentId: true,
      period: true,
      status: true,
      percent: true,
      narrative: true,
      attachments: true,
      submittedAt: true,
      assignment: { select: { unit: { select: { id: true, name: true } }, measure: { select: { id: true, ref: true, title: true, plan: { select: { id: true, title: true } } } } } },
    },
  });
  const attachments = await reportAttachments(db, rows);
  return {
    items: rows.map((r, i) => ({
      reportId: r.id,
      assignmentId: r.assignmentId,
      plan: r.assignment.measure.plan,
      measure: { id: r.assignment.measure.id, ref: r.assignment.measure.ref, title: r.assignment.measure.title },
      unit: r.assignment.unit,
      period: r.period,
      status: r.status,
      percent: r.percent,
      narrative: r.narrative,
      attachments: attachments[i]!,
      submittedAt: r.submittedAt.toISOString(),
    })),
  };
}
