import { z } from 'zod';
import type { ZUnitChannelSchema } from '../../domain/unit-channels';
import { AppError } from '../../lib/errors';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import { shownOf, type TShownChannel } from '../channels/own-channels';
import { channelRow, type TChannelPolicy } from './unit-channels';

export const ZUnitIdSchema = z.object({ unitId: z.string().min(1).max(64) });

/**
 * A coordinator adds a robot or SMS numbers to a unit on the units page, as one more entry of the registry's
 * `channels` (the same schema and refusals, sealed the same way). Audited without the secret.
 */
export async function addUnitChannel(deps: { db: Db }, policy: TChannelPolicy, person: TPerson, unit: z.infer<typeof ZUnitIdSchema>, input: z.infer<typeof ZUnitChannelSchema>): Promise<TShownChannel> {
  const found = await deps.db.unit.findUnique({ where: { id: unit.unitId }, select: { id: true, name: true } });
  if (!found) throw new AppError('NOT_FOUND');
  const row = channelRow(`unit ${found.name}`, ' ', input, policy);
  return deps.db.$transaction(async (tx) => {
    const created = await tx.unitChannel.create({ data: { ...row, unitId: found.id } });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'units.channel_added' satisfies TAuditAction, subjectType: 'unit', subjectId: found.id, data: { channel: created.id, kind: created.kind, shown: created.shown } },
    });
    return shownOf(created);
  });
}
