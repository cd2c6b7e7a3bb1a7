import { ApplicationFailure } from '@temporalio/activity';
import type { TRole } from '../../domain/measure-state';
import { MEASURE_FAILURE } from '../../domain/measure-failures';
import type { TActivityDeps } from '../deps';

export type TAssignUnitsInput = { workflowId: string; measureId: string };
export type TAssigned = { id: string; unitId: string; unitName: string; role: TRole };

/**
 * Records an Assignment per responsible unit: group references expand to their members; a measure with no stated
 * responsibility, or a party the registry could not resolve, goes to the plan's coordinator unit in that role.
 * Re-running finds the same rows (one per measure and unit).
 */
export function createAssignUnits({ db }: Pick<TActivityDeps, 'db'>) {
  return {
    async assignUnits({ workflowId, measureId }: TAssignUnitsInput): Promise<TAssigned[]> {
      const m = await db.measure.findUnique({
        where: { id: measureId },
        include: { plan: true, parties: { orderBy: [{ role: 'asc' }, { position: 'asc' }], include: { group: { include: { members: true } } } } },
      });
      if (!m) throw ApplicationFailure.create({ type: MEASURE_FAILURE.measureNotFound, nonRetryable: true, message: `任务不存在 / no measure ${measureId}` });
      const roles = new Map<string, TRole>();
      const give = (unitId: string, role: TRole) => {
        if (roles.get(unitId) !== 'lead') roles.set(unitId, role);
      };
      let toCoordinator: TRole | null = m.responsibility === 'unspecified' || m.parties.length === 0 ? 'lead' : null;
      for (const p of m.parties) {
        const ids = p.unitId ? [p.unitId] : (p.group?.members.map((x) => x.unitId) ?? []);
        if (ids.length === 0) toCoordinator = toCoordinator === 'lead' || p.role === 'lead' ? 'lead' : 'cooperating';
        for (const id of ids) give(id, p.role);
      }
      if (![...roles.values()].includes('lead')) toCoordinator = 'lead';
      if (toCoordinator) {
        if (!m.plan.coordinatorUnitId) {
          throw ApplicationFailure.create({
            type: MEASURE_FAILURE.noCoordinatorUnit,
            nonRetryable: true,
            message: `计划未设牵头协调单位，无法交办 ${m.ref} / the plan has no coordinator unit for ${m.ref}`,
          });
        }
        give(m.plan.coordinatorUnitId, toCoordinator);
      }
      const rows = [];
      for (const [unitId, role] of roles) {
        rows.push(
          await db.assignment.upsert({
            where: { measureId_unitId: { measureId, unitId } },
            create: { measureId, unitId, role },
            update: {},
            include: { unit: { select: { name: true } } },
          }),
        );
      }
      await db.measure.update({ where: { id: measureId }, data: { workflowId, status: m.status === 'draft' ? 'active' : m.status } });
      return rows
        .sort((x, y) => (x.role === y.role ? x.unit.name.localeCompare(y.unit.name, 'zh') : x.role === 'lead' ? -1 : 1))
        .map((r) => ({ id: r.id, unitId: r.unitId, unitName: r.unit.name, role: r.role }));
    },
  };
}
