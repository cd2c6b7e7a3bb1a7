import { sendLoginLink } from '../../auth/sign-in';
import { defineApiRoute } from '../../route';
import { ZLinkRequestedSchema, ZRequestLinkBodySchema } from './request-link.types';

export default defineApiRoute({
  method: 'POST',
  url: '/api/auth/login-link',
  operationId: 'requestLoginLink',
  summary: 'Email a one-time sign-in link (valid 15 minutes)',
  tags: ['auth'],
  auth: 'public',
  status: 202,
  body: ZRequestLinkBodySchema,
  response: ZLinkRequestedSchema,
  async handler({ req, body, deps }) {
    await sendLoginLink(deps, body.email, req.log);
    return { accepted: true as const };
  },
});
