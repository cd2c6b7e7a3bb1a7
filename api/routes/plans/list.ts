import { requirePlanReader } from '../../../services/access/scope';
import { defineApiRoute } from '../../route';
import { listPlans } from '../../views/plan-list';
import { ZPlanListSchema } from './list.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans',
  operationId: 'listPlans',
  summary: 'The plans the signed-in coordinator coordinates',
  tags: ['plans'],
  auth: 'signed-in',
  response: ZPlanListSchema,
  async handler({ actor, deps }) {
    return listPlans(deps.db, requirePlanReader(actor));
  },
});
