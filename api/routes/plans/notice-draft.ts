import { attachment } from '../../../lib/escape';
import { findPlanFor, requireCoordinator } from '../../../services/access/scope';
import { draftPlanNotice } from '../../../services/notices/draft-notice';
import { defineApiRoute } from '../../route';
import { ZNoticeDraftJsonSchema, ZNoticeDraftQuerySchema } from './notice-draft.types';
import { ZPlanParamsSchema } from './show.types';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export default defineApiRoute({
  method: 'GET',
  url: '/api/plans/:planId/notices/draft.docx',
  operationId: 'draftPlanNotice',
  summary: 'The draft 通报 of a period’s or a year’s results as a Word file in the national format (`duban notice`); coordinators only',
  tags: ['plans'],
  auth: 'signed-in',
  params: ZPlanParamsSchema,
  query: ZNoticeDraftQuerySchema,
  response: ZNoticeDraftJsonSchema,
  produces: [DOCX],
  async handler({ actor, params, query, reply, deps }) {
    const plan = await findPlanFor(deps.db, requireCoordinator(actor), params.planId);
    const draft = await draftPlanNotice(deps.db, { planId: plan.id, period: query.period });
    reply.header('content-type', DOCX);
    reply.header('content-disposition', attachment(draft.fileName, `notice-${plan.id}.docx`));
    return draft.docx;
  },
});
