import { changePassword, ZChangePasswordInputSchema } from '../../../services/auth/change-password';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZPasswordChangedSchema } from './change-password.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/me/password',
  operationId: 'changePassword',
  summary: 'Set or change one’s own password (people first signed in by link set one here)',
  tags: ['auth'],
  auth: 'signed-in',
  scope: 'session',
  body: ZChangePasswordInputSchema,
  response: ZPasswordChangedSchema,
  async handler({ actor, body, deps }) {
    await changePassword(deps, requireActor(actor), body);
    return { changed: true as const };
  },
});
