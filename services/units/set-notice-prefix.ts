import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import { ZNoticePrefixSchema } from '../../report/notice-model';
import type { TAuditAction } from '../audit-actions';
import type { ZUnitIdSchema } from './add-unit-channel';

export const ZSetNoticePrefixSchema = z.object({
  noticePrefix: ZNoticePrefixSchema.nullable().describe('发文机关代字; null clears it, and the office’s 文号 falls back to its name'),
});
export type TSetNoticePrefix = z.input<typeof ZSetNoticePrefixSchema>;

export type TUnitNoticePrefix = { id: string; name: string; noticePrefix: string | null };

/**
 * A coordinator sets the unit's 发文机关代字 (units page, API; the registry file's `noticePrefix` does the same): the
 * 文号 of every 通报 the unit issues afterwards begins with it. Audited with what it was before.
 */
export async function setNoticePrefix(deps: { db: Db }, actor: { id: string; label: string }, unit: z.infer<typeof ZUnitIdSchema>, input: TSetNoticePrefix): Promise<TUnitNoticePrefix> {
  const { noticePrefix } = ZSetNoticePrefixSchema.parse(input);
  return deps.db.$transaction(async (tx) => {
    const old = await tx.unit.findUnique({ where: { id: unit.unitId }, select: { id: true, noticePrefix: true } });
    if (!old) throw new AppError('NOT_FOUND');
    const row = await tx.unit.update({ where: { id: old.id }, data: { noticePrefix }, select: { id: true, name: true, noticePrefix: true } });
    await tx.auditEvent.create({
      data: { actorId: actor.id, actorLabel: actor.label, action: 'units.notice_prefix_set' satisfies TAuditAction, subjectType: 'unit', subjectId: row.id, data: { before: old.noticePrefix, noticePrefix } },
    });
    return row;
  });
}
