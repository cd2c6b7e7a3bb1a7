import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { decideExtensionAs } from '../../actions/coordinate';
import { requestExtensionAs, submitProgressAs } from '../../actions/progress';
import { requireActor } from '../../auth/actor';
import { definePageRoute } from '../../route';
import { ZAssignmentParamsSchema } from '../../routes/assignments/show.types';
import { blankToUndefined } from '../../schemas';

/** "title | url" per line, or a bare URL (then it is its own title). */
function linksOf(text: string): { title: string; url: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.lastIndexOf('|');
      return bar < 0 ? { title: line, url: line } : { title: line.slice(0, bar).trim() || line.slice(bar + 1).trim(), url: line.slice(bar + 1).trim() };
    });
}

const ZReportFormSchema = z.looseObject({
  status: z.string(),
  percent: z.string(),
  narrative: z.string(),
  blockedReason: z.string().optional(),
  links: z.string().default(''),
  idempotencyKey: z.string(),
});

export const reportSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/report',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: ZReportFormSchema,
  async handler({ reply, deps, actor, params, body }) {
    // Target values arrive as tv_<targetId>; an empty one is "not reported".
    const targetValues = Object.entries(body).flatMap(([k, v]) =>
      k.startsWith('tv_') && typeof v === 'string' && v.trim() !== '' ? [{ targetId: k.slice(3), value: Number(v) }] : [],
    );
    await submitProgressAs(deps, requireActor(actor), params.assignmentId, {
      status: body.status,
      percent: body.percent.trim() === '' ? undefined : Number(body.percent),
      narrative: body.narrative,
      blockedReason: blankToUndefined(body.blockedReason),
      targetValues,
      attachments: linksOf(body.links),
      idempotencyKey: body.idempotencyKey,
    });
    return reply.redirect(`/items/${params.assignmentId}?done=reportAccepted#history`, 303);
  },
});

export const extensionSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/extension',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema,
  body: z.object({ requestedDue: z.string(), reason: z.string(), idempotencyKey: z.string() }),
  async handler({ reply, deps, actor, params, body }) {
    await requestExtensionAs(deps, requireActor(actor), params.assignmentId, body);
    return reply.redirect(`/items/${params.assignmentId}?done=extensionRequested`, 303);
  },
});

export const extensionDecisionSubmit = definePageRoute({
  method: 'POST',
  url: '/items/:assignmentId/extensions/:extensionId/decision',
  auth: 'signed-in',
  params: ZAssignmentParamsSchema.extend({ extensionId: z.string().min(1).max(64) }),
  body: z.object({ decision: z.enum(['approve', 'refuse']), note: z.string().max(2000).optional() }),
  async handler({ reply, deps, actor, params, body }) {
    await decideExtensionAs(deps, actor, params.extensionId, {
      approve: body.decision === 'approve',
      note: blankToUndefined(body.note) as string | undefined,
      requestId: randomUUID(),
    });
    return reply.redirect(`/items/${params.assignmentId}?done=saved`, 303);
  },
});
