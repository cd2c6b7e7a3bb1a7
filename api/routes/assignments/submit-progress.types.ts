import { z } from 'zod';
import { ZProgressSubmissionSchema } from '../../../domain/progress';
import { shapeWithout } from '../../schemas';

/** ZProgressSubmissionSchema without the assignment (from the path) and the person (the signed-in caller). */
export const ZSubmitProgressBodySchema = shapeWithout(ZProgressSubmissionSchema.shape, ['assignmentId', 'submittedBy']);

export const ZProgressAnswerSchema = z.object({
  reportId: z.string(),
  period: z.string().describe('the reporting period the report counts for'),
  due: z.string().describe('when that period’s report was due'),
  workingDaysLate: z.number().int(),
  measureStatus: z.enum(['active', 'done', 'cancelled']),
});
