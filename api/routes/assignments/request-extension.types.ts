import { z } from 'zod';

export const ZExtensionAnswerSchema = z.object({
  extensionId: z.string(),
  period: z.string(),
  originalDue: z.string(),
  requestedDue: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
});
