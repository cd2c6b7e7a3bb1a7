import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';

export const ZRevokeApiTokenInputSchema = z.object({ tokenId: z.string().min(1).max(64) });
export type TRevokeApiTokenInput = z.infer<typeof ZRevokeApiTokenInputSchema>;

/** Revokes one of the person's own tokens; another's, or one already revoked, is not found. Audited. */
export async function revokeApiToken(deps: { db: Db; now: () => Date }, person: TPerson, input: TRevokeApiTokenInput): Promise<{ id: string; revokedAt: string }> {
  const revokedAt = deps.now();
  const done = await deps.db.apiToken.updateMany({ where: { id: input.tokenId, personId: person.id, revokedAt: null }, data: { revokedAt } });
  if (done.count === 0) throw new AppError('NOT_FOUND', say('noSuchToken'));
  await deps.db.auditEvent.create({
    data: { actorId: person.id, actorLabel: 'web', action: 'auth.token_revoked' satisfies TAuditAction, subjectType: 'api_token', subjectId: input.tokenId },
  });
  return { id: input.tokenId, revokedAt: revokedAt.toISOString() };
}
