import { z } from 'zod';

export const ZRequestLinkBodySchema = z.object({ email: z.string().trim().min(3).max(320) });

export const ZLinkRequestedSchema = z.object({
  accepted: z.literal(true).describe('always true: whether the address exists is not revealed'),
});
