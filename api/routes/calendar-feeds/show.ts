import { z } from 'zod';
import { readCalendarFeed, ZReadCalendarFeedInputSchema } from '../../../services/calendar-feeds/read-calendar-feed';
import { defineApiRoute } from '../../route';

export default defineApiRoute({
  method: 'GET',
  url: '/ics/:token.ics',
  operationId: 'showCalendarFeed',
  summary: 'A unit’s or a person’s calendar feed (日历订阅, iCalendar): due dates, rework deadlines, 批示 reply dates, sub-tasks; the secret address is its only key (unknown or renewed: 404)',
  tags: ['calendar'],
  auth: 'public',
  params: ZReadCalendarFeedInputSchema,
  response: z.string().describe('the iCalendar text (RFC 5545)'),
  produces: ['text/calendar'],
  async handler({ params, deps, reply }) {
    const body = await readCalendarFeed({ db: deps.db, now: deps.now, publicUrl: deps.config.publicUrl }, params);
    // Built from the current data on each request, so calendar apps see every change when they next poll.
    reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, no-store');
    return body;
  },
});
