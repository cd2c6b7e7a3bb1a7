import { z } from 'zod';
import { addWorkingDays, calendarFromDays, isWorkingDay } from '../../calendar/working-days';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import type { TAuditAction } from '../audit-actions';
import { readCalendarDays } from '../calendar/calendar-years';
import { scorePlan } from '../scoring/score-plan';
import { lockYear, ZAssessmentYearSchema, type TAssessmentActor } from './assessment-year';

export const ZPublishResultsSchema = z.object({
  year: ZAssessmentYearSchema,
  workingDays: z.number().int().min(1).max(30).default(5).describe('公示期: working days, the first day counting when it is one'),
});
export type TPublishResults = z.input<typeof ZPublishResultsSchema>;

/**
 * 公示: the office puts a year's results up for N working days, scored as of now; every assessed unit then sees the
 * whole list and may lodge an 异议 until the last day. Scores still follow changes (an upheld 异议) until 定稿.
 * Refused for a final year. Audited. The caller has checked the person coordinates the plan.
 */
export async function publishResults(
  deps: { db: Db; now: () => Date },
  planId: string,
  input: TPublishResults,
  actor: TAssessmentActor,
): Promise<{ year: number; publicityUntil: string }> {
  const { year, workingDays } = ZPublishResultsSchema.parse(input);
  const at = deps.now();
  const calendar = calendarFromDays(await readCalendarDays(deps.db));
  await scorePlan(deps.db, planId, at);
  return deps.db.$transaction(async (tx) => {
    const current = await lockYear(tx, planId, year, at);
    const today = current.today;
    const until = addWorkingDays(today, isWorkingDay(today, calendar) ? workingDays - 1 : workingDays, calendar);
    if (current.stage === 'final') throw new AppError('CONFLICT', say('resultsFinal', { year }));
    await tx.assessmentYear.update({
      where: { planId_year: { planId, year } },
      data: { stage: 'publicity', publicityUntil: new Date(`${until}T00:00:00Z`) },
    });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        actorLabel: actor.label,
        action: 'assessment.publicity' satisfies TAuditAction,
        subjectType: 'plan',
        subjectId: planId,
        planId,
        data: { year, workingDays, from: today, until },
      },
    });
    return { year, publicityUntil: until };
  });
}
