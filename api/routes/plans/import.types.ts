import { z } from 'zod';
import { ZYearSchema } from '../../../domain/dates';
import { issue } from '../../../lib/messages';
import type { TPerson } from '../../../services/access/scope';
import type { ImportPlanInput } from '../../../services/plans/import-plan';
import { blankToUndefined } from '../../schemas';

export const ZUploadedFileSchema = z.object({
  fileName: z.string().trim().min(1).max(255).describe('its name; .docx is read as Word, anything else as text (UTF-8 or GBK)'),
  contentBase64: z.base64().min(1).describe('the file’s bytes, base64'),
});

export const ZImportPlanBodySchema = z
  .object({
    text: z.preprocess(blankToUndefined, z.string().max(5_000_000).optional()).describe('the plan pasted as text'),
    file: z.preprocess(blankToUndefined, ZUploadedFileSchema.optional()).describe('or the plan as a .txt or .docx file'),
    year: z.preprocess(blankToUndefined, ZYearSchema.optional()).describe('the plan’s year; default: from its title or date of issue'),
    again: z
      .preprocess((v) => (v === '1' || v === 'true' ? true : blankToUndefined(v)), z.boolean().optional())
      .describe('import it even if the same document is already a plan for the same year; otherwise that is a 409 PLAN_ALREADY_IMPORTED naming the plan'),
  })
  .refine((b) => (b.text === undefined) !== (b.file === undefined), {
    message: issue('textOrFile'),
    path: ['text'],
  });

export type TImportPlanBody = z.infer<typeof ZImportPlanBodySchema>;

export const ZImportedPlanSchema = z.object({
  planId: z.string(),
  title: z.string(),
  year: z.number().int(),
  measures: z.number().int().describe('how many measures were found'),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), ref: z.string().nullable() })),
  unassigned: z.array(z.object({ ref: z.string(), reason: z.enum(['unspecified', 'unresolved']) })).describe('measures that need a unit before they are assigned anywhere but the coordinator’s unit'),
});

/** The import as the API and the import page both ask for it (pasted text or a file, the year, `again`), for the service. */
export function importInputOf(body: TImportPlanBody, person: TPerson): ImportPlanInput {
  return {
    source: body.file ? { buffer: Buffer.from(body.file.contentBase64, 'base64') } : { text: body.text! },
    fileName: body.file?.fileName,
    year: body.year,
    again: body.again,
    by: { person },
  };
}
