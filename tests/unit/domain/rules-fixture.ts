import { CN_DAYS } from '../../../calendar/data/cn';
import { calendarFromDays, shanghaiMidnight } from '../../../calendar/working-days';
import { ZEscalationLadderSchema } from '../../../domain/ladder';
import type { TMeasureState } from '../../../domain/measure-state';
import { resolvePeriods, ZReportingScheduleSchema } from '../../../domain/schedule';

export const cal = calendarFromDays(CN_DAYS);
export const ladder = ZEscalationLadderSchema.parse({});
/** No 签收 deadline and the whole ladder for every unit: the rules as they were before the office cycle. */
export const ALL_CHASED = { acknowledgeDays: 0, cooperatingChase: 'coordinator' } as const;
/** 09:00 in Shanghai on a date, plus minutes. */
export const at = (date: string, hour = 9, minute = 0) => shanghaiMidnight(date) + hour * 3_600_000 + minute * 60_000;

export function measure(overrides: Partial<TMeasureState> = {}): TMeasureState {
  const startDate = overrides.startDate ?? '2026-01-05';
  const finalDue = overrides.finalDue ?? '2026-12-31';
  return {
    status: 'active',
    startDate,
    finalDue,
    periods: resolvePeriods(ZReportingScheduleSchema.parse({}), { startDate, finalDue }),
    assignments: [
      { id: 'a-lead', unitId: 'u1', unitName: '市发展改革委', role: 'lead', active: true, colour: 'green', assignedOn: '2026-01-05' },
      { id: 'a-coop', unitId: 'u2', unitName: '市财政局', role: 'cooperating', active: true, colour: 'green', assignedOn: '2026-01-05' },
    ],
    reports: [],
    reportsReceived: 0,
    extensions: [],
    dueOverrides: {},
    fired: [],
    colour: 'green',
    ...overrides,
  };
}
