import { ApplicationFailure } from '@temporalio/activity';
import type { TRole } from '../../domain/measure-state';
import { MEASURE_FAILURE, refusal, refusalFailure } from '../../domain/measure-failures';
import { LAUNCH_HOLD_MS, writeMessages } from '../../outbox/messages';
import type { TActivityDeps } from '../deps';
import { loadMailContext } from '../mail/load-mail-facts';
import { noticeMessage } from '../mail/send-notice';

export type TAssignUnitsInput = {
  workflowId: string;
  measureId: string;
  /** The workflow's now, recorded as a new assignment's assignedAt. */
  at: string;
  /** The measure's reporting periods, as its 交办通知 lists them. */
  periods: { key: string; due: string }[];
};
export type TAssigned = { id: string; unitId: string; unitName: string; role: TRole };

type TMeasureRow = {
  ref: string;
  planId: string;
  /** Whether the plan is launching: launched, with measures (other than this one) not yet assigned. */
  launching: boolean;
  responsibility: string;
  coordinatorUnitId: string | null;
  /** In role, then position order; `members` for a group reference (empty when the group has none). */
  parties: { role: TRole; unitId: string | null; members: string[] | null }[];
};

/**
 * Records an Assignment per responsible unit: group references expand to their members; a measure with no stated
 * responsibility, or a party the registry could not resolve, goes to the plan's coordinator unit in that role.
 * Re-running finds the same rows (one per measure and unit). In the same transaction it writes each unit's 交办通知
 * to the outbox. While the plan's launch is still assigning other measures the notices are held, so that a unit's
 * notices of the launch go as one digest: the measure whose commit leaves none unassigned releases them (asked after
 * the commit, so the last to commit always sees itself last), and they go at the latest
 * LAUNCH_HOLD_MS after they were written, should the launch never finish. A few statements for the measure, one per
 * unit for its mail: every measure of a plan comes through here as it launches.
 */
export function createAssignUnits({ db, config, outbox }: Pick<TActivityDeps, 'db' | 'config' | 'outbox'>) {
  return {
    async assignUnits({ workflowId, measureId, at, periods }: TAssignUnitsInput): Promise<TAssigned[]> {
      const { rows: assigned, planId } = await db.$transaction(async (tx) => {
        const [m] = await tx.$queryRaw<TMeasureRow[]>`
          SELECT m."ref", m."planId", m."responsibility"::text AS "responsibility", p."coordinatorUnitId",
                 (p."status" = 'launched' AND EXISTS (SELECT 1 FROM "Measure" o WHERE o."planId" = m."planId" AND o."id" <> m."id" AND o."status" = 'draft')) AS "launching",
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
        const roles = rolesOf(m);
        // A unit assigned before (a retry, or a coordinator's change) keeps its row and role.
        await tx.assignment.createMany({ data: [...roles].map(([unitId, role]) => ({ measureId, unitId, role, assignedAt: new Date(at) })), skipDuplicates: true });
        const rows = await tx.$queryRaw<TAssigned[]>`
          SELECT a."id", a."unitId", u."name" AS "unitName", a."role"::text AS "role"
          FROM "Assignment" a JOIN "Unit" u ON u."id" = a."unitId"
          WHERE a."measureId" = ${measureId} AND a."unitId" = ANY(${[...roles.keys()]})`;
        await tx.$executeRaw`
          UPDATE "Measure" SET "workflowId" = ${workflowId}, "updatedAt" = now(),
                 "status" = CASE WHEN "status" = 'draft' THEN 'active'::"MeasureStatus" ELSE "status" END
          WHERE "id" = ${measureId}`;
        const now = new Date();
        // Held while the plan is launching; released below by the assignment that finds itself the last.
        const notBefore = m.launching ? new Date(now.getTime() + LAUNCH_HOLD_MS) : now;
        const notices = [];
        for (const a of rows) notices.push(noticeMessage(await loadMailContext(tx, config.publicUrl, a.id), { kind: 'notice', assignmentId: a.id, period: 'assign', periods }, notBefore));
        await writeMessages(tx, notices);
        return { rows, planId: m.planId };
      });
      // Asked after the commit, with no lock: of the launch's last assignments, the one that commits last finds no
      // measure of its plan still a draft, and releases the plan's held notices (each unit's go as one digest). A
      // lock taken for this inside the transaction made a 2,000-measure launch on PostgreSQL one assignment at a
      // time, the waiting transactions holding the pool's connections. A crash before this runs is retried with
      // the activity, and the hold lapses by itself at LAUNCH_HOLD_MS.
      const now = new Date();
      await db.$executeRaw`
        UPDATE "OutboxMessage" SET "notBefore" = ${now}
        WHERE "planId" = ${planId} AND "step" = 'notice' AND "deliveryId" IS NULL AND "notBefore" > ${now}
          AND NOT EXISTS (SELECT 1 FROM "Plan" p WHERE p."id" = ${planId} AND p."status" = 'launched'
                            AND EXISTS (SELECT 1 FROM "Measure" o WHERE o."planId" = p."id" AND o."status" = 'draft'))`;
      outbox.written();
      return assigned.sort((x, y) => (x.role === y.role ? x.unitName.localeCompare(y.unitName, 'zh') : x.role === 'lead' ? -1 : 1));
    },
  };
}

/** Each responsible unit's role; a unit that leads in one party and cooperates in another leads. */
function rolesOf(m: TMeasureRow): Map<string, TRole> {
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
  return roles;
}
