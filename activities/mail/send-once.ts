import { createHash } from 'node:crypto';
import type { Mailer } from '../../mail/mailer';
import { Prisma, type Db } from '../../prisma/client';

/** `replyTo` is not stored: it is read afresh with the context on each attempt, like the recipients' office. */
export type TOutgoing = { key: string; assignmentId: string | null; step: string; period: string; to: string[]; replyTo?: string[]; subject: string; html: string; text: string };
export type TSendOutcome = { outboxId: string; sent: boolean; reason?: 'already-sent' | 'no-recipients' };

/**
 * Effectively-once email: the outbox row is written under its unique key before sending and marked sent after, so a
 * retried activity finds it sent and does not send again. Only a crash between the SMTP server's acceptance and the
 * mark can send a message twice; the repeat carries the same Message-ID (derived from the key), which receiving
 * mail stores use to drop duplicates.
 */
export async function sendOnce(db: Db, mailer: Mailer, clock: () => Date, outgoing: TOutgoing): Promise<TSendOutcome> {
  const { replyTo, ...mail } = outgoing;
  // One statement for a new email; a key already written (a retry, or a repeated step) is read back instead.
  const row = await db.outboxMessage.create({ data: mail }).catch(async (err: unknown) => {
    if (!(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    return db.outboxMessage.findUniqueOrThrow({ where: { key: mail.key } });
  });
  if (row.status === 'sent') return { outboxId: row.id, sent: false, reason: 'already-sent' };
  if (row.to.length === 0) {
    await db.outboxMessage.update({ where: { id: row.id }, data: { lastError: '无收件人 / no recipients' }, select: { id: true } });
    return { outboxId: row.id, sent: false, reason: 'no-recipients' };
  }
  try {
    const { messageId } = await mailer.send({ to: row.to, replyTo, subject: row.subject, html: row.html, text: row.text, headers: { 'X-Duban-Key': row.key, 'Message-ID': messageIdFor(row.key) } }, { deadline: Date.now() + START_WITHIN_MS });
    // The one statement between the SMTP server's acceptance and the mark, kept raw: the shorter this step, the
    // narrower the window in which a crash leads to a repeat.
    await db.$executeRaw`
      UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ${clock()}, "messageId" = ${messageId}, "attempts" = "attempts" + 1, "lastError" = NULL
      WHERE "id" = ${row.id}`;
    return { outboxId: row.id, sent: true };
  } catch (err) {
    await db.outboxMessage.update({
      where: { id: row.id },
      data: { attempts: { increment: 1 }, lastError: String((err as Error).message).slice(0, 1000) },
      select: { id: true },
    });
    throw err;
  }
}

/** How long a message may wait for a pooled SMTP connection: well inside the mail activities' one-minute timeout. */
const START_WITHIN_MS = 20_000;

export function messageIdFor(key: string): string {
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@duban.outbox>`;
}
