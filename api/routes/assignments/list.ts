import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { listItems } from '../../views/items';
import { ZItemListSchema, ZListAssignmentsQuerySchema } from './list.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/assignments',
  operationId: 'listAssignments',
  summary: 'Assignments visible to the caller: their unit’s, a leader’s supervised units’, a coordinator’s plans’',
  tags: ['assignments'],
  auth: 'signed-in',
  query: ZListAssignmentsQuerySchema,
  response: ZItemListSchema,
  async handler({ actor, query, deps }) {
    return listItems(deps.db, requireActor(actor), query);
  },
});
