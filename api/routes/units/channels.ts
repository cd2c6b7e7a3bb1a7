import { z } from 'zod';
import { ZUnitChannelSchema } from '../../../domain/unit-channels';
import { requireCoordinator } from '../../../services/access/scope';
import { ZOwnChannelIdSchema, ZShownChannelSchema } from '../../../services/channels/own-channels';
import { addUnitChannel, ZUnitIdSchema } from '../../../services/units/add-unit-channel';
import { removeUnitChannel } from '../../../services/units/remove-unit-channel';
import { replaceUnitChannel } from '../../../services/units/replace-unit-channel';
import { channelPolicyOf } from '../../../services/units/unit-channels';
import { defineApiRoute } from '../../route';

/** A unit's robots and SMS numbers set one at a time by a coordinator, as the registry file's `channels` entries. */
export const unitChannelRoutes = [
  defineApiRoute({
    method: 'POST',
    url: '/api/units/:unitId/channels',
    operationId: 'addUnitChannel',
    summary: 'Add a 企业微信 or 钉钉 robot, or SMS numbers, to a unit (the registry’s channels entry)',
    tags: ['units'],
    auth: 'signed-in',
    status: 201,
    params: ZUnitIdSchema,
    body: ZUnitChannelSchema,
    response: ZShownChannelSchema,
    async handler({ actor, params, body, deps }) {
      return addUnitChannel(deps, channelPolicyOf(deps.config), requireCoordinator(actor), params, body);
    },
  }),
  defineApiRoute({
    method: 'PUT',
    url: '/api/units/channels/:channelId',
    operationId: 'replaceUnitChannel',
    summary: 'Replace a unit’s robot or SMS numbers (a new webhook, other phones); messages owed to it go to the new one',
    tags: ['units'],
    auth: 'signed-in',
    params: ZOwnChannelIdSchema,
    body: ZUnitChannelSchema,
    response: ZShownChannelSchema,
    async handler({ actor, params, body, deps }) {
      return replaceUnitChannel(deps, channelPolicyOf(deps.config), requireCoordinator(actor), params, body);
    },
  }),
  defineApiRoute({
    method: 'DELETE',
    url: '/api/units/channels/:channelId',
    operationId: 'removeUnitChannel',
    summary: 'Remove a unit’s robot or SMS numbers',
    tags: ['units'],
    auth: 'signed-in',
    params: ZOwnChannelIdSchema,
    response: z.object({ id: z.string() }),
    async handler({ actor, params, deps }) {
      return removeUnitChannel(deps, requireCoordinator(actor), params);
    },
  }),
];
