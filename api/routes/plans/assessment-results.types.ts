import { z } from 'zod';

export const ZYearParamsSchema = z.object({ planId: z.string().min(1).max(64), year: z.coerce.number().int().min(2000).max(2100) });
export const ZObjectionParamsSchema = z.object({ planId: z.string().min(1).max(64), objectionId: z.string().min(1).max(64) });

const ZUnitResultSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  points: z.number(),
  maxPoints: z.number(),
  grade: z.string(),
  rubricVersion: z.number().int(),
});

export const ZYearResultsSchema = z.object({
  year: z.number().int(),
  stage: z.enum(['open', 'publicity', 'final']).describe('open: scores follow every change; publicity: 公示; final: 定稿, scores locked'),
  publicityUntil: z.string().nullable().describe('the last day of 公示 (YYYY-MM-DD)'),
  finalisedAt: z.string().nullable().describe('ISO instant of the latest 定稿'),
  version: z.number().int().describe('how many times the year has been finalised'),
  units: z.array(ZUnitResultSchema).describe('best first; a unit’s reader sees every unit during 公示 and once final, else its own'),
  own: ZUnitResultSchema.extend({
    breakdown: z.array(z.object({ component: z.string(), points: z.number(), max: z.number(), explanation: z.string() })),
  })
    .nullable()
    .describe('the reader’s unit’s results line by line; null for the office'),
  objections: z.array(
    z.object({
      id: z.string(),
      unitId: z.string(),
      unitName: z.string(),
      reason: z.string(),
      evidence: z.array(z.string()),
      lodgedAt: z.string(),
      status: z.enum(['pending', 'upheld', 'rejected']),
      answer: z.string().nullable(),
      answeredAt: z.string().nullable(),
    }),
  ),
  annualSummaries: z
    .object({
      year: z.number().int(),
      due: z.string().describe('the date (YYYY-MM-DD) the year’s 年度总结 is due'),
      lines: z.array(
        z.object({
          unitId: z.string(),
          unitName: z.string(),
          standing: z.enum(['on-time', 'late', 'missing', 'not-due']).describe('submitted on time or late; missing once past due; not-due before'),
          submittedAt: z.string().nullable(),
          summary: z.object({ summary: z.string(), targets: z.string(), measures: z.string(), evidence: z.array(z.string()) }).nullable(),
        }),
      ),
    })
    .nullable()
    .describe('年度总结 where the plan asks for one: the office sees every assessed unit, a unit its own line'),
});

export const ZAnnualSummarySubmittedSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  due: z.string(),
  submittedOn: z.string(),
  onTime: z.boolean(),
});

export const ZPublicityResponseSchema = z.object({ year: z.number().int(), publicityUntil: z.string() });
export const ZFinalisedSchema = z.object({
  year: z.number().int(),
  version: z.number().int(),
  planClosed: z.boolean().describe('the plan closed with it: its last year, finalised after its period’s end'),
});
export const ZReopenedSchema = z.object({ year: z.number().int() });
export const ZObjectionLodgedSchema = z.object({ id: z.string() });
export const ZObjectionAnsweredSchema = z.object({ id: z.string(), status: z.enum(['upheld', 'rejected']) });
