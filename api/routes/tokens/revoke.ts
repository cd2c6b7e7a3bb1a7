import { requireActor } from '../../auth/actor';
import { AppError } from '../../errors';
import { defineApiRoute } from '../../route';
import { ZRevokedTokenSchema, ZTokenParamsSchema } from './revoke.types';

export default defineApiRoute({
  method: 'DELETE',
  url: '/api/tokens/:tokenId',
  operationId: 'revokeApiToken',
  summary: 'Revoke one of one’s own API tokens',
  tags: ['auth'],
  auth: 'signed-in',
  params: ZTokenParamsSchema,
  response: ZRevokedTokenSchema,
  async handler({ actor, params, deps }) {
    const a = requireActor(actor);
    const revokedAt = new Date();
    const done = await deps.db.apiToken.updateMany({ where: { id: params.tokenId, personId: a.id, revokedAt: null }, data: { revokedAt } });
    if (done.count === 0) throw new AppError('NOT_FOUND', '未找到该令牌 / no such token');
    await deps.db.auditEvent.create({
      data: { actorId: a.id, actorLabel: 'web', action: 'auth.token_revoked', subjectType: 'api_token', subjectId: params.tokenId },
    });
    return { id: params.tokenId, revokedAt: revokedAt.toISOString() };
  },
});
