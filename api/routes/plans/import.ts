import { requireCoordinator } from '../../../services/access/scope';
import { importPlan } from '../../../services/plans/import-plan';
import { defineApiRoute } from '../../route';
import { importInputOf, ZImportedPlanSchema, ZImportPlanBodySchema } from './import.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/import',
  operationId: 'importPlan',
  summary: 'Parse a plan (text, .txt or .docx) and store it as a draft for review; a document already imported for the year is a 409 PLAN_ALREADY_IMPORTED naming that plan, unless again is true',
  tags: ['plans'],
  auth: 'signed-in',
  upload: true,
  status: 201,
  multipart: true,
  body: ZImportPlanBodySchema,
  response: ZImportedPlanSchema,
  async handler({ actor, body, deps }) {
    return importPlan(deps.db, importInputOf(body, requireCoordinator(actor)));
  },
});
