import { shanghaiDate } from '../../calendar/working-days';
import { z } from 'zod';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { normaliseSource, parsePlan } from '../../parser/parse-plan';
import type { Db } from '../../prisma/client';
import { planSettingsOf } from '../../domain/plan-settings';
import { readWarnings, reviewWarnings, ZReviewWarningSchema } from '../../domain/plan-warnings';
import { ZEditablePlanSettingsSchema } from '../../services/plans/change-plan-settings';
import { ZPlanPeriodSchema } from '../../domain/plan-period';
import { pastDates } from '../../domain/past-dates';
import { shownTarget } from '../../domain/target-year';
import { loadPlanDates } from '../../services/plans/launch-dates';

const shownOf = (t: { text: string; by: string | null; original: unknown }) => {
  const { text, original } = shownTarget(t);
  return { shown: text, original };
};

const ZSpanSchema = z.object({ start: z.number().int(), end: z.number().int() });

export const ZReviewMeasureSchema = z.object({
  id: z.string(),
  ref: z.string(),
  title: z.string(),
  text: z.string(),
  responsibility: z.enum(['lead', 'shared', 'unspecified']),
  due: z.string().describe('ISO date'),
  originalDue: z.string().nullable().describe('ISO date: the plan’s own due date when its launch moved it (原定); null otherwise'),
  status: z.string(),
  schedule: ZReportingScheduleSchema.nullable().describe('the measure’s own reporting schedule; null follows the plan’s'),
  span: ZSpanSchema.nullable().describe('the measure in `source`'),
  annotation: ZSpanSchema.nullable().describe('its responsibility note in `source`'),
  parties: z.array(
    z.object({
      role: z.enum(['lead', 'cooperating']),
      name: z.string().describe('as written in the plan'),
      unit: z.object({ id: z.string(), name: z.string() }).nullable(),
      group: z.object({ id: z.string(), name: z.string() }).nullable(),
    }),
  ),
  targets: z.array(
    z.object({
      id: z.string(),
      text: z.string(),
      shown: z.string().describe('the text with its years moved when the plan was re-based'),
      original: z.string().nullable().describe('the plan’s own year or date when a re-base moved it (原定2020年); null otherwise'),
      indicator: z.string(),
      comparator: z.enum(['gte', 'gt', 'lt', 'lte', 'eq']),
      value: z.number(),
      unit: z.string(),
      by: z.string().nullable(),
    }),
  ),
});
export type TReviewMeasure = z.infer<typeof ZReviewMeasureSchema>;

export const ZPlanReviewSchema = z.object({
  plan: z.object({
    id: z.string(),
    title: z.string(),
    issuer: z.string().nullable(),
    year: z.number().int(),
    status: z.enum(['draft', 'launched', 'closed', 'cancelled']),
    sourceName: z.string().nullable(),
    launchedAt: z.string().nullable(),
  }),
  settings: ZEditablePlanSettingsSchema,
  period: ZPlanPeriodSchema.describe('the period the plan runs, the reason for each end, and its own dates when its launch moved them'),
  pastDates: z
    .array(z.object({ field: z.string(), ref: z.string().nullable(), date: z.string() }))
    .describe('a draft’s dates already past today: launching it needs a re-base or as is (empty once launched)'),
  source: z.string().describe('the normalised source text the spans refer to'),
  measures: z.array(ZReviewMeasureSchema),
  warnings: z.array(ZReviewWarningSchema),
  openWarnings: z.number().int().describe('launch is refused while this is above 0'),
});
export type TPlanReview = z.infer<typeof ZPlanReviewSchema>;


/**
 * Everything the review screen shows: the source, each measure with its spans, parties, targets, and the warnings; the
 * plan's period, and a draft's dates already past on `today` (a Shanghai date).
 */
export async function loadPlanReview(db: Db, planId: string, today: string = shanghaiDate(new Date())): Promise<TPlanReview> {
  const plan = await db.plan.findUniqueOrThrow({ where: { id: planId } });
  const measures = await db.measure.findMany({
    where: { planId },
    orderBy: { seq: 'asc' },
    include: {
      parties: { orderBy: [{ role: 'asc' }, { position: 'asc' }], include: { unit: { select: { id: true, name: true } }, group: { select: { id: true, name: true } } } },
      targets: { orderBy: { position: 'asc' } },
    },
  });
  const source = normaliseSource(plan.sourceText);
  // The stored measure keeps its own span; the annotation's span comes from parsing the same source again.
  const annotations = new Map(parsePlan(source).measures.map((m) => [m.ref, m.annotation?.span ?? null]));
  const warnings = reviewWarnings(
    readWarnings(plan.warnings),
    measures.map((m) => ({ ref: m.ref, parties: m.parties })),
  );
  return {
    plan: {
      id: plan.id,
      title: plan.title,
      issuer: plan.issuer,
      year: plan.year,
      status: plan.status,
      sourceName: plan.sourceName,
      launchedAt: plan.launchedAt?.toISOString() ?? null,
    },
    settings: planSettingsOf(plan, ['period', 'schedule', 'ladder', 'cycle', 'channels', 'annualSummary']),
    period: planSettingsOf(plan, ['period']).period,
    pastDates: plan.status === 'draft' ? pastDates(await loadPlanDates(db, planId), today) : [],
    source,
    measures: measures.map((m) => ({
      id: m.id,
      ref: m.ref,
      title: m.title,
      text: m.text,
      responsibility: m.responsibility,
      due: shanghaiDate(m.due),
      originalDue: m.originalDue ? shanghaiDate(m.originalDue) : null,
      status: m.status,
      schedule: m.schedule === null ? null : ZReportingScheduleSchema.parse(m.schedule),
      span: m.spanStart !== null && m.spanEnd !== null ? { start: m.spanStart, end: m.spanEnd } : null,
      annotation: annotations.get(m.ref) ?? null,
      parties: m.parties.map((p) => ({ role: p.role, name: p.name, unit: p.unit, group: p.group })),
      targets: m.targets.map((t) => ({ id: t.id, text: t.text, ...shownOf(t), indicator: t.indicator, comparator: t.comparator, value: t.value, unit: t.unit, by: t.by })),
    })),
    warnings,
    openWarnings: warnings.filter((w) => w.state === 'open').length,
  };
}
