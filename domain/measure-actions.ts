import { z } from 'zod';
import { ZIsoDateSchema } from './dates';
import { DEFAULT_REWORK_DAYS } from './office-cycle';

const actor = z.string().min(1).describe('id of the person acting');
const requestId = z.string().min(8).max(200).describe('repeat a request with the same id to get the first answer');
const reason = z.string().trim().min(1).max(2000);

/*
 * Each message to a running measure comes twice: what the person gives (the `…Body` schema, which the API's body and
 * the page's form are checked against, once, at the edge) and the Update's argument, the same with who acts, which the
 * measure workflow's validator checks again. Both are strict, and both carry the same cross-field rules.
 */

const extensionRequest = { requestedDue: ZIsoDateSchema.describe('the new due date asked for'), reason, idempotencyKey: requestId };
/** 延期: asked by the unit before its report is due. */
export const ZExtensionRequestBodySchema = z.strictObject(extensionRequest);
export type TExtensionRequestBody = z.infer<typeof ZExtensionRequestBodySchema>;
export const ZExtensionRequestSchema = z.strictObject({ assignmentId: z.string().min(1), ...extensionRequest, requestedBy: actor });
export type TExtensionRequest = z.infer<typeof ZExtensionRequestSchema>;

const extensionDecision = { approve: z.boolean(), note: z.string().trim().max(2000).optional(), requestId };
export const ZExtensionDecisionBodySchema = z.strictObject(extensionDecision);
export type TExtensionDecisionBody = z.infer<typeof ZExtensionDecisionBodySchema>;
export const ZExtensionDecisionSchema = z.strictObject({ extensionId: z.string().min(1), ...extensionDecision, decidedBy: actor });
export type TExtensionDecision = z.infer<typeof ZExtensionDecisionSchema>;

const reassign = { fromUnitId: z.string().min(1), toUnitId: z.string().min(1), reason, requestId };
const anotherUnit = (r: { fromUnitId: string; toUnitId: string }) => r.fromUnitId !== r.toUnitId;
const toAnotherUnit = { message: '改派须换一个单位 / reassign to another unit', path: ['toUnitId'] };
export const ZReassignUnitBodySchema = z.strictObject(reassign).refine(anotherUnit, toAnotherUnit);
export const ZReassignUnitSchema = z.strictObject({ ...reassign, actorId: actor }).refine(anotherUnit, toAnotherUnit);
export type TReassignUnit = z.infer<typeof ZReassignUnitSchema>;

const cooperatingUnit = { unitId: z.string().min(1), reason, requestId };
export const ZAddCooperatingUnitBodySchema = z.strictObject(cooperatingUnit);
export const ZAddCooperatingUnitSchema = z.strictObject({ ...cooperatingUnit, actorId: actor });
export type TAddCooperatingUnit = z.infer<typeof ZAddCooperatingUnitSchema>;

export const ZRemoveCooperatingUnitBodySchema = z.strictObject(cooperatingUnit);
export const ZRemoveCooperatingUnitSchema = z.strictObject({ ...cooperatingUnit, actorId: actor });
export type TRemoveCooperatingUnit = z.infer<typeof ZRemoveCooperatingUnitSchema>;

const changeDue = { period: z.string().min(1).describe('period key, e.g. 2026-H1'), due: ZIsoDateSchema, reason, requestId };
export const ZChangeDueDateBodySchema = z.strictObject(changeDue);
export const ZChangeDueDateSchema = z.strictObject({ ...changeDue, actorId: actor });
export type TChangeDueDate = z.infer<typeof ZChangeDueDateSchema>;

/** The office confirms an assignment its unit refused (拒签): the unit holds it, and its clock runs again. */
export const ZConfirmAssignmentBodySchema = z.strictObject(cooperatingUnit);
export const ZConfirmAssignmentSchema = z.strictObject({ ...cooperatingUnit, actorId: actor });
export type TConfirmAssignment = z.infer<typeof ZConfirmAssignmentSchema>;

const chase = {
  unitIds: z.array(z.string().min(1)).min(1).max(50).describe('the units to chase, each holding an assignment on the measure'),
  text: z.string().trim().min(1).max(2000).describe('the office’s own words, sent as they are'),
};
/** 催办 by hand: the office chases units of a measure in its own words. A request id is optional: without one, each is a new 催办. */
export const ZChaseBodySchema = z.strictObject({ ...chase, requestId: requestId.optional() });
export type TChaseBody = z.infer<typeof ZChaseBodySchema>;
export const ZChaseUnitsSchema = z.strictObject({ ...chase, requestId, actorId: actor });
export type TChaseUnits = z.infer<typeof ZChaseUnitsSchema>;

/** 办结 by the office's decision (e.g. merged into another measure), with its reason. */
export const ZCloseMeasureBodySchema = z.strictObject({ reason, requestId });
export const ZCloseMeasureSchema = z.strictObject({ reason, requestId, actorId: actor });
export type TCloseMeasure = z.infer<typeof ZCloseMeasureSchema>;

const cancel = { reason, requestId };
export const ZCancelMeasureBodySchema = z.strictObject(cancel);
export const ZCancelMeasureSchema = z.strictObject({ ...cancel, actorId: actor });
export type TCancelMeasure = z.infer<typeof ZCancelMeasureSchema>;

const reworkDays = z.number().int().min(1).max(60);
const review = {
  decision: z.enum(['accept', 'return']).describe('通过 (accept) or 退回 (return for rework)'),
  reason: z.string().trim().min(1).max(2000).optional().describe('why the report is returned (required to return)'),
  reworkDays: reworkDays.optional().describe(`working days to rework a returned report; ${DEFAULT_REWORK_DAYS} unless given`),
  requestId,
};
type TReviewFields = { decision: 'accept' | 'return'; reason?: string; reworkDays?: number };
/** 退回 names its reason; a rework time belongs to a return only. */
function reviewRules(r: TReviewFields, ctx: z.RefinementCtx): void {
  if (r.decision === 'return' && !r.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回须说明理由 / a return needs a reason' });
  if (r.decision === 'accept' && r.reworkDays !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['reworkDays'], message: '通过时无需整改时限 / rework days belong to a return' });
  }
}
/** 审核: the coordinating office accepts (通过) a report waiting for review, or returns it (退回) for rework. */
export const ZReviewReportBodySchema = z.strictObject(review).superRefine(reviewRules);
export type TReviewReportBody = z.infer<typeof ZReviewReportBodySchema>;
export const ZReviewReportSchema = z.strictObject({ reportId: z.string().min(1), ...review, actorId: actor }).superRefine(reviewRules);
export type TReviewReport = z.infer<typeof ZReviewReportSchema>;

const returnPart = {
  reason: reason.describe('why the part is returned'),
  reworkDays: reworkDays.describe('working days the cooperating unit has to send its part again'),
};
/**
 * 退回 by the lead unit (cycle.reportTo = lead): a cooperating unit's part goes back with a reason and a rework time,
 * as the office returns a report. A request id is optional: without one, each is a new request.
 */
export const ZReturnPartBodySchema = z.strictObject({ ...returnPart, requestId: requestId.optional() });
export type TReturnPartBody = z.infer<typeof ZReturnPartBodySchema>;
export const ZReturnPartSchema = z.strictObject({ reportId: z.string().min(1), ...returnPart, requestId, actorId: actor });
export type TReturnPart = z.infer<typeof ZReturnPartSchema>;
