import { z } from 'zod';
import { ZReviewWarningSchema } from '../../views/warnings';

export const ZWarningParamsSchema = z.object({
  planId: z.string().min(1).max(64),
  index: z.coerce.number().int().min(0).max(100_000),
});

export const ZResolvedWarningSchema = z.object({ warning: ZReviewWarningSchema, openWarnings: z.number().int() });
