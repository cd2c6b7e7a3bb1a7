import { z } from 'zod';
import { ZUnitChannelSchema } from '../../domain/unit-channels';
import type { Db } from '../../prisma/client';

/** A channel as the pages and the API show it: masked, never the webhook's key or the whole number. */
export const ZShownChannelSchema = z.object({
  id: z.string(),
  kind: z.enum(['wecom', 'dingtalk', 'sms']),
  shown: z.string().describe('the webhook or numbers masked'),
  brokenSince: z.string().nullable().describe('since when deliveries through it fall back to email'),
});
export type TShownChannel = z.infer<typeof ZShownChannelSchema>;

/** One's own channel to add: the registry's shape (the same refusals), a robot or one's mobile numbers. */
export const ZAddOwnChannelInputSchema = ZUnitChannelSchema;
export const ZOwnChannelIdSchema = z.object({ channelId: z.string().min(1).max(64) });

export type TDeps = { db: Db };

export const shownOf = (c: { id: string; kind: string; shown: string; brokenSince: Date | null }): TShownChannel => ({
  id: c.id,
  kind: c.kind as TShownChannel['kind'],
  shown: c.shown,
  brokenSince: c.brokenSince?.toISOString() ?? null,
});

