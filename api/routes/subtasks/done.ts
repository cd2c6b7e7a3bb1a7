import { z } from 'zod';
import { ZSubtaskDoneBodySchema } from '../../../domain/subtasks';
import { completeSubtask } from '../../../services/subtasks/complete-subtask';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZSubtaskAnswerSchema } from '../assignments/add-subtask';

export default defineApiRoute({
  method: 'POST',
  url: '/api/subtasks/:subtaskId/done',
  operationId: 'completeSubtask',
  summary: '分解: a sub-task of the unit done, with what was done; its reminders stop and the unit’s reports carry its progress',
  tags: ['assignments'],
  auth: 'signed-in',
  params: z.object({ subtaskId: z.string().min(1).max(64) }),
  body: ZSubtaskDoneBodySchema,
  response: ZSubtaskAnswerSchema,
  async handler({ actor, params, body, deps }) {
    return completeSubtask(deps, requireActor(actor), params.subtaskId, body);
  },
});
