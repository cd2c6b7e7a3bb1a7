import { z } from 'zod';
import { ZParseWarningSchema, ZWarningCodeSchema } from '../parser/schema';

/**
 * A warning as stored on the plan, plus how a coordinator dealt with it: the parser's, and the import's own
 * (FIRST_YEAR_AFTER_PLAN: the first year given at import is later than the years the plan names).
 */
export const ZStoredWarningSchema = ZParseWarningSchema.extend({
  code: z.union([ZWarningCodeSchema, z.literal('FIRST_YEAR_AFTER_PLAN')]),
  resolvedAt: z.string().optional(),
  resolvedById: z.string().optional(),
});
export type TStoredWarning = z.infer<typeof ZStoredWarningSchema>;

export const ZReviewWarningSchema = z.object({
  index: z.number().int().describe('position in the plan’s warnings; use it to resolve the warning'),
  code: z.string(),
  message: z.string(),
  ref: z.string().nullable(),
  state: z.enum(['open', 'fixed', 'accepted']).describe('fixed: the measure was edited so the problem is gone; accepted: a coordinator marked it resolved'),
});
export type TReviewWarning = z.infer<typeof ZReviewWarningSchema>;

type TMeasureParties = { ref: string; parties: { role: 'lead' | 'cooperating'; unitId: string | null; groupId: string | null }[] };

export function readWarnings(json: unknown): TStoredWarning[] {
  return z.array(ZStoredWarningSchema).parse(json);
}

/**
 * A unit warning is fixed once its measure names only known units (and, for a missing lead, has a lead);
 * any warning can also be accepted as it is, e.g. an unassigned measure the coordinator's unit will take.
 */
export function reviewWarnings(stored: TStoredWarning[], measures: TMeasureParties[]): TReviewWarning[] {
  const byRef = new Map(measures.map((m) => [m.ref, m]));
  return stored.map((w, index) => {
    const base = { index, code: w.code, message: w.message, ref: w.ref };
    if (w.resolvedAt) return { ...base, state: 'accepted' as const };
    const m = w.ref ? byRef.get(w.ref) : undefined;
    if (!m) return { ...base, state: 'open' as const };
    const allKnown = m.parties.every((p) => p.unitId !== null || p.groupId !== null);
    const hasLead = m.parties.some((p) => p.role === 'lead' && (p.unitId !== null || p.groupId !== null));
    const fixed = w.code === 'UNIT_UNRESOLVED' ? allKnown && m.parties.length > 0 : allKnown && hasLead;
    return { ...base, state: fixed ? ('fixed' as const) : ('open' as const) };
  });
}
