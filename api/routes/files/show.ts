import { z } from 'zod';
import { attachment } from '../../../lib/escape';
import { openEvidence } from '../../../services/evidence/open-evidence';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

/** What a browser shows itself rather than saving: PDFs and photos. */
const SHOWN_INLINE = new Set(['application/pdf', 'image/jpeg', 'image/png']);

const EXTENSION: Record<string, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png' };

export default defineApiRoute({
  method: 'GET',
  url: '/api/files/:fileId',
  operationId: 'downloadFile',
  summary: 'An uploaded file, to the unit, the office and the unit’s leaders (anyone else: 404); PDFs and images open in the browser, others download',
  tags: ['files'],
  auth: 'signed-in',
  params: z.object({ fileId: z.string().min(1).max(64) }),
  response: z.string().describe('the file’s bytes'),
  produces: ['application/octet-stream'],
  async handler({ actor, params, deps, reply }) {
    const file = await openEvidence(deps, params.fileId, requireActor(actor));
    const inline = SHOWN_INLINE.has(file.contentType);
    reply
      .type(file.contentType)
      .header('content-length', String(file.size))
      .header('content-disposition', attachment(file.name, `file-${file.id}${EXTENSION[file.contentType] ?? ''}`, inline ? 'inline' : 'attachment'))
      // Evidence is private: no shared cache keeps a copy.
      .header('cache-control', 'private, no-store');
    return file.body;
  },
});
