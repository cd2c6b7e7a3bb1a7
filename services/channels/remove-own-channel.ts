import type { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import type { TDeps, ZOwnChannelIdSchema } from './own-channels';

/** Removes one of one's own channels; another's is not found. Audited. */
export async function removeOwnChannel(deps: TDeps, person: TPerson, input: z.infer<typeof ZOwnChannelIdSchema>): Promise<{ id: string }> {
  await deps.db.$transaction(async (tx) => {
    const gone = await tx.unitChannel.deleteMany({ where: { id: input.channelId, personId: person.id } });
    if (gone.count === 0) throw new AppError('NOT_FOUND');
    await tx.auditEvent.create({ data: { actorId: person.id, actorLabel: 'web', action: 'channels.own_removed' satisfies TAuditAction, subjectType: 'channel', subjectId: input.channelId } });
  });
  return { id: input.channelId };
}
