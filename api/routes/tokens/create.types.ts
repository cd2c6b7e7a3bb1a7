import { z } from 'zod';

export const ZCreatedTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe('shown once: send as "Authorization: Bearer <token>"'),
});
