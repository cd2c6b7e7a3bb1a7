import { z } from 'zod';

/**
 * A 方案 as the API carries it: an object the service parses with ZRubricSchema (scoring/rubric.ts, where every field is
 * described), refusing the first problem in one line naming its field. Its JSON Schema is left open here because
 * OpenAPI 3.0 cannot state the 方案's rules (exclusive bounds, points adding up).
 */
export const ZRubricJsonSchema = z.looseObject({}).describe('the 考核方案: fields as scoring/rubric.ts ZRubricSchema; a field left out takes its default');

export const ZRubricResponseSchema = z.object({
  version: z.number().int().describe('the version in force: Plan.rubricVersion, stored with every score'),
  rubric: ZRubricJsonSchema,
  versions: z
    .array(z.object({ version: z.number().int(), reason: z.string(), savedAt: z.string().describe('ISO instant'), savedBy: z.string().nullable() }))
    .describe('every saved version, newest first'),
});

export const ZSavedRubricSchema = z.object({ version: z.number().int(), rubric: ZRubricJsonSchema });

const ZPreviewScoreSchema = z
  .object({ points: z.number(), maxPoints: z.number(), grade: z.string(), rank: z.number().int().nullable(), className: z.string().nullable() })
  .nullable()
  .describe('null: not assessed under this 方案');

export const ZRubricPreviewSchema = z.object({
  currentVersion: z.number().int(),
  asOf: z.string().describe('ISO instant the facts were read as of'),
  years: z.array(
    z.object({
      year: z.number().int().describe('0: the whole period'),
      units: z.array(z.object({ unitId: z.string(), name: z.string(), current: ZPreviewScoreSchema, next: ZPreviewScoreSchema })),
    }),
  ),
});

export const ZRecordParamsSchema = z.object({ planId: z.string().min(1).max(64) });
export const ZRecordedSchema = z.object({ id: z.string() });
