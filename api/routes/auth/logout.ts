import { endSession } from '../../auth/sign-in';
import { defineApiRoute } from '../../route';
import { ZSignedOutSchema } from './logout.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/auth/logout',
  operationId: 'logout',
  summary: 'End the current session',
  tags: ['auth'],
  auth: 'signed-in',
  response: ZSignedOutSchema,
  async handler({ actor, reply, deps }) {
    await endSession(deps, reply, actor?.sessionId ?? null);
    return { signedOut: true as const };
  },
});
