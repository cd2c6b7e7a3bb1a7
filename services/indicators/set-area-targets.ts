import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';
import type { TServiceDeps } from '../deps';

export const ZSetAreaTargetsSchema = z.object({
  areas: z
    .array(z.object({ unitId: z.string().min(1).max(64), value: z.number().finite().describe('this area’s own target value') }))
    .max(500)
    .describe('a regional indicator’s target value per area (区县 each reporting its own value); empty: every unit is held to the plan’s value'),
});
export type TSetAreaTargets = z.infer<typeof ZSetAreaTargetsSchema>;

/** The office sets a regional indicator's target per area; every area must be a unit assigned to the measure. Audited. */
export async function setAreaTargets(
  deps: Pick<TServiceDeps, 'db' | 'now'>,
  person: TPerson,
  planId: string,
  targetId: string,
  input: TSetAreaTargets,
): Promise<TSetAreaTargets> {
  const plan = await findPlanFor(deps.db, person, planId);
  const target = await deps.db.target.findFirst({
    where: { id: targetId, measure: { planId: plan.id } },
    select: { id: true, areaValues: true, measure: { select: { assignments: { where: { status: { not: 'cancelled' } }, select: { unitId: true } } } } },
  });
  if (!target) throw new AppError('NOT_FOUND', say('noSuchTarget'));
  const assigned = new Set(target.measure.assignments.map((a) => a.unitId));
  const stray = input.areas.findIndex((a) => !assigned.has(a.unitId));
  if (stray >= 0) {
    const refusal = say('areaNotAssigned', { row: stray + 1, unitId: input.areas[stray]!.unitId });
    throw new AppError('VALIDATION_FAILED', refusal, [{ path: `areas.${stray}.unitId`, say: refusal }]);
  }
  // One value per area: a later row for the same unit replaces an earlier one.
  const areas = [...new Map(input.areas.map((a) => [a.unitId, a])).values()];
  await deps.db.$transaction(async (tx) => {
    await tx.target.update({ where: { id: target.id }, data: { areaValues: areas } });
    await tx.auditEvent.create({
      data: {
        at: deps.now(),
        actorId: person.id,
        actorLabel: 'web',
        action: 'indicator.area_targets_set' satisfies TAuditAction,
        subjectType: 'target',
        subjectId: target.id,
        planId: plan.id,
        data: { before: target.areaValues ?? [], after: areas },
      },
    });
  });
  return { areas };
}
