import { z } from 'zod';
import { shanghaiMidnight } from '../../calendar/working-days';
import { ZReportingScheduleSchema } from '../../domain/schedule';
import { AppError } from '../../lib/errors';
import { issue, say } from '../../lib/messages';
import { Prisma, type Db } from '../../prisma/client';
import { findPlanFor, type TPerson } from '../access/scope';
import type { TAuditAction } from '../audit-actions';

const ZUnitListSchema = z
  .array(z.string().trim().min(1).max(100))
  .max(100)
  .describe('unit or group names from the registry (names or aliases), in order');

export const ZEditTargetSchema = z.object({
  indicator: z.string().trim().min(1).max(200),
  comparator: z.enum(['gte', 'gt', 'lt', 'lte', 'eq']),
  value: z.number().finite(),
  unit: z.string().trim().max(20),
  by: z.string().trim().regex(/^\d{4}(-\d{2}-\d{2})?$/, issue('yearOrDate')).nullable().default(null),
  text: z.string().trim().max(500).optional().describe('the commitment as written; defaults to indicator, comparator and value'),
});
export type TEditTarget = z.infer<typeof ZEditTargetSchema>;

export const ZEditDraftMeasureInputSchema = z
  .object({
    lead: ZUnitListSchema.optional(),
    cooperating: ZUnitListSchema.optional(),
    due: z.iso.date().optional().describe('final due date, YYYY-MM-DD'),
    targets: z.array(ZEditTargetSchema).max(50).optional().describe('replaces all of the measure’s targets'),
    schedule: ZReportingScheduleSchema.nullable().optional().describe('the measure’s own reporting schedule; null follows the plan’s'),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: issue('nothingToChange') });
export type TEditDraftMeasureInput = z.infer<typeof ZEditDraftMeasureInputSchema>;

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
      say('notInRegistry', { names: unknown }),
      unknown.map((name) => ({ path: 'body.units', say: say('unknownUnit', { name }) })),
    );
  }
  return out;
}

const SYMBOL = { gte: '≥', gt: '>', lt: '<', lte: '≤', eq: '=' } as const;

/**
 * A coordinator's correction of a draft measure of a plan they coordinate: its units, targets, final due date or its
 * own reporting schedule. Launched measures change through their workflow (reassign, due-date change) instead, so this
 * refuses anything but a draft plan. Audited.
 */
export async function editDraftMeasure(db: Db, person: TPerson, at: { planId: string; measureId: string }, edit: TEditDraftMeasureInput): Promise<void> {
  const plan = await findPlanFor(db, person, at.planId);
  const { planId, measureId } = at;
  const measure = await db.measure.findFirst({ where: { id: measureId, planId }, select: { responsibility: true } });
  if (!measure) throw new AppError('NOT_FOUND', say('noSuchMeasure'));
  if (plan.status !== 'draft') throw new AppError('CONFLICT', say('planLaunchedUseActions'));
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
      data: { actorId: person.id, actorLabel: 'web', action: 'measure.edit' satisfies TAuditAction, subjectType: 'measure', subjectId: measureId, planId, data: edit },
    });
  });
}
