import { AppError } from '../../../lib/errors';
import { say } from '../../../lib/messages';
import { checkEvidenceUpload, uploadEvidence } from '../../../services/evidence/upload-evidence';
import { defineApiRoute, type TDeps, type TFileIntake } from '../../route';
import { ZAssignmentParamsSchema } from './show.types';
import { ZStoredFileSchema } from './upload-file.types';

/** The evidence store as an upload uses it, with the configured limits. */
export const evidenceDeps = (deps: TDeps) => ({ db: deps.db, files: deps.files, filesPerReport: deps.config.FILES_PER_REPORT });

/** The intake of a unit's evidence upload, shared by the API and the item page's form. */
export const evidenceIntake: TFileIntake<{ assignmentId: string }> = {
  check: ({ params, actor, deps }) => checkEvidenceUpload(evidenceDeps(deps), params.assignmentId, actor),
  receive: ({ params, actor, deps }, file) => uploadEvidence(evidenceDeps(deps), file.stream, { assignmentId: params.assignmentId, name: file.name }, actor),
};

export default defineApiRoute({
  method: 'POST',
  url: '/api/assignments/:assignmentId/files',
  operationId: 'uploadFile',
  summary:
    'Upload one file (佐证材料) for the unit’s next report, multipart field `file`: PDF, OFD, JPEG, PNG, Word or Excel, judged by content; ' +
    '413 over FILES_MAX_MB or past FILES_PER_REPORT waiting files, 415 for any other kind; a report then names it as { fileId }',
  tags: ['assignments'],
  auth: 'signed-in',
  scope: 'report',
  status: 201,
  params: ZAssignmentParamsSchema,
  file: evidenceIntake,
  response: ZStoredFileSchema,
  async handler({ req }) {
    if (!req.receivedFile) throw new AppError('MALFORMED_REQUEST', say('uploadNeedsFile'));
    return ZStoredFileSchema.parse(req.receivedFile);
  },
});
