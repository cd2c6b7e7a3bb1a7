import { z } from 'zod';
import { shanghaiDate } from '../../calendar/working-days';
import { IDENTITY_CLOCK, toVirtual, ZClockSchema } from '../../domain/clock';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { AssessmentStage, Prisma } from '../../prisma/client';
import { periodYears } from '../../domain/plan-period';
import { planSettingsOf } from '../../domain/plan-settings';

type Tx = Prisma.TransactionClient;

export const ZAssessmentYearSchema = z.number().int().min(2000).max(2100).describe('the year of the plan’s period whose results these are');
export type TAssessmentActor = { id: string | null; label: string };

/** A year's stage as stored (a year with no row is open), and the plan's today (Asia/Shanghai) on its clock. */
export type TYearStage = { stage: AssessmentStage; publicityUntil: string | null; finalisedAt: Date | null; version: number; today: string };

/**
 * The stage of a plan's year, read inside the caller's transaction and locked against a concurrent 公示, 定稿 or
 * reopen of the same year; refused when the plan is not there or the year is outside its period. 公示 days are counted
 * on the plan's clock, as its pages count working days (the demo's compressed one too).
 */
export async function lockYear(tx: Tx, planId: string, year: number, now: Date): Promise<TYearStage> {
  const plan = await tx.plan.findUnique({ where: { id: planId }, select: { period: true, year: true, clock: true } });
  if (!plan) throw new AppError('NOT_FOUND', say('noSuchPlan'));
  if (!periodYears(planSettingsOf(plan, ['period']).period).includes(year)) throw new AppError('VALIDATION_FAILED', say('assessmentYearOutside', { year }));
  await tx.$executeRaw`INSERT INTO "AssessmentYear" ("id", "planId", "year") VALUES (${`${planId}:${year}`}, ${planId}, ${year}) ON CONFLICT ("planId", "year") DO NOTHING`;
  const [row] = await tx.$queryRaw<{ stage: AssessmentStage; publicityUntil: Date | null; finalisedAt: Date | null; version: number }[]>`
    SELECT "stage", "publicityUntil", "finalisedAt", "version" FROM "AssessmentYear" WHERE "planId" = ${planId} AND "year" = ${year} FOR UPDATE`;
  return { ...row!, publicityUntil: row!.publicityUntil ? row!.publicityUntil.toISOString().slice(0, 10) : null, today: planToday(plan.clock, now) };
}

/** The plan's today (Asia/Shanghai) on its clock: the demo's compressed one too. */
export function planToday(clockJson: unknown, now: Date): string {
  return shanghaiDate(planInstant(clockJson, now));
}

/** A real instant as the plan's clock reads it, the time its workflows record things at. */
export function planInstant(clockJson: unknown, now: Date): Date {
  const clock = ZClockSchema.safeParse(clockJson);
  return new Date(toVirtual(now.getTime(), clock.success ? clock.data : IDENTITY_CLOCK));
}

/** Refused once the year is final: a later change needs the year reopened with a reason first. */
export async function refuseIfFinal(tx: Tx, planId: string, year: number): Promise<void> {
  const row = await tx.assessmentYear.findUnique({ where: { planId_year: { planId, year } }, select: { stage: true } });
  if (row?.stage === 'final') throw new AppError('CONFLICT', say('resultsFinal', { year }));
}
