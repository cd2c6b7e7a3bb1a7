import type { Db } from '../../prisma/client';
import { docNumberText, ZNoticeSchema } from '../../report/notice-model';

/** A 通报 as a list shows it: date, 文号, title, and where its Word file is. */
export type TNoticeListing = {
  id: string;
  planId: string;
  planTitle: string;
  scope: string;
  status: 'draft' | 'issued';
  title: string;
  /** null while a draft */
  docNumber: string | null;
  /** 成文日期 */
  signedOn: string;
  issuedAt: Date | null;
  /** praise, criticism or addressed, on a unit's list */
  mention?: string;
  download: string;
};

type TRow = { id: string; planId: string; scope: string; status: 'draft' | 'issued'; content: unknown; issuedAt: Date | null; plan: { title: string } };

const listing = (row: TRow, mention?: string): TNoticeListing => {
  const notice = ZNoticeSchema.parse(row.content);
  return {
    id: row.id,
    planId: row.planId,
    planTitle: row.plan.title,
    scope: row.scope,
    status: row.status,
    title: notice.title.replace(/\s*\n\s*/g, ''),
    docNumber: row.status === 'issued' ? docNumberText(notice.docNumber) : null,
    signedOn: notice.signedOn,
    issuedAt: row.issuedAt,
    ...(mention ? { mention } : {}),
    download: `/api/notices/${row.id}.docx`,
  };
};
const SELECT = { id: true, planId: true, scope: true, status: true, content: true, issuedAt: true, plan: { select: { title: true } } } as const;

/** A plan's 通报, drafts first, then the issued newest first. The caller has checked the person reads the plan. */
export async function listPlanNotices(db: Db, planId: string, options: { issuedOnly?: boolean } = {}): Promise<TNoticeListing[]> {
  const rows = await db.notice.findMany({
    where: { planId, ...(options.issuedOnly ? { status: 'issued' as const } : {}) },
    select: SELECT,
    orderBy: [{ status: 'asc' }, { issuedAt: 'desc' }, { createdAt: 'desc' }],
  });
  return rows.map((r) => listing(r));
}

/** The 通报 issued to a unit (named in it, or addressed as an assessed unit), newest first. */
export async function listUnitNotices(db: Db, unitId: string): Promise<TNoticeListing[]> {
  const rows = await db.noticeUnit.findMany({
    where: { unitId, notice: { status: 'issued' } },
    select: { mention: true, notice: { select: SELECT } },
    orderBy: { notice: { issuedAt: 'desc' } },
  });
  return rows.map((r) => listing(r.notice, r.mention));
}
