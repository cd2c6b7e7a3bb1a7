import { z } from 'zod';

export const ZSignedOutSchema = z.object({ signedOut: z.literal(true) });
