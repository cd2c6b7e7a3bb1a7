import { findPlanFor, findPlanToRead } from '../../../services/access/scope';
import { createNotice, ZCreateNoticeSchema } from '../../../services/notices/create-notice';
import { issueNotice, ZIssueNoticeSchema } from '../../../services/notices/issue-notice';
import { listPlanNotices } from '../../../services/notices/list-notices';
import type { TNoticeRecord } from '../../../services/notices/notice-record';
import { saveNotice, ZSaveNoticeSchema } from '../../../services/notices/save-notice';
import { showNotice } from '../../../services/notices/show-notice';
import { recordedActor, requireActor } from '../../auth/actor';
import { defineApiRoute, type TApiRoute, type TDeps } from '../../route';
import { ZNoticeListSchema, ZNoticeParamsSchema, ZNoticeRecordSchema } from './notices.types';
import { ZPlanParamsSchema } from './show.types';

const json = (r: TNoticeRecord) => ({
  id: r.id,
  planId: r.planId,
  scope: r.scope,
  year: r.year,
  version: r.version,
  status: r.status,
  notice: r.notice,
  docNumber: r.docNumber,
  issuedAt: r.issuedAt?.toISOString() ?? null,
  download: `/api/notices/${r.id}.docx`,
});
const issueDeps = (deps: TDeps) => ({ db: deps.db, files: deps.files, now: deps.now, publicUrl: deps.config.publicUrl });

/** A plan's 通报: drafted from a year's or period's results, edited by the office, issued once its year is final. */
export const noticeRoutes: TApiRoute[] = [
  defineApiRoute({
    method: 'GET',
    url: '/api/plans/:planId/notices',
    operationId: 'listNotices',
    summary: 'A plan’s 通报: drafts, then the issued newest first (date, 文号, title, Word file); the office and its leaders',
    tags: ['notices'],
    auth: 'signed-in',
    params: ZPlanParamsSchema,
    response: ZNoticeListSchema,
    async handler({ actor, params, deps }) {
      const plan = await findPlanToRead(deps.db, actor, params.planId);
      const notices = await listPlanNotices(deps.db, plan.id);
      return { notices: notices.map((n) => ({ id: n.id, status: n.status, title: n.title, docNumber: n.docNumber, signedOn: n.signedOn, issuedAt: n.issuedAt?.toISOString() ?? null, download: n.download })) };
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/notices',
    operationId: 'createNotice',
    summary: 'Start a 通报 from a year’s or a period’s results: Duban drafts it (表扬 and 批评 by the rules), the office then edits it; coordinators only',
    tags: ['notices'],
    auth: 'signed-in',
    status: 201,
    params: ZPlanParamsSchema,
    body: ZCreateNoticeSchema,
    response: ZNoticeRecordSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return json(await createNotice(deps, plan.id, body, recordedActor(person)));
    },
  }),
  defineApiRoute({
    method: 'GET',
    url: '/api/plans/:planId/notices/:noticeId',
    operationId: 'showNotice',
    summary: 'A 通报 as the office edits it, with its version, stage and (once issued) 文号; coordinators only',
    tags: ['notices'],
    auth: 'signed-in',
    params: ZNoticeParamsSchema,
    response: ZNoticeRecordSchema,
    async handler({ actor, params, deps }) {
      const plan = await findPlanFor(deps.db, requireActor(actor), params.planId);
      return json(await showNotice(deps.db, plan.id, params.noticeId));
    },
  }),
  defineApiRoute({
    method: 'PUT',
    url: '/api/plans/:planId/notices/:noticeId',
    operationId: 'saveNotice',
    summary: 'Save the office’s edit of a draft 通报 as a new version (audited with its text); refused once issued; coordinators only',
    tags: ['notices'],
    auth: 'signed-in',
    params: ZNoticeParamsSchema,
    body: ZSaveNoticeSchema,
    response: ZNoticeRecordSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return json(await saveNotice(deps, plan.id, params.noticeId, body, recordedActor(person)));
    },
  }),
  defineApiRoute({
    method: 'POST',
    url: '/api/plans/:planId/notices/:noticeId/issue',
    operationId: 'issueNotice',
    summary: '印发: number the 通报 (文号 with 〔〕), archive its Word file and mail every unit it names or addresses; only once its year is final (定稿), and once',
    tags: ['notices'],
    auth: 'signed-in',
    params: ZNoticeParamsSchema,
    body: ZIssueNoticeSchema,
    response: ZNoticeRecordSchema,
    async handler({ actor, params, body, deps }) {
      const person = requireActor(actor);
      const plan = await findPlanFor(deps.db, person, params.planId);
      return json(await issueNotice(issueDeps(deps), plan.id, params.noticeId, body, recordedActor(person)));
    },
  }),
];
