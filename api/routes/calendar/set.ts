import { requireAdmin } from '../../../services/access/scope';
import { changeCalendarYear } from '../../../services/calendar/change-calendar-year';
import { defineApiRoute } from '../../route';
import { calendarActorOf, calendarInputOf, ZCalendarChangeSchema, ZSetCalendarBodySchema } from './set.types';
import { ZCalendarParamsSchema } from './show.types';

export default defineApiRoute({
  method: 'PUT',
  url: '/api/calendar/:year',
  operationId: 'setCalendarYear',
  summary: 'Set a year’s holidays and make-up working days, from the State Council’s notice or day by day; open measures recount. Administrators only: every office counts on it',
  tags: ['calendar'],
  auth: 'signed-in',
  params: ZCalendarParamsSchema,
  body: ZSetCalendarBodySchema,
  response: ZCalendarChangeSchema,
  async handler({ actor, params, body, deps }) {
    const a = requireAdmin(actor);
    const { view, changeId, announcedBy } = await changeCalendarYear(deps, calendarInputOf(params.year, body), calendarActorOf(a));
    return { calendar: view, changeId, announcedBy };
  },
});
