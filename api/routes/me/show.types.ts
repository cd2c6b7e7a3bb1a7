import { z } from 'zod';

export const ZMeSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['member', 'leader', 'coordinator', 'admin']),
  unit: z.object({ id: z.string(), name: z.string() }).nullable(),
  supervisedUnits: z.array(z.object({ id: z.string(), name: z.string() })).describe('units whose 督办 reaches this person'),
  csrfToken: z.string().nullable().describe('for scripts running in a signed-in page; null for API tokens'),
});
