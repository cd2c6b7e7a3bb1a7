import { z } from 'zod';
import { ZReportFormatSchema } from '../../../report/render-report';
import { optionalField } from '../../schemas';

export const ZReportQuerySchema = z.object({
  format: optionalField(ZReportFormatSchema).default('json'),
  asOf: optionalField(
    z.union([z.iso.date().transform((d) => new Date(`${d}T23:59:59.999+08:00`)), z.iso.datetime({ offset: true }).transform((d) => new Date(d))]),
  ).describe('a date (its end, in Shanghai) or an ISO instant; default now'),
  year: optionalField(z.union([z.literal('all'), z.coerce.number().int().min(2000).max(2100)]))
    .default('all')
    .describe('one year of the plan’s period, or all: the whole period (default)'),
});

const isoDate = z.string().describe('a Shanghai calendar date, YYYY-MM-DD');
const isoInstant = z.string().describe('an ISO instant (UTC)');
const points = z.number().describe('points as computed, at most two decimals');

const ZScoreLineJsonSchema = z.strictObject({
  component: z.enum(['completion', 'timeliness', 'targets', 'deduction', 'assignment', 'measure', 'indicator', 'bonus', 'veto', 'appraisal', 'return', 'annual-summary', 'class']),
  points: points.describe('negative for a deduction; the lines of a breakdown add up to the score'),
  max: z.number().describe('the most this line could earn; 0 on a deduction'),
  explanation: z.string().describe('the line in Chinese, naming the report, days late, target or escalations it rests on'),
  event: z
    .looseObject({ kind: z.enum(['report', 'no-report', 'not-due', 'extension', 'target', 'escalations', 'assignment', 'measure', 'indicator', 'records', 'class']) })
    .nullable()
    .describe('the record behind the line, by id'),
});
const scoreFields = {
  points,
  maxPoints: z.number(),
  grade: z.string().describe('优秀, 良好, 合格, 不合格 or the rubric’s own bands'),
  breakdown: z.array(ZScoreLineJsonSchema),
};

const ZUnitJsonSchema = z.strictObject({
  rank: z.number().int().describe('equal scores share a rank (1, 1, 3)'),
  unitId: z.string(),
  name: z.string(),
  ...scoreFields,
  leads: z.number().int(),
  cooperates: z.number().int(),
  overdue: z.number().int().describe('required reports past due and still missing'),
  late: z.number().int().describe('reports that came in after their due date'),
  urge: z.number().int(),
  supervise: z.number().int(),
  coordinator: z.number().int(),
  overdueMeasures: z.array(z.string()).describe('refs of the measures with an overdue or late report'),
});

const ZAssignmentJsonSchema = z.strictObject({
  assignmentId: z.string(),
  unitId: z.string(),
  unit: z.string(),
  role: z.enum(['lead', 'cooperating']),
  roleName: z.string(),
  ...scoreFields,
  periods: z.array(
    z.strictObject({
      period: z.string().describe('2026-H1, 2026-Q3, 2026-07, a custom due date, or final'),
      dueAt: isoDate.describe('the due date in force, extension included'),
      extended: z.boolean(),
      state: z.enum(['on_time', 'late', 'overdue', 'not_due']),
      reportId: z.string().nullable(),
      submittedAt: isoInstant.nullable(),
      workingDaysLate: z.number().int(),
    }),
  ),
  reports: z.array(
    z.strictObject({
      reportId: z.string(),
      period: z.string(),
      submittedAt: isoInstant,
      status: z.enum(['not_started', 'in_progress', 'done', 'blocked']),
      statusName: z.string(),
      percent: z.number(),
      targetValues: z.array(z.strictObject({ targetId: z.string(), value: z.number() })),
      narrative: z.string(),
    }),
  ),
  extensions: z.array(
    z.strictObject({
      id: z.string(),
      assignmentId: z.string(),
      period: z.string(),
      originalDue: isoDate,
      requestedDue: isoDate,
      status: z.enum(['pending', 'approved', 'refused']),
    }),
  ),
  escalations: z.array(
    z.strictObject({
      id: z.string(),
      assignmentId: z.string(),
      level: z.enum(['urge', 'supervise', 'coordinator']),
      levelName: z.string().describe('催办, 督办 or 提请协调'),
      period: z.string(),
      workingDaysLate: z.number().int(),
      sentAt: isoInstant,
    }),
  ),
});

const ZMeasureJsonSchema = z.strictObject({
  measureId: z.string(),
  ref: z.string().describe('numbering path as written: 二/(一)'),
  title: z.string(),
  weight: z.number(),
  due: isoDate,
  status: z.enum(['draft', 'active', 'done', 'cancelled']).nullable(),
  statusName: z.string().nullable(),
  colour: z.enum(['green', 'yellow', 'red']).nullable(),
  colourName: z.string().nullable(),
  targets: z.array(
    z.strictObject({
      id: z.string(),
      indicator: z.string(),
      comparator: z.enum(['gte', 'gt', 'lt', 'lte', 'eq']),
      value: z.number().describe('the value to reach; in a year’s report, that year’s milestone'),
      unit: z.string(),
      by: z.string().nullable().describe('the year (or date) it is due by; null: the measure’s due date'),
      text: z.string().nullable().describe('the target as a person reads it: the plan’s words, re-based years moved, the plan’s own beside them (到2028年，…（原定2020年）)'),
      original: z.string().nullable().describe('the year (or date) the plan itself named, when a re-base moved `by` (2020年); else null'),
    }),
  ),
  points: points.nullable().describe('null for a measure nobody is assigned to'),
  maxPoints: z.number().nullable(),
  grade: z.string().nullable(),
  breakdown: z.array(ZScoreLineJsonSchema),
  assignments: z.array(ZAssignmentJsonSchema),
});

/** The JSON form of the report (the other formats carry the same content as CSV, Excel or an HTML page). */
export const ZReportJsonSchema = z
  .strictObject({
    plan: z.strictObject({
      id: z.string(),
      title: z.string(),
      year: z.number().int(),
      issuer: z.string().nullable(),
      rubricVersion: z.number().int(),
      ...scoreFields,
    }),
    assessed: z
      .strictObject({
        year: z.number().int().nullable().describe('the year of the plan’s period assessed; null: the whole period'),
        from: isoDate.describe('the plan’s period: its first day'),
        to: isoDate.describe('its last day'),
        original: z
          .strictObject({ from: isoDate, to: isoDate })
          .nullable()
          .describe('the plan’s own period, when its launch moved it (re-based, or launched as is past its end); else null'),
        label: z.string().describe('as the report heads it: 2026年度, 实施期全程（…）'),
      })
      .describe('what the report assesses: one year of the plan’s period, or the whole period'),
    asOf: isoInstant.describe('the instant the scores stand at'),
    rubricVersion: z.number().int().describe('the 考核细则 version the scores were computed with'),
    gradeBands: z.array(z.strictObject({ grade: z.string(), min: z.number().describe('lowest percentage of the maximum') })).describe('highest first'),
    caveat: z.string().nullable().describe('a warning a reader needs before trusting the grades (nothing due yet, nothing assigned)'),
    order: z.record(z.enum(['league', 'measures', 'details', 'ledger', 'notice']), z.string()).describe('how each view orders its rows, in Chinese'),
    units: z.array(ZUnitJsonSchema).describe('the league table: by score, highest first; equal scores by name'),
    measures: z.array(ZMeasureJsonSchema).describe('assessed measures in the plan’s order'),
    cancelledMeasures: z
      .array(z.strictObject({ measureId: z.string(), ref: z.string(), title: z.string(), due: isoDate }))
      .describe('measures withdrawn from the plan: not assessed'),
    notice: z
      .array(
        z.strictObject({
          order: z.number().int(),
          unitId: z.string(),
          name: z.string(),
          overdueItems: z.number().int(),
          overdue: z.number().int(),
          late: z.number().int(),
          urge: z.number().int(),
          supervise: z.number().int(),
          coordinator: z.number().int(),
          measures: z.array(z.string()),
        }),
      )
      .describe('the 通报: units with overdue or late reports, the most first'),
  })
  .describe('the assessment report: league table, measures, unit breakdowns, 台账 and 通报');

export const REPORT_CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;
