import { z } from 'zod';

export const ZCreatedTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(['read', 'report', 'coordinate']),
  expiresAt: z.string().describe('when it stops working'),
  token: z.string().describe('shown once: send as "Authorization: Bearer <token>"'),
});
