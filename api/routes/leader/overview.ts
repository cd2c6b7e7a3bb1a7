import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { loadLeaderOverview } from '../../views/leader';
import { ZLeaderOverviewSchema } from './overview.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/leader/overview',
  operationId: 'getLeaderOverview',
  summary: 'Scores of the units the caller supervises and their overdue or escalated items with each 督办单',
  tags: ['leader'],
  auth: 'signed-in',
  response: ZLeaderOverviewSchema,
  async handler({ actor, deps }) {
    return loadLeaderOverview(deps.db, requireActor(actor));
  },
});
