import { z } from 'zod';

export const ZPasswordChangedSchema = z.object({ changed: z.literal(true) });
