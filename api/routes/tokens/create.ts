import { createApiToken, ZCreateApiTokenInputSchema } from '../../../services/auth/create-api-token';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZCreatedTokenSchema } from './create.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/tokens',
  operationId: 'createApiToken',
  summary: 'Create an API token that acts as the signed-in person, for integrations',
  tags: ['auth'],
  auth: 'signed-in',
  scope: 'session',
  status: 201,
  body: ZCreateApiTokenInputSchema,
  response: ZCreatedTokenSchema,
  async handler({ actor, body, deps }) {
    return createApiToken(deps, requireActor(actor), body);
  },
});
