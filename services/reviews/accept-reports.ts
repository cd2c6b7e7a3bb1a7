import { z } from 'zod';
import { AppError } from '../../lib/errors';
import type { TSay } from '../../lib/text';
import type { TPerson } from '../access/scope';
import type { TServiceDeps } from '../deps';
import { reviewReport } from './review-report';

export const ZAcceptReportsBodySchema = z.strictObject({
  reportIds: z.array(z.string().min(1).max(64)).min(1).max(200).describe('reports waiting for review, accepted together'),
  decision: z.literal('accept').describe('several reports are only ever accepted at once; each return names its own reason'),
  requestId: z.string().min(8).max(200).describe('repeat the request with the same id to get the first answers'),
});
export type TAcceptReportsBody = z.infer<typeof ZAcceptReportsBodySchema>;

/**
 * 批量通过: each report is accepted as if one by one, audited on its own; one refused (not waiting, not the
 * coordinator's) stops nothing else and is answered with its reason.
 */
export async function acceptReports(deps: Pick<TServiceDeps, 'db' | 'temporal'>, person: TPerson, body: TAcceptReportsBody) {
  const results: ({ reportId: string; ok: true } | { reportId: string; ok: false; error: TSay })[] = [];
  for (const reportId of new Set(body.reportIds)) {
    try {
      await reviewReport(deps, person, reportId, { decision: 'accept', requestId: `${body.requestId}/${reportId}` });
      results.push({ reportId, ok: true });
    } catch (err) {
      // Who may review at all is one answer for the whole request.
      if (!(err instanceof AppError) || err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED' || err.code === 'WORKFLOWS_UNAVAILABLE') throw err;
      results.push({ reportId, ok: false, error: err.say });
    }
  }
  return { results };
}
