import { z } from 'zod';

export const ZPlanListSchema = z.object({
  plans: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      year: z.number().int(),
      status: z.enum(['draft', 'launched', 'closed', 'cancelled']),
      measures: z.number().int(),
      createdAt: z.string(),
      launchedAt: z.string().nullable(),
    }),
  ),
});
export type TPlanList = z.infer<typeof ZPlanListSchema>;
