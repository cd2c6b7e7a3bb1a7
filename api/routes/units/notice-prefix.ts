import { z } from 'zod';
import { requireCoordinator } from '../../../services/access/scope';
import { ZUnitIdSchema } from '../../../services/units/add-unit-channel';
import { setNoticePrefix, ZSetNoticePrefixSchema } from '../../../services/units/set-notice-prefix';
import { recordedActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

/** A unit's 发文机关代字, the head of its 通报' 文号 (the registry file's `noticePrefix`). */
export default defineApiRoute({
  method: 'PUT',
  url: '/api/units/:unitId/notice-prefix',
  operationId: 'setUnitNoticePrefix',
  summary: 'Set or clear a unit’s 发文机关代字 (e.g. 苏质量办), which begins the 文号 of the 通报 it issues',
  tags: ['units'],
  auth: 'signed-in',
  params: ZUnitIdSchema,
  body: ZSetNoticePrefixSchema,
  response: z.object({ id: z.string(), name: z.string(), noticePrefix: z.string().nullable() }),
  async handler({ actor, params, body, deps }) {
    return setNoticePrefix(deps, recordedActor(requireCoordinator(actor)), params, body);
  },
});
