import { z } from 'zod';
import { appLink } from '../../../lib/config';
import { renewCalendarFeed, ZRenewCalendarFeedInputSchema } from '../../../services/calendar-feeds/renew-calendar-feed';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'POST',
  url: '/api/calendar-feeds',
  operationId: 'renewCalendarFeed',
  summary: 'A new secret calendar-feed address (更换地址) for one’s unit or oneself; the old address stops working. Shown this once.',
  tags: ['calendar'],
  auth: 'signed-in',
  scope: 'session',
  status: 201,
  body: ZRenewCalendarFeedInputSchema,
  response: z.object({ url: z.string().describe('the feed’s address, to subscribe to in a calendar app') }),
  async handler({ actor, body, deps }) {
    const { path } = await renewCalendarFeed(deps, requireActor(actor), body);
    return { url: appLink(deps.config.publicUrl, path) };
  },
});
