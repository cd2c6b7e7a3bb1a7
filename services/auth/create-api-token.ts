import { z } from 'zod';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { newSecret, sha256 } from './secrets';
import type { TAuditAction } from '../audit-actions';

export const ZCreateApiTokenInputSchema = z.object({ name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. 统计系统对接') });
export type TCreateApiTokenInput = z.infer<typeof ZCreateApiTokenInputSchema>;

/** A new API token acting as the person; only its hash is kept, so the token is returned this once. Audited. */
export async function createApiToken(db: Db, person: TPerson, input: TCreateApiTokenInput): Promise<{ id: string; name: string; token: string }> {
  const token = newSecret();
  const row = await db.apiToken.create({ data: { personId: person.id, name: input.name, tokenHash: sha256(token) } });
  await db.auditEvent.create({ data: { actorId: person.id, actorLabel: 'web', action: 'auth.token_created' satisfies TAuditAction, subjectType: 'api_token', subjectId: row.id } });
  return { id: row.id, name: row.name, token };
}
