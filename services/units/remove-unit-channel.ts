import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import type { ZOwnChannelIdSchema } from '../channels/own-channels';

/** A unit's robot or numbers removed on the units page; a person's own channel is not a unit's (not found). Audited. */
export async function removeUnitChannel(deps: { db: Db }, person: TPerson, at: z.infer<typeof ZOwnChannelIdSchema>): Promise<{ id: string }> {
  await deps.db.$transaction(async (tx) => {
    const row = await tx.unitChannel.findUnique({ where: { id: at.channelId }, select: { unitId: true, kind: true, shown: true } });
    if (!row?.unitId) throw new AppError('NOT_FOUND');
    await tx.unitChannel.delete({ where: { id: at.channelId } });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'units.channel_removed' satisfies TAuditAction, subjectType: 'unit', subjectId: row.unitId, data: { channel: at.channelId, kind: row.kind, shown: row.shown } },
    });
  });
  return { id: at.channelId };
}
