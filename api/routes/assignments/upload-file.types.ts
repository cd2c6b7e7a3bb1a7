import { z } from 'zod';

export const ZStoredFileSchema = z.object({
  id: z.string().describe('the upload’s own id, which a report names as { fileId } (never the content’s hash)'),
  name: z.string().describe('the name as uploaded, without any folder'),
  size: z.number().int().describe('bytes'),
  sha256: z.string().describe('of the content, lower-case hex'),
  contentType: z.string().describe('as judged from the content, not from the name'),
});
