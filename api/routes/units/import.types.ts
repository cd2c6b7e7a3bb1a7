import { z } from 'zod';

export const ZImportUnitsBodySchema = z.object({
  fileName: z.string().trim().min(1).max(255).describe('units.json or units.csv: decides how content is read'),
  content: z.string().min(1).max(10_000_000).describe('the registry file’s text (JSON, or CSV with the registry columns)'),
});

export const ZImportedUnitsSchema = z.object({
  units: z.number().int(),
  groups: z.number().int(),
  people: z.number().int(),
  channels: z
    .array(
      z.object({
        unit: z.string(),
        kind: z.enum(['wecom', 'dingtalk', 'sms']),
        change: z.enum(['added', 'replaced', 'removed']),
        shown: z.string().describe('the channel as the pages show it: the webhook masked, the numbers masked'),
        before: z.string().optional().describe('replaced: what was shown before'),
      }),
    )
    .describe('what the import did to units’ robots and SMS numbers: the kinds a unit’s channels list names follow the file, others keep what the units page set'),
});
