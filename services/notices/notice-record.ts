import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { NoticeStatus, Prisma } from '../../prisma/client';
import { docNumberText, ZNoticeSchema, type TNotice } from '../../report/notice-model';

type Tx = Prisma.TransactionClient;

/** A 通报 as its services hand it on: the office's text (parsed once, here), its stage and, once issued, its 文号. */
export type TNoticeRecord = {
  id: string;
  planId: string;
  scope: string;
  year: number;
  version: number;
  status: NoticeStatus;
  notice: TNotice;
  /** 苏质办〔2026〕3号 once issued, null before. */
  docNumber: string | null;
  issuedAt: Date | null;
  fileId: string | null;
};

const SELECT = { id: true, planId: true, scope: true, year: true, version: true, status: true, content: true, issuedAt: true, fileId: true } as const;

/** The plan's 通报 `noticeId`, or NOT_FOUND (another plan's id is answered the same, so guessing confirms nothing). */
export async function readNotice(db: Tx, planId: string, noticeId: string, lock = false): Promise<TNoticeRecord> {
  if (lock) await db.$queryRaw`SELECT 1 FROM "Notice" WHERE "id" = ${noticeId} FOR UPDATE`;
  const row = await db.notice.findFirst({ where: { id: noticeId, planId }, select: SELECT });
  if (!row) throw new AppError('NOT_FOUND', say('noSuchNotice'));
  return recordOf(row);
}

export function recordOf(row: { id: string; planId: string; scope: string; year: number; version: number; status: NoticeStatus; content: unknown; issuedAt: Date | null; fileId: string | null }): TNoticeRecord {
  const notice = ZNoticeSchema.parse(row.content);
  return {
    id: row.id,
    planId: row.planId,
    scope: row.scope,
    year: row.year,
    version: row.version,
    status: row.status,
    notice,
    docNumber: row.status === 'issued' ? docNumberText(notice.docNumber) : null,
    issuedAt: row.issuedAt,
    fileId: row.fileId,
  };
}

/** Issued once: every later edit or issue is refused in one line naming its 文号. */
export function refuseIfIssued(record: TNoticeRecord): void {
  if (record.status === 'issued') throw new AppError('CONFLICT', say('noticeAlreadyIssued', { number: record.docNumber ?? '' }));
}

/** Whose 文号 sequence a plan's 通报 draw from: its coordinating unit's, or the shared office's for a plan with none. */
export const officeKey = (coordinatorUnitId: string | null): string => coordinatorUnitId ?? 'coordinators';
