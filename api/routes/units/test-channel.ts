import { requireCoordinator } from '../../../services/access/scope';
import { sendTestMessage, ZSendTestMessageInputSchema, ZTestMessageResultSchema } from '../../../services/units/send-test-message';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'POST',
  url: '/api/units/channels/:channelId/test',
  operationId: 'sendTestMessage',
  summary: '发送测试消息: send a test message through a unit’s robot (or to its SMS numbers) now, and say what it answered',
  tags: ['units'],
  auth: 'signed-in',
  params: ZSendTestMessageInputSchema,
  response: ZTestMessageResultSchema,
  async handler({ actor, params, deps }) {
    requireCoordinator(actor);
    return sendTestMessage(deps, { units: true }, params);
  },
});
