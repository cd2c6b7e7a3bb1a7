import { z } from 'zod';
import { ZReviewWarningSchema } from '../../../domain/plan-warnings';
import { ZAcceptWarningInputSchema } from '../../../services/plans/accept-warning';
import { ZPlanParamsSchema } from './show.types';

export const ZWarningParamsSchema = ZPlanParamsSchema.extend(ZAcceptWarningInputSchema.shape);

export const ZResolvedWarningSchema = z.object({ warning: ZReviewWarningSchema, openWarnings: z.number().int() });
