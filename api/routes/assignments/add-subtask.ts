import { z } from 'zod';
import { ZSubtaskBodySchema } from '../../../domain/subtasks';
import { addSubtask } from '../../../services/subtasks/add-subtask';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZAssignmentParamsSchema } from './show.types';

export const ZSubtaskAnswerSchema = z.object({
  subtaskId: z.string(),
  assignmentId: z.string(),
  due: z.string(),
  done: z.boolean(),
  progress: z.object({ done: z.number().int(), total: z.number().int() }).describe('the unit’s sub-tasks done, of all'),
});

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/subtasks',
  operationId: 'addSubtask',
  summary: '分解: the lead unit gives part of its assignment to a section or person, due no later than the assignment (reminded to that person)',
  tags: ['assignments'],
  auth: 'signed-in',
  status: 201,
  params: ZAssignmentParamsSchema,
  body: ZSubtaskBodySchema,
  response: ZSubtaskAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return addSubtask(deps, requireActor(actor), params.assignmentId, body);
  },
});
