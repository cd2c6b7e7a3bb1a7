import { z } from 'zod';

export const ZRevokedTokenSchema = z.object({ id: z.string(), revokedAt: z.string() });
