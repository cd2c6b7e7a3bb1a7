import type { TProgressSubmission } from '../../domain/progress';
import { UserError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';

/**
 * The parts a lead unit's report names (cycle.reportTo = lead) must be parts of its own measure sent to the lead
 * unit by a cooperating unit still on it, and not returned: naming any other report is refused with one line, so
 * the report can include nothing a lead unit was not sent.
 */
export async function checkReportParts(db: Db, submission: Pick<TProgressSubmission, 'assignmentId' | 'parts'>): Promise<void> {
  if (!submission.parts?.length) return;
  const lead = await db.assignment.findUniqueOrThrow({ where: { id: submission.assignmentId }, select: { role: true, measureId: true } });
  if (lead.role !== 'lead') throw new UserError(say('partsOnlyForLead'));
  const found = await db.progressReport.findMany({
    where: {
      id: { in: submission.parts },
      toLead: true,
      OR: [{ review: null }, { review: { not: 'returned' } }],
      assignment: { measureId: lead.measureId, role: 'cooperating', status: { not: 'cancelled' } },
    },
    select: { id: true },
  });
  const known = new Set(found.map((r) => r.id));
  const stranger = submission.parts.find((id) => !known.has(id));
  if (stranger !== undefined) throw new UserError(say('partNotForLead', { reportId: stranger }));
}
