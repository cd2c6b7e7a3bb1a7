import { calendarFromNotice, changeCalendarYear, type TCalendarChange } from '../../services/calendar/change-calendar-year';
import type { TActor } from '../auth/actor';
import type { TDeps } from '../route';
import type { TSetCalendarBody } from '../routes/calendar/set.types';

/** 设置工作日历: a coordinator sets a year from the notice's text or day by day; every open measure then recounts. */
export async function setCalendar(deps: TDeps, actor: TActor, year: number, body: TSetCalendarBody): Promise<TCalendarChange> {
  const input =
    body.notice !== undefined
      ? calendarFromNotice(body.notice, year)
      : { year, days: body.days ?? [], source: body.source ?? '手工编辑', provisional: body.provisional };
  return changeCalendarYear(deps.db, input, {
    id: actor.id,
    name: actor.name,
    label: actor.via === 'token' ? 'api' : 'web',
  });
}
