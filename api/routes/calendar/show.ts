import { readCalendarYear } from '../../../services/calendar/calendar-years';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';
import { ZCalendarParamsSchema, ZCalendarYearViewSchema } from './show.types';

export default defineApiRoute({
  method: 'GET',
  url: '/api/calendar/:year',
  operationId: 'showCalendarYear',
  summary: 'A year’s holidays and make-up working days, as the measures count working days',
  tags: ['calendar'],
  auth: 'signed-in',
  params: ZCalendarParamsSchema,
  response: ZCalendarYearViewSchema,
  async handler({ actor, params, deps }) {
    requireActor(actor);
    return readCalendarYear(deps.db, params.year);
  },
});
