import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZMeSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/me',
  operationId: 'getMe',
  summary: 'Who is signed in, their unit and the units they supervise',
  tags: ['auth'],
  auth: 'signed-in',
  response: ZMeSchema,
  async handler({ actor, deps }) {
    const a = requireActor(actor);
    const person = await deps.db.person.findUniqueOrThrow({
      where: { id: a.id },
      include: { unit: { select: { id: true, name: true } }, supervisedUnits: { select: { id: true, name: true }, orderBy: { name: 'asc' } } },
    });
    return {
      id: person.id,
      name: person.name,
      email: person.email,
      role: person.role,
      unit: person.unit,
      supervisedUnits: person.supervisedUnits,
      csrfToken: a.csrfToken,
    };
  },
});
