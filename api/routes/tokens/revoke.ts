import { revokeApiToken, ZRevokeApiTokenInputSchema } from '../../../services/auth/revoke-api-token';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZRevokedTokenSchema } from './revoke.types';

export default defineApiRoute({
  method: 'DELETE',
  url: '/api/tokens/:tokenId',
  operationId: 'revokeApiToken',
  summary: 'Revoke one of one’s own API tokens',
  tags: ['auth'],
  auth: 'signed-in',
  scope: 'session',
  params: ZRevokeApiTokenInputSchema,
  response: ZRevokedTokenSchema,
  async handler({ actor, params, deps }) {
    return revokeApiToken(deps, requireActor(actor), params);
  },
});
