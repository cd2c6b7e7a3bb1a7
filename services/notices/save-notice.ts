import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { ZNoticeSchema } from '../../report/notice-model';
import type { TAuditAction } from '../audit-actions';
import type { TAssessmentActor } from '../assessment/assessment-year';
import { readNotice, recordOf, refuseIfIssued, type TNoticeRecord } from './notice-record';

export const ZSaveNoticeSchema = z.object({
  notice: ZNoticeSchema.omit({ docNumber: true }).describe('the 通报 as edited; its 文号 is assigned when it is issued'),
  version: z.number().int().min(1).optional().describe('the version the edit was made on; when given, an edit of a version since replaced is refused'),
});
export type TSaveNotice = z.input<typeof ZSaveNoticeSchema>;

/**
 * The office saves its edit of a draft 通报 (title, 主送, 表扬 and 批评 lists, paragraphs, 落款, 成文日期): a new
 * version, its whole text kept in the audit trail. Refused once issued, or when made on a version since replaced;
 * nothing saved then. The caller has checked the person coordinates the plan.
 */
export async function saveNotice(deps: { db: Db }, planId: string, noticeId: string, input: TSaveNotice, actor: TAssessmentActor): Promise<TNoticeRecord> {
  const { notice, version: base } = ZSaveNoticeSchema.parse(input);
  return deps.db.$transaction(async (tx) => {
    const current = await readNotice(tx, planId, noticeId, true);
    refuseIfIssued(current);
    if (base !== undefined && base !== current.version) throw new AppError('CONFLICT', say('noticeStale', { version: current.version }));
    const version = current.version + 1;
    const content = { ...notice, docNumber: null };
    const row = await tx.notice.update({ where: { id: noticeId }, data: { content, version } });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'notice.saved' satisfies TAuditAction,
        subjectType: 'notice',
        subjectId: noticeId,
        planId,
        data: { version, notice: content },
      },
    });
    return recordOf(row);
  });
}
