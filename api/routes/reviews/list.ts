import { listReviews, ZReviewQueueQuerySchema, ZReviewQueueSchema } from '../../../services/reviews/list-reviews';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'GET',
  url: '/api/reviews',
  operationId: 'listReviews',
  summary: 'The office’s review queue: reports of its plans waiting for review, oldest first, by plan and unit',
  tags: ['reviews'],
  auth: 'signed-in',
  query: ZReviewQueueQuerySchema,
  response: ZReviewQueueSchema,
  async handler({ actor, query, deps }) {
    return listReviews(deps.db, requireActor(actor), query);
  },
});
