import { z } from 'zod';
import { addOwnChannel } from '../../../services/channels/add-own-channel';
import { listOwnChannels } from '../../../services/channels/list-own-channels';
import { ZAddOwnChannelInputSchema, ZOwnChannelIdSchema, ZShownChannelSchema } from '../../../services/channels/own-channels';
import { removeOwnChannel } from '../../../services/channels/remove-own-channel';
import { sendTestMessage, ZTestMessageResultSchema } from '../../../services/units/send-test-message';
import { channelPolicyOf } from '../../../services/units/unit-channels';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

/** One's own 企业微信/钉钉 robots and SMS numbers (issue 25): used where neither the plan nor one's unit sets the kind. */
export const ownChannelRoutes = [
  defineApiRoute({
    method: 'GET',
    url: '/api/me/channels',
    operationId: 'listOwnChannels',
    summary: 'One’s own robots and SMS numbers, masked',
    tags: ['auth'],
    auth: 'signed-in',
    response: z.object({ channels: z.array(ZShownChannelSchema) }),
    async handler({ actor, deps }) {
      return { channels: await listOwnChannels(deps, requireActor(actor)) };
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/me/channels',
    operationId: 'addOwnChannel',
    summary: 'Add a 企业微信 or 钉钉 robot, or one’s mobile numbers for SMS, as the registry file gives a unit’s',
    tags: ['auth'],
    auth: 'signed-in',
    scope: 'session',
    status: 201,
    body: ZAddOwnChannelInputSchema,
    response: ZShownChannelSchema,
    async handler({ actor, body, deps }) {
      return addOwnChannel(deps, channelPolicyOf(deps.config), requireActor(actor), body);
    },
  }),
  defineApiRoute({
    method: 'DELETE',
    url: '/api/me/channels/:channelId',
    operationId: 'removeOwnChannel',
    summary: 'Remove one of one’s own channels',
    tags: ['auth'],
    auth: 'signed-in',
    scope: 'session',
    params: ZOwnChannelIdSchema,
    response: z.object({ id: z.string() }),
    async handler({ actor, params, deps }) {
      return removeOwnChannel(deps, requireActor(actor), params);
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/me/channels/:channelId/test',
    operationId: 'testOwnChannel',
    summary: '发送测试消息 through one of one’s own channels now, and say what it answered',
    tags: ['auth'],
    auth: 'signed-in',
    scope: 'session',
    params: ZOwnChannelIdSchema,
    response: ZTestMessageResultSchema,
    async handler({ actor, params, deps }) {
      return sendTestMessage(deps, { personId: requireActor(actor).id }, params);
    },
  }),
];
