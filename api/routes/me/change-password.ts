import { requireActor } from '../../auth/actor';
import { changePassword } from '../../actions/account';
import { defineApiRoute } from '../../route';
import { ZChangePasswordBodySchema, ZPasswordChangedSchema } from './change-password.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/me/password',
  operationId: 'changePassword',
  summary: 'Set or change one’s own password (people first signed in by link set one here)',
  tags: ['auth'],
  auth: 'signed-in',
  body: ZChangePasswordBodySchema,
  response: ZPasswordChangedSchema,
  async handler({ actor, body, deps }) {
    await changePassword(deps.db, requireActor(actor).id, body);
    return { changed: true as const };
  },
});
