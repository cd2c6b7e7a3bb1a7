import { importPlanAs } from '../../actions/import-plan';
import { requireCoordinator } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZImportedPlanSchema, ZImportPlanBodySchema } from './import.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/import',
  operationId: 'importPlan',
  summary: 'Parse a plan (text, .txt or .docx) and store it as a draft for review; a document already imported for the year is a 409 PLAN_ALREADY_IMPORTED naming that plan, unless again is true',
  tags: ['plans'],
  auth: 'signed-in',
  status: 201,
  multipart: true,
  body: ZImportPlanBodySchema,
  response: ZImportedPlanSchema,
  async handler({ actor, body, deps }) {
    const a = requireCoordinator(actor);
    return importPlanAs(deps, a.id, body);
  },
});
