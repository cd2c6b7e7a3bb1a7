import { redeemLoginLink, startSession } from '../../auth/sign-in';
import { defineApiRoute } from '../../route';
import { ZSignedInSchema } from './login.types';
import { ZRedeemLinkBodySchema } from './redeem-link.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/auth/login-link/redeem',
  operationId: 'redeemLoginLink',
  summary: 'Sign in with a one-time link token; the link cannot be used again',
  tags: ['auth'],
  auth: 'public',
  body: ZRedeemLinkBodySchema,
  response: ZSignedInSchema,
  async handler({ body, reply, deps }) {
    const personId = await redeemLoginLink(deps.db, body.token);
    const person = await deps.db.person.findUniqueOrThrow({ where: { id: personId } });
    const { csrfToken } = await startSession(deps, reply, person.id);
    return { person: { id: person.id, name: person.name, email: person.email, role: person.role, unitId: person.unitId }, csrfToken };
  },
});
