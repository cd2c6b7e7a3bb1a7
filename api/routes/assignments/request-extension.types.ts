import { z } from 'zod';
import { ZExtensionRequestSchema } from '../../../domain/measure-actions';
import { shapeWithout } from '../../schemas';

export const ZRequestExtensionBodySchema = shapeWithout(ZExtensionRequestSchema.shape, ['assignmentId', 'requestedBy']);

export const ZExtensionAnswerSchema = z.object({
  extensionId: z.string(),
  period: z.string(),
  originalDue: z.string(),
  requestedDue: z.string(),
  status: z.enum(['pending', 'approved', 'refused']),
});
