import { z } from 'zod';
import type { Db } from '../../prisma/client';

export const ZSubtaskProgressSchema = z.object({ done: z.number().int(), total: z.number().int() });

export const ZShownSubtaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  assignee: z.object({ name: z.string(), email: z.string().nullable(), phone: z.string().nullable() }),
  due: z.string().describe('YYYY-MM-DD'),
  doneAt: z.string().nullable().describe('ISO instant; null while open'),
  doneBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type TShownSubtask = z.infer<typeof ZShownSubtaskSchema>;

/** The unit's sub-tasks of one assignment (分解), by due date. */
export async function subtasksOfAssignment(db: Db, assignmentId: string): Promise<TShownSubtask[]> {
  const rows = await db.subtask.findMany({ where: { assignmentId }, orderBy: [{ due: 'asc' }, { addedAt: 'asc' }], include: { doneBy: { select: { name: true } } } });
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    assignee: { name: s.assigneeName, email: s.assigneeEmail, phone: s.assigneePhone },
    // A date column: the calendar day at UTC midnight.
    due: s.due.toISOString().slice(0, 10),
    doneAt: s.doneAt?.toISOString() ?? null,
    doneBy: s.doneBy?.name ?? null,
    note: s.doneNote,
  }));
}

/** A report's sub-task progress as stored with it, or null when the unit had none. */
export const reportSubtasks = (stored: unknown) => ZSubtaskProgressSchema.nullable().catch(null).parse(stored ?? null);
