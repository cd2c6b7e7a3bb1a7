import { z } from 'zod';
import { ZPlanSettingsSchema } from '../../../services/plans/plan-settings';

export const ZPlanSettingsBodySchema = z
  .object({ schedule: ZPlanSettingsSchema.shape.schedule.optional(), ladder: ZPlanSettingsSchema.shape.ladder.optional() })
  .strict()
  .refine((b) => b.schedule !== undefined || b.ladder !== undefined, { message: '没有要修改的内容 / nothing to change' });
export type TPlanSettingsBody = z.infer<typeof ZPlanSettingsBodySchema>;
