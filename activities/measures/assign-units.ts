import { ApplicationFailure } from '@temporalio/activity';
import type { TRole } from '../../domain/measure-state';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import type { TActivityDeps } from '../deps';

export type TAssignUnitsInput = {
  workflowId: string;
  measureId: string;
  /** The workflow's now, recorded as a new assignment's assignedAt; absent in calls scheduled by older workflow code. */
  at?: string;
};
export type TAssigned = { id: string; unitId: string; unitName: string; role: TRole };

type TMeasureRow = {
  ref: string;
  responsibility: string;
  coordinatorUnitId: string | null;
  /** In role, then position order; `members` for a group reference (empty when the group has none). */
  parties: { role: TRole; unitId: string | null; members: string[] | null }[];
};

/**
 * Records an Assignment per responsible unit: group references expand to their members; a measure with no stated
 * responsibility, or a party the registry could not resolve, goes to the plan's coordinator unit in that role.
 * Re-running finds the same rows (one per measure and unit). Four statements whatever the number of parties: every
 * measure of a plan comes through here as it launches.
 */
export function createAssignUnits({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async assignUnits({ workflowId, measureId, at }: TAssignUnitsInput): Promise<TAssigned[]> {
      const [m] = await db.$queryRaw<TMeasureRow[]>`
        SELECT m."ref", m."responsibility"::text AS "responsibility", p."coordinatorUnitId",
               COALESCE((SELECT json_agg(json_build_object(
                           'role', mp."role",
                           'unitId', mp."unitId",
                           'members', CASE WHEN mp."unitId" IS NULL AND mp."groupId" IS NOT NULL
                                      THEN ARRAY(SELECT gm."unitId" FROM "UnitGroupMember" gm WHERE gm."groupId" = mp."groupId") END
                         ) ORDER BY mp."role", mp."position")
                         FROM "MeasureParty" mp WHERE mp."measureId" = m."id"), '[]'::json) AS "parties"
        FROM "Measure" m JOIN "Plan" p ON p."id" = m."planId"
        WHERE m."id" = ${measureId}`;
      if (!m) throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.measureNotFound, { measureId })));
      const roles = new Map<string, TRole>();
      const give = (unitId: string, role: TRole) => {
        if (roles.get(unitId) !== 'lead') roles.set(unitId, role);
      };
      let toCoordinator: TRole | null = m.responsibility === 'unspecified' || m.parties.length === 0 ? 'lead' : null;
      for (const p of m.parties) {
        const ids = p.unitId ? [p.unitId] : (p.members ?? []);
        if (ids.length === 0) toCoordinator = toCoordinator === 'lead' || p.role === 'lead' ? 'lead' : 'cooperating';
        for (const id of ids) give(id, p.role);
      }
      if (![...roles.values()].includes('lead')) toCoordinator = 'lead';
      if (toCoordinator) {
        if (!m.coordinatorUnitId) {
          throw ApplicationFailure.create(refusalFailure(refusal(MEASURE_FAILURE.noCoordinatorUnit, { measureRef: m.ref })));
        }
        give(m.coordinatorUnitId, toCoordinator);
      }
      // A unit assigned before (a retry, or a coordinator's change) keeps its row and role.
      const assignedAt = at === undefined ? undefined : new Date(at);
      await db.assignment.createMany({ data: [...roles].map(([unitId, role]) => ({ measureId, unitId, role, assignedAt })), skipDuplicates: true });
      const rows = await db.$queryRaw<TAssigned[]>`
        SELECT a."id", a."unitId", u."name" AS "unitName", a."role"::text AS "role"
        FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
        WHERE a."measureId" = ${measureId} AND a."unitId" = ANY(${[...roles.keys()]})`;
      await db.$executeRaw`
        UPDATE "Measure" SET "workflowId" = ${workflowId}, "updatedAt" = now(),
               "status" = CASE WHEN "status" = 'draft' THEN 'active'::"MeasureStatus" ELSE "status" END
        WHERE "id" = ${measureId}`;
      return rows.sort((x, y) => (x.role === y.role ? x.unitName.localeCompare(y.unitName, 'zh') : x.role === 'lead' ? -1 : 1));
    },
  };
}
