import { shanghaiMidnight } from '../../calendar/working-days';
import { Prisma, type Db } from '../../prisma/client';
import { AppError } from '../errors';
import type { TEditMeasureBody } from '../routes/measures/update.types';

type TResolved = { name: string; unitId: string | null; groupId: string | null };

/** Looks names up as the parser does: unit names, unit aliases, group names and group aliases. Unknown names are refused. */
async function resolveNames(db: Db, names: string[]): Promise<TResolved[]> {
  if (names.length === 0) return [];
  const [units, aliases, groups] = await Promise.all([
    db.unit.findMany({ where: { name: { in: names } }, select: { id: true, name: true } }),
    db.unitAlias.findMany({ where: { alias: { in: names } }, select: { alias: true, unitId: true } }),
    db.unitGroup.findMany({ select: { id: true, name: true, aliases: true } }),
  ]);
  const unknown: string[] = [];
  const out = names.map((name) => {
    const unitId = units.find((u) => u.name === name)?.id ?? aliases.find((a) => a.alias === name)?.unitId ?? null;
    const groupId = unitId ? null : (groups.find((g) => g.name === name || g.aliases.includes(name))?.id ?? null);
    if (!unitId && !groupId) unknown.push(name);
    return { name, unitId, groupId };
  });
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `名录中没有这些单位：${unknown.join('、')} / not in the unit registry: ${unknown.join(', ')}`,
      unknown.map((n) => ({ path: 'body.units', message: `unknown unit: ${n}` })),
    );
  }
  return out;
}

const SYMBOL = { gte: '≥', gt: '>', lt: '<', lte: '≤', eq: '=' } as const;

/**
 * A coordinator's correction of a draft measure: its units, targets, final due date or its own reporting schedule.
 * Launched measures change through their workflow (reassign, due-date change) instead, so this refuses anything but
 * a draft plan.
 */
export async function editDraftMeasure(db: Db, actorId: string, planId: string, measureId: string, edit: TEditMeasureBody): Promise<void> {
  const measure = await db.measure.findFirst({ where: { id: measureId, planId }, include: { plan: { select: { status: true } } } });
  if (!measure) throw new AppError('NOT_FOUND', '未找到该措施 / no such measure');
  if (measure.plan.status !== 'draft') {
    throw new AppError('CONFLICT', '方案已启动，请通过改派、调整时限等操作修改 / the plan is launched: use reassign or change-due instead');
  }
  const lead = edit.lead ? await resolveNames(db, [...new Set(edit.lead)]) : null;
  const cooperating = edit.cooperating ? await resolveNames(db, [...new Set(edit.cooperating)]) : null;
  await db.$transaction(async (tx) => {
    for (const [role, list] of [['lead', lead], ['cooperating', cooperating]] as const) {
      if (!list) continue;
      await tx.measureParty.deleteMany({ where: { measureId, role } });
      await tx.measureParty.createMany({ data: list.map((p, position) => ({ measureId, role, position, ...p })) });
    }
    const hasLead = lead ? lead.length > 0 : (await tx.measureParty.count({ where: { measureId, role: 'lead' } })) > 0;
    const hasAny = hasLead || (cooperating ? cooperating.length > 0 : (await tx.measureParty.count({ where: { measureId } })) > 0);
    if (edit.targets) {
      await tx.target.deleteMany({ where: { measureId } });
      await tx.target.createMany({
        data: edit.targets.map((t, position) => ({
          measureId,
          position,
          indicator: t.indicator,
          comparator: t.comparator,
          value: t.value,
          unit: t.unit,
          by: t.by,
          text: t.text || `${t.indicator}${SYMBOL[t.comparator]}${t.value}${t.unit}`,
        })),
      });
    }
    await tx.measure.update({
      where: { id: measureId },
      data: {
        ...(edit.due ? { due: new Date(shanghaiMidnight(edit.due)) } : {}),
        ...(edit.schedule !== undefined ? { schedule: edit.schedule ?? Prisma.DbNull } : {}),
        // A shared measure stays shared when its list changes; an unspecified one becomes led once it names a unit.
        ...(lead || cooperating
          ? { responsibility: !hasAny ? 'unspecified' : measure.responsibility === 'unspecified' ? (hasLead ? 'lead' : 'shared') : measure.responsibility }
          : {}),
      },
    });
    await tx.auditEvent.create({
      data: { actorId, actorLabel: 'web', action: 'measure.edit', subjectType: 'measure', subjectId: measureId, planId, data: edit },
    });
  });
}
