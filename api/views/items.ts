import { shanghaiDate } from '../../calendar/working-days';
import { z } from 'zod';
import type { Db, Prisma } from '../../prisma/client';
import type { TActor } from '../auth/actor';
import { assignmentScope } from '../../services/access/scope';
import { optionalField } from '../schemas';
import { loadWorkingDaysLeft } from './days-left';
import { nextStepOf, ZNextStepSchema } from './item';
import { completionRuleOf, loadDueChanges, periodsOf } from '../../services/measures/periods';

const COLOURS = ['green', 'yellow', 'red'] as const;

export const ZItemFilterSchema = z.object({
  planId: optionalField(z.string().max(64)),
  colour: optionalField(z.enum(COLOURS)),
  status: optionalField(z.enum(['assigned', 'in_progress', 'blocked', 'done', 'cancelled'])),
  mine: optionalField(z.enum(['1', '0', 'true', 'false'])).describe('only the signed-in person’s own unit (default for the “my items” page)'),
  limit: optionalField(z.coerce.number().int().min(1).max(500)).default(200),
  offset: optionalField(z.coerce.number().int().min(0)).default(0),
});
export type TItemFilter = z.infer<typeof ZItemFilterSchema>;

export const ZItemRowSchema = z.object({
  id: z.string(),
  plan: z.object({ id: z.string(), title: z.string() }),
  measure: z.object({ id: z.string(), ref: z.string(), title: z.string(), due: z.string() }),
  unit: z.object({ id: z.string(), name: z.string() }),
  role: z.enum(['lead', 'cooperating']),
  status: z.enum(['assigned', 'in_progress', 'blocked', 'done', 'cancelled']),
  colour: z.enum(COLOURS),
  escalationLevel: z.number().int(),
  next: ZNextStepSchema,
});
export const ZItemListSchema = z.object({ items: z.array(ZItemRowSchema), total: z.number().int() });
export type TItemList = z.infer<typeof ZItemListSchema>;

const COLOUR_RANK = { red: 0, yellow: 1, green: 2 } as const;

/** Assignments the actor may see, reddest and soonest due first. */
export async function listItems(db: Db, actor: TActor, f: TItemFilter): Promise<TItemList> {
  const mine = f.mine === '1' || f.mine === 'true';
  const where: Prisma.AssignmentWhereInput = {
    AND: [
      mine ? { unitId: actor.unitId ?? '' } : assignmentScope(actor),
      f.planId ? { measure: { planId: f.planId } } : {},
      f.colour ? { colour: f.colour } : {},
      f.status ? { status: f.status } : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db.assignment.count({ where }),
    db.assignment.findMany({
      where,
      orderBy: [{ measure: { due: 'asc' } }, { id: 'asc' }],
      skip: f.offset,
      take: f.limit,
      include: {
        unit: { select: { id: true, name: true } },
        measure: { select: { id: true, ref: true, title: true, due: true, status: true, schedule: true, plan: { select: { id: true, title: true, schedule: true, clock: true } } } },
        reports: { select: { period: true } },
        extensions: { select: { period: true, status: true, requestedDue: true } },
      },
    }),
  ]);
  const [dueChanges, daysLeft] = await Promise.all([loadDueChanges(db, rows.map((a) => a.measureId)), loadWorkingDaysLeft(db)]);
  const items = rows.map((a) => ({
    id: a.id,
    plan: { id: a.measure.plan.id, title: a.measure.plan.title },
    measure: { id: a.measure.id, ref: a.measure.ref, title: a.measure.title, due: shanghaiDate(a.measure.due) },
    unit: a.unit,
    role: a.role,
    status: a.status,
    colour: a.colour,
    escalationLevel: a.escalationLevel,
    next: nextStepOf({
      status: a.status,
      role: a.role,
      completion: completionRuleOf(a.measure),
      measure: a.measure,
      periods: periodsOf({ startedAt: a.assignedAt, measure: a.measure, dueChanges: dueChanges.get(a.measureId) ?? [] }),
      reportedPeriods: a.reports.map((r) => r.period),
      extensions: a.extensions,
      daysLeft: (due) => daysLeft(a.measure.plan.clock, due),
    }),
  }));
  items.sort((x, y) => COLOUR_RANK[x.colour] - COLOUR_RANK[y.colour] || (x.next.due ?? '9999').localeCompare(y.next.due ?? '9999'));
  return { items, total };
}
