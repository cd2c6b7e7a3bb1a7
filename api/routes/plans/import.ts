import { importPlan } from '../../../services/plans/import-plan';
import { requireCoordinator } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZImportedPlanSchema, ZImportPlanBodySchema } from './import.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/plans/import',
  operationId: 'importPlan',
  summary: 'Parse a plan (text, .txt or .docx) and store it as a draft for review',
  tags: ['plans'],
  auth: 'signed-in',
  status: 201,
  multipart: true,
  body: ZImportPlanBodySchema,
  response: ZImportedPlanSchema,
  async handler({ actor, body, deps }) {
    const a = requireCoordinator(actor);
    return importPlan(deps.db, {
      source: body.file ? { buffer: Buffer.from(body.file.contentBase64, 'base64') } : { text: body.text! },
      fileName: body.file?.fileName,
      year: body.year,
      again: body.again,
      actorId: a.id,
      actorLabel: 'web',
    });
  },
});
