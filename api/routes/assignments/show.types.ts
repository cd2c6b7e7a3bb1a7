import { z } from 'zod';

export const ZAssignmentParamsSchema = z.object({ assignmentId: z.string().min(1).max(64) });
export { ZItemSchema } from '../../views/item';
