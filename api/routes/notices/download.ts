import { z } from 'zod';
import { attachment } from '../../../lib/escape';
import { openNoticeFile } from '../../../services/notices/open-notice-file';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export default defineApiRoute({
  method: 'GET',
  url: '/api/notices/:noticeId.docx',
  operationId: 'downloadNotice',
  summary: 'A 通报 as a Word file: once issued, the archived file as issued (the office and every unit it was sent to); before, the draft as last saved (the office)',
  tags: ['notices'],
  auth: 'signed-in',
  params: z.object({ noticeId: z.string().min(1).max(64) }),
  response: z.string().describe('the .docx file'),
  produces: [DOCX],
  async handler({ actor, params, deps, reply }) {
    const file = await openNoticeFile(deps, requireActor(actor), params.noticeId);
    reply
      .type(DOCX)
      .header('content-disposition', attachment(file.fileName, `notice-${params.noticeId}.docx`))
      .header('cache-control', 'private, no-store');
    return file.body;
  },
});
