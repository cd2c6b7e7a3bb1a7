import { z } from 'zod';

export const ZImportUnitsBodySchema = z.object({
  fileName: z.string().trim().min(1).max(255).describe('units.json or units.csv: decides how content is read'),
  content: z.string().min(1).max(10_000_000).describe('the registry file’s text (JSON, or CSV with the registry columns)'),
});

export const ZImportedUnitsSchema = z.object({ units: z.number().int(), groups: z.number().int(), people: z.number().int() });
