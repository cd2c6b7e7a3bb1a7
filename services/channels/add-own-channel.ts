import type { z } from 'zod';
import type { TPerson } from '../access/scope';
import { shownOf, type TDeps, type TShownChannel, type ZAddOwnChannelInputSchema } from './own-channels';
import type { TAuditAction } from '../audit-actions';
import { channelRow, type TChannelPolicy } from '../units/unit-channels';

/**
 * Adds a robot or SMS numbers of one's own, sealed as a unit's are. Used for one's messages where neither the plan nor
 * the unit sets the kind (domain/channel-precedence). Audited without the secret.
 */
export async function addOwnChannel(deps: TDeps, policy: TChannelPolicy, person: TPerson, input: z.infer<typeof ZAddOwnChannelInputSchema>): Promise<TShownChannel> {
  const row = channelRow('', '', input, policy);
  return deps.db.$transaction(async (tx) => {
    const created = await tx.unitChannel.create({ data: { ...row, personId: person.id } });
    await tx.auditEvent.create({
      data: { actorId: person.id, actorLabel: 'web', action: 'channels.own_added' satisfies TAuditAction, subjectType: 'channel', subjectId: created.id, data: { kind: created.kind, shown: created.shown } },
    });
    return shownOf(created);
  });
}

