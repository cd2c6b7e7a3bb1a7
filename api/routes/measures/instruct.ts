import { z } from 'zod';
import { ZInstructionBodySchema } from '../../../domain/instructions';
import { issueInstruction } from '../../../services/instructions/issue-instruction';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'POST',
  url: '/api/measures/:measureId/instructions',
  operationId: 'issueInstruction',
  summary: '领导批示: a leader of the plan’s office (or a coordinator on a leader’s behalf) instructs units of a measure, who reply by a deadline (audited, mailed once per unit)',
  tags: ['measures'],
  auth: 'signed-in',
  status: 201,
  params: z.object({ measureId: z.string().min(1).max(64) }),
  body: ZInstructionBodySchema,
  response: z.object({
    instructionId: z.string(),
    replyBy: z.string().describe('the day the units reply by'),
    assignmentIds: z.array(z.string()).describe('the assignments of the units it was sent to'),
    auditKey: z.string(),
  }),
  async handler({ actor, params, body, deps }) {
    return issueInstruction(deps, requireActor(actor), params.measureId, body);
  },
});
