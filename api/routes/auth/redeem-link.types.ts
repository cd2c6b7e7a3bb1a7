import { z } from 'zod';

export const ZRedeemLinkBodySchema = z.object({ token: z.string().min(16).max(200).describe('the token from the emailed link') });
