import { z } from 'zod';
import { deleteEvidence } from '../../../services/evidence/delete-evidence';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'DELETE',
  url: '/api/files/:fileId',
  operationId: 'deleteFile',
  summary: 'Delete a file one’s unit uploaded and has not reported yet (audited; its content leaves the store); a reported file is 409, anyone else’s 404',
  tags: ['files'],
  auth: 'signed-in',
  scope: 'report',
  params: z.object({ fileId: z.string().min(1).max(64) }),
  response: z.object({ id: z.string(), deleted: z.literal(true) }),
  async handler({ actor, params, deps }) {
    await deleteEvidence(deps, params.fileId, requireActor(actor));
    return { id: params.fileId, deleted: true as const };
  },
});
