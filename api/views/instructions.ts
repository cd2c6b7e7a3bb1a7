import { z } from 'zod';
import type { Db, Prisma } from '../../prisma/client';
import { reportAttachments, ZShownAttachmentSchema, type TShownAttachment } from '../../services/evidence/report-attachments';

export const ZShownInstructionSchema = z.object({
  id: z.string(),
  measure: z.object({ ref: z.string(), title: z.string() }),
  text: z.string(),
  leader: z.string().describe('the leader it is from'),
  writtenBy: z.string().nullable().describe('the coordinator who entered it on the leader’s behalf; null when the leader wrote it'),
  at: z.string().describe('ISO instant'),
  replyBy: z.string().describe('the day the units reply by'),
  replies: z.array(
    z.object({
      assignmentId: z.string(),
      unit: z.string(),
      text: z.string().nullable().describe('落实情况; null until the unit replies'),
      attachments: z.array(ZShownAttachmentSchema).describe('links, and files the unit uploaded (open with GET /api/files/:id)'),
      repliedAt: z.string().nullable(),
      by: z.string().nullable(),
    }),
  ),
});
export type TShownInstruction = z.infer<typeof ZShownInstructionSchema>;

const SHOWN = {
  id: true,
  text: true,
  at: true,
  replyBy: true,
  leaderId: true,
  writtenById: true,
  measure: { select: { ref: true, title: true } },
  leader: { select: { name: true } },
  writtenBy: { select: { name: true } },
} as const;

type TRow = Prisma.InstructionGetPayload<{ select: typeof SHOWN }>;
type TReplyRow = Prisma.InstructionReplyGetPayload<{ include: { assignment: { select: { unit: { select: { name: true } } } }; repliedBy: { select: { name: true } } } }>;

function shown(i: TRow, replies: TReplyRow[], files: TShownAttachment[][]): TShownInstruction {
  return {
    id: i.id,
    measure: i.measure,
    text: i.text,
    leader: i.leader.name,
    writtenBy: i.writtenById === i.leaderId ? null : i.writtenBy.name,
    at: i.at.toISOString(),
    // A date column: the calendar day at UTC midnight.
    replyBy: i.replyBy.toISOString().slice(0, 10),
    replies: replies.map((r, n) => ({
      assignmentId: r.assignmentId,
      unit: r.assignment.unit.name,
      text: r.text,
      attachments: files[n]!,
      repliedAt: r.repliedAt?.toISOString() ?? null,
      by: r.repliedBy?.name ?? null,
    })),
  };
}

const REPLY_INCLUDE = { assignment: { select: { unit: { select: { name: true } } } }, repliedBy: { select: { name: true } } } as const;

/** The 批示 sent to one assignment's unit, newest first, each with that unit's reply: shown first on its item page. */
export async function instructionsOfAssignment(db: Db, assignmentId: string): Promise<TShownInstruction[]> {
  const rows = await db.instruction.findMany({
    where: { replies: { some: { assignmentId } } },
    orderBy: { at: 'desc' },
    select: { ...SHOWN, replies: { where: { assignmentId }, include: REPLY_INCLUDE } },
  });
  return withFiles(db, rows);
}

/** The 批示 a leader gave (written by them or for them), newest first, each with every unit's reply beside it. */
export async function instructionsOfLeader(db: Db, leaderId: string): Promise<TShownInstruction[]> {
  const rows = await db.instruction.findMany({
    where: { leaderId },
    orderBy: { at: 'desc' },
    take: 100,
    select: { ...SHOWN, replies: { include: REPLY_INCLUDE, orderBy: { assignment: { role: 'asc' } } } },
  });
  return withFiles(db, rows);
}

/** The 批示 on one measure, newest first, each with every unit's reply: on the page where they are written. */
export async function instructionsOfMeasure(db: Db, measureId: string): Promise<TShownInstruction[]> {
  const rows = await db.instruction.findMany({
    where: { measureId },
    orderBy: { at: 'desc' },
    select: { ...SHOWN, replies: { include: REPLY_INCLUDE, orderBy: { assignment: { role: 'asc' } } } },
  });
  return withFiles(db, rows);
}

/** Each instruction shown with its replies' files named (a reply's files are its unit's uploads, as a report's). */
async function withFiles(db: Db, rows: (TRow & { replies: TReplyRow[] })[]): Promise<TShownInstruction[]> {
  const files = await reportAttachments(db, rows.flatMap((r) => r.replies));
  let n = 0;
  return rows.map((r) => shown(r, r.replies, r.replies.map(() => files[n++]!)));
}
