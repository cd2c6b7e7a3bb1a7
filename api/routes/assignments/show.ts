import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { loadItem } from '../../views/item';
import { ZAssignmentParamsSchema, ZItemSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/assignments/:assignmentId',
  operationId: 'getAssignment',
  summary: 'One assignment with its measure, next step, report history, extensions and escalations (404 outside one’s scope)',
  tags: ['assignments'],
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  response: ZItemSchema,
  async handler({ actor, params, deps }) {
    return loadItem(deps.db, requireActor(actor), params.assignmentId);
  },
});
