import { z } from 'zod';

export const ZTokenParamsSchema = z.object({ tokenId: z.string().min(1).max(64) });
export const ZRevokedTokenSchema = z.object({ id: z.string(), revokedAt: z.string() });
