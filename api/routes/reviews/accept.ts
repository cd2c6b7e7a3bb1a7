import { z } from 'zod';
import { sayIn } from '../../../lib/text';
import { acceptReports, ZAcceptReportsBodySchema } from '../../../services/reviews/accept-reports';
import { requireActor } from '../../auth/actor';
import { defineApiRoute } from '../../route';

const ZAcceptedSchema = z.object({
  results: z.array(z.object({ reportId: z.string(), ok: z.boolean(), error: z.string().optional().describe('why this one was not accepted') })),
});

export default defineApiRoute({
  method: 'POST',
  url: '/api/reviews',
  operationId: 'acceptReports',
  summary: 'Accept several reports waiting for review at once, each audited on its own; one refused stops nothing else',
  tags: ['reviews'],
  auth: 'signed-in',
  body: ZAcceptReportsBodySchema,
  response: ZAcceptedSchema,
  async handler({ actor, body, deps, locale }) {
    const { results } = await acceptReports(deps, requireActor(actor), body);
    return { results: results.map((r) => (r.ok ? r : { reportId: r.reportId, ok: false, error: sayIn(r.error, locale) })) };
  },
});
