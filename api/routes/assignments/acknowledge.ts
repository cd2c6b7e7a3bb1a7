import { z } from 'zod';
import { ZAcknowledgeBodySchema } from '../../../domain/acknowledgement';
import { acknowledgeAssignment } from '../../../services/assignments/acknowledge-assignment';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZAssignmentParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/acknowledge',
  operationId: 'acknowledgeAssignment',
  summary: '签收: acknowledge an assignment as its unit, naming its 责任领导 (and 经办人); once per assignment',
  tags: ['assignments'],
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZAcknowledgeBodySchema,
  response: z.object({ assignmentId: z.string(), acknowledgedAt: z.string().describe('ISO instant') }),
  async handler({ actor, params, body, deps }) {
    return acknowledgeAssignment(deps, requireActor(actor), params.assignmentId, body);
  },
});
