import { z } from 'zod';

export const ZCreateTokenBodySchema = z.object({ name: z.string().trim().min(1).max(100).describe('what the token is for, e.g. 统计系统对接') });

export const ZCreatedTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().describe('shown once: send as "Authorization: Bearer <token>"'),
});
