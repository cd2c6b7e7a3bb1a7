import { ZRefuseBodySchema } from '../../../domain/acknowledgement';
import { refuseAssignment } from '../../../services/assignments/refuse-assignment';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZActionAnswerSchema } from '../measures/actions';
import { ZAssignmentParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/refuse',
  operationId: 'refuseAssignment',
  summary: '拒签: refuse an assignment as its unit, with a reason, before acknowledging it; its clock stops until the office reassigns or confirms',
  tags: ['assignments'],
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZRefuseBodySchema,
  response: ZActionAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return refuseAssignment(deps, requireActor(actor), params.assignmentId, body);
  },
});
