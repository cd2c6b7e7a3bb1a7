import { z } from 'zod';
import type { Db } from '../../prisma/client';
import type { TPerson } from '../access/scope';
import { newSecret, sha256 } from './secrets';
import { TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from './session-policy';
import type { TAuditAction } from '../audit-actions';

export const ZCreateApiTokenInputSchema = z.object({
  name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. 统计系统对接'),
  scope: z.enum(['read', 'report', 'coordinate']).default('read').describe('read: only reads; report: also reports for the person’s unit; coordinate: also a coordinator’s changes'),
  expiresInDays: z.coerce.number().int().min(1).max(TOKEN_MAX_DAYS).default(TOKEN_DEFAULT_DAYS).describe(`days until it stops working (at most ${TOKEN_MAX_DAYS})`),
});
export type TCreateApiTokenInput = z.infer<typeof ZCreateApiTokenInputSchema>;

export type TCreatedApiToken = { id: string; name: string; scope: TCreateApiTokenInput['scope']; expiresAt: string; token: string };

/** A new API token acting as the person within its scope until it expires; only its hash is kept, so the token is returned this once. Audited. */
export async function createApiToken(deps: { db: Db; now: () => Date }, person: TPerson, input: TCreateApiTokenInput): Promise<TCreatedApiToken> {
  const token = newSecret();
  const expiresAt = new Date(deps.now().getTime() + input.expiresInDays * 24 * 3_600_000);
  const row = await deps.db.apiToken.create({ data: { personId: person.id, name: input.name, scope: input.scope, expiresAt, tokenHash: sha256(token) } });
  await deps.db.auditEvent.create({
    data: { actorId: person.id, actorLabel: 'web', action: 'auth.token_created' satisfies TAuditAction, subjectType: 'api_token', subjectId: row.id, data: { scope: row.scope, expiresAt: expiresAt.toISOString() } },
  });
  return { id: row.id, name: row.name, scope: row.scope, expiresAt: expiresAt.toISOString(), token };
}
