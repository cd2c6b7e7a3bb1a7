import { checkPassword, startSession } from '../../auth/sign-in';
import { defineApiRoute } from '../../route';
import { ZLoginBodySchema, ZSignedInSchema } from './login.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/auth/login',
  operationId: 'login',
  summary: 'Sign in with email and password; sets the session cookie',
  tags: ['auth'],
  auth: 'public',
  body: ZLoginBodySchema,
  response: ZSignedInSchema,
  async handler({ body, reply, deps }) {
    const person = await checkPassword(deps, body.email, body.password);
    const { csrfToken } = await startSession(deps, reply, person.id);
    return { person: { id: person.id, name: person.name, email: person.email, role: person.role, unitId: person.unitId }, csrfToken };
  },
});
