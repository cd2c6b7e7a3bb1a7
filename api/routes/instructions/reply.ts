import { z } from 'zod';
import { ZInstructionReplyBodySchema } from '../../../domain/instructions';
import { replyInstruction } from '../../../services/instructions/reply-instruction';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'POST',
  url: '/api/instructions/:instructionId/reply',
  operationId: 'replyInstruction',
  summary: '落实情况: a unit the 批示 was sent to replies with what it did; once per unit, mailed to the leader',
  tags: ['measures'],
  auth: 'signed-in',
  params: z.object({ instructionId: z.string().min(1).max(64) }),
  body: ZInstructionReplyBodySchema,
  response: z.object({ instructionId: z.string(), assignmentId: z.string(), repliedAt: z.string().describe('ISO instant') }),
  async handler({ actor, params, body, deps }) {
    return replyInstruction({ ...deps, filesPerReport: deps.config.FILES_PER_REPORT }, requireActor(actor), params.instructionId, body);
  },
});
