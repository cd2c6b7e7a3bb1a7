import type { z } from 'zod';
import type { ZUnitChannelSchema } from '../../domain/unit-channels';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import { shownOf, type TShownChannel, type ZOwnChannelIdSchema } from '../channels/own-channels';
import { channelRow, type TChannelPolicy } from './unit-channels';

/**
 * A unit's robot or numbers replaced (a new webhook key, other phones): the same row, so messages already owed to it
 * go to the new address, and no longer shown as broken. Audited with what was shown before and after.
 */
export async function replaceUnitChannel(deps: { db: Db }, policy: TChannelPolicy, person: TPerson, at: z.infer<typeof ZOwnChannelIdSchema>, input: z.infer<typeof ZUnitChannelSchema>): Promise<TShownChannel> {
  const old = await deps.db.unitChannel.findUnique({ where: { id: at.channelId }, select: { id: true, shown: true, unit: { select: { id: true, name: true } } } });
  if (!old?.unit) throw new AppError('NOT_FOUND');
  const unit = old.unit;
  const row = channelRow(`unit ${unit.name}`, ' ', input, policy);
  return deps.db.$transaction(async (tx) => {
    const updated = await tx.unitChannel.update({ where: { id: old.id }, data: { ...row, sealed: row.sealed ?? null, brokenSince: null, lastError: null } });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'units.channel_replaced' satisfies TAuditAction, subjectType: 'unit', subjectId: unit.id, data: { channel: old.id, kind: updated.kind, before: old.shown, shown: updated.shown } },
    });
    return shownOf(updated);
  });
}
