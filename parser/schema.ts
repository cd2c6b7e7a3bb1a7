import { z } from 'zod';

/**
 * The parsed-plan contract (shared/contracts/plan-json.md). Field names and meanings are fixed; the fields marked
 * "added" extend it for review screens and the import step, which need positions and unit resolution.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ZSpanSchema = z
  .object({
    start: z.number().int().nonnegative().describe('offset of the first character in the normalised source'),
    end: z.number().int().nonnegative().describe('offset just past the last character'),
  })
  .describe('added: a character range of the normalised source (see normaliseSource)');
export type TSpan = z.infer<typeof ZSpanSchema>;

export const ZComparatorSchema = z.enum(['>=', '>', '<', '<=', '=']);
export type TComparator = z.infer<typeof ZComparatorSchema>;

export const ZTargetSchema = z.object({
  text: z.string().describe('the commitment as written'),
  indicator: z.string().describe('what is measured'),
  comparator: ZComparatorSchema,
  value: z.number().finite().describe('magnitude words folded in: 15万名 → 150000'),
  unit: z.string().describe('as written: %, 家, 件, 分贝, 万元 …'),
  by: z.string().nullable().describe('the year (or date) the text ties the target to'),
  milestones: z
    .array(z.object({ by: z.string().describe('the year (or date) this value is due'), value: z.number().finite() }))
    .optional()
    .describe('added: a value for each year the text names (2019年达到90%，2020年达到95%), in order; value and by are the last'),
  baseline: z
    .object({
      year: z.string().nullable().describe('the base year (2015 in 由2015年的85%, 比2015年, 以2015年为基数)'),
      value: z.number().finite().nullable().describe('the base value where the text gives it (85); null for 比2015年下降10%'),
    })
    .optional()
    .describe('added: where the text gives the indicator a starting point (基数, 基期值)'),
});
export type TTarget = z.infer<typeof ZTargetSchema>;

export const ZWarningCodeSchema = z.enum([
  'UNIT_UNRESOLVED',
  'ANNOTATION_WITHOUT_UNIT',
  'NO_LEAD_UNIT',
  'NO_RESPONSIBILITY',
  'PERIOD_UNREAD',
]);
export type TWarningCode = z.infer<typeof ZWarningCodeSchema>;

export const ZParseWarningSchema = z.object({
  code: ZWarningCodeSchema,
  message: z.string().describe('for the reviewer, in Chinese'),
  ref: z.string().nullable().describe('the measure it concerns'),
});
export type TParseWarning = z.infer<typeof ZParseWarningSchema>;

export const ZUnitRoleSchema = z.enum(['lead', 'cooperating']);
export const ZResolutionViaSchema = z.enum(['exact', 'alias', 't2s', 'prefix']);

export const ZUnitResolutionSchema = z
  .object({
    name: z.string().describe('as written in the document'),
    role: ZUnitRoleSchema,
    kind: z.enum(['unit', 'group']).describe('a group reference such as 各成员单位 names many units'),
    resolvedTo: z.string().nullable().describe('the registry name, or null when unresolved or no registry was given'),
    via: ZResolutionViaSchema.nullable(),
  })
  .describe('added: how one named unit resolved against the registry');
export type TUnitResolution = z.infer<typeof ZUnitResolutionSchema>;

export const ZResponsibilitySchema = z.enum(['lead', 'shared', 'unspecified']);
export type TResponsibility = z.infer<typeof ZResponsibilitySchema>;

export const ZMeasureDueSchema = z
  .object({
    date: z.string().regex(ISO_DATE).describe('the day it falls due: a year at its end, a month at its end'),
    text: z.string().describe('the words it was read from: 2020年底前, 到2020年, or the target tied to that year'),
  })
  .describe("added: the latest date a measure names for itself (its deadlines, targets' years), null when it names none");
export type TMeasureDue = z.infer<typeof ZMeasureDueSchema>;

export const ZParsedMeasureSchema = z.object({
  ref: z.string().describe("numbering path as written, '/' between levels, '#2' for a 2nd annotated span in one item"),
  title: z.string(),
  text: z.string().describe("the measure's own text, verbatim"),
  lead: z.array(z.string()),
  cooperating: z.array(z.string()),
  responsibility: ZResponsibilitySchema,
  targets: z.array(ZTargetSchema),
  deadlines: z.array(z.string().regex(ISO_DATE)),
  units: z.array(ZUnitResolutionSchema).describe('added: lead then cooperating units with their resolution'),
  span: ZSpanSchema.describe("added: the measure's text in the normalised source"),
  annotation: z
    .object({ text: z.string(), span: ZSpanSchema })
    .nullable()
    .describe('added: the responsibility annotation, null for an unspecified measure'),
  due: ZMeasureDueSchema.nullable(),
});
export type TParsedMeasure = z.infer<typeof ZParsedMeasureSchema>;

const ZPeriodEndSchema = z.object({
  date: z.string().regex(ISO_DATE),
  text: z.string().describe('the words the date was read from, for a review page to show: 到2020年, 2018年12月29日'),
  ref: z.string().nullable().describe('the item they stand in, null outside the numbered items'),
});

export const ZPlanPeriodSchema = z
  .object({
    from: ZPeriodEndSchema.nullable().describe('the date of issue; null when the plan states none'),
    to: ZPeriodEndSchema.extend({
      kind: z
        .enum(['named', 'title', 'issue-year'])
        .describe('named: the latest year the plan names as due or to be reached; title: a year its title names; issue-year: none named'),
    }).describe('the end of the latest year the plan names, else of its issue year'),
  })
  .describe('added: the period the plan runs, as the plan itself states it');
export type TPlanPeriod = z.infer<typeof ZPlanPeriodSchema>;

export const ZReportingCadenceSchema = z.enum(['dates', 'monthly', 'quarterly', 'half-yearly', 'yearly']);

export const ZPlanReportingSchema = z
  .object({
    cadence: ZReportingCadenceSchema.describe('dates: on the dates named, each year; the others: every such period'),
    dates: z
      .array(z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }))
      .describe('dates and yearly: the month and day each report is due, every year'),
    day: z.number().int().min(1).max(31).nullable().describe('monthly, quarterly, half-yearly: the day of the month after a period on which its report is due, when named'),
    text: z.string().describe('the sentence the schedule was read from'),
    ref: z.string().nullable().describe('the item it stands in, null outside the numbered items (a covering notice)'),
  })
  .describe('added: when the plan itself asks for reports: 于7月15日和1月15日前报送, 每季度结束后10日内报送');
export type TPlanReporting = z.infer<typeof ZPlanReportingSchema>;

export const ZParsedPlanSchema = z.object({
  title: z.string().nullable(),
  issuer: z.string().nullable(),
  issuedOn: z.string().regex(ISO_DATE).nullable(),
  script: z.enum(['simplified', 'traditional']),
  measures: z.array(ZParsedMeasureSchema),
  warnings: z.array(ZParseWarningSchema),
  period: ZPlanPeriodSchema.nullable(),
  reporting: z.array(ZPlanReportingSchema),
});
export type TParsedPlan = z.infer<typeof ZParsedPlanSchema>;
