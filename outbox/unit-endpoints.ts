import { unseal } from '../lib/secret-box';
import type { Db } from '../prisma/client';
import type { TResolveEndpoint } from './robot-channels';

/**
 * A robot delivery's address is its unit channel's id: the webhook and secret are read and unsealed when it is sent,
 * so they never sit in the outbox in the clear. Without the key (or with another one) there is no robot to send to,
 * and the delivery falls back to email.
 */
export function unitChannelEndpoints(db: Db, secretKey: Buffer | undefined): TResolveEndpoint {
  return async (id) => {
    const row = await db.unitChannel.findUnique({ where: { id }, select: { sealed: true } });
    if (!row?.sealed || !secretKey) return null;
    try {
      return JSON.parse(unseal(secretKey, row.sealed)) as { url: string; secret?: string };
    } catch {
      return null;
    }
  };
}
