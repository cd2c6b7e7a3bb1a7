import type { Db } from '../../prisma/client';
import { readNotice, type TNoticeRecord } from './notice-record';

/** A plan's 通报 as the office edits or reads it. The caller has checked the person coordinates the plan. */
export async function showNotice(db: Db, planId: string, noticeId: string): Promise<TNoticeRecord> {
  return readNotice(db, planId, noticeId);
}
