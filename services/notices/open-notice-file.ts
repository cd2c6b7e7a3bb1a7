import type { Readable } from 'node:stream';
import { AppError } from '../../lib/errors';
import { say } from '../../lib/messages';
import type { Db } from '../../prisma/client';
import { DRAFT_DOC_NUMBER } from '../../report/notice-model';
import { renderNoticeDocx } from '../../report/render-notice-docx';
import { isCoordinator, planScope, type TPerson } from '../access/scope';
import type { TFileStore } from '../files/file-store';
import { recordOf } from './notice-record';

export type TNoticeFile = { fileName: string; body: Buffer | Readable; issued: boolean };

/**
 * A 通报's Word file: once issued, the archived file exactly as issued, for the office and every unit it was sent to;
 * before, the draft as last saved (its 文号 still to be assigned), for the office only. Anyone else is told there is
 * no such notice.
 */
export async function openNoticeFile(deps: { db: Db; files: Pick<TFileStore, 'open'> }, person: TPerson, noticeId: string): Promise<TNoticeFile> {
  const row = await deps.db.notice.findFirst({
    where: {
      id: noticeId,
      OR: [
        ...(isCoordinator(person) ? [{ plan: planScope(person) }] : []),
        ...(person.unitId ? [{ status: 'issued' as const, units: { some: { unitId: person.unitId } } }] : []),
      ],
    },
  });
  if (!row) throw new AppError('NOT_FOUND', say('noSuchNotice'));
  const record = recordOf(row);
  const title = record.notice.title.replace(/\s+/g, '');
  if (record.status === 'draft') return { fileName: `${title}（草稿）.docx`, body: await renderNoticeDocx(record.notice), issued: false };
  const file = record.fileId ? await deps.files.open(record.fileId) : null;
  if (!file) throw new AppError('NOT_FOUND', say('noSuchNotice'));
  return { fileName: `${record.docNumber ?? DRAFT_DOC_NUMBER}${title}.docx`, body: file.body, issued: true };
}
