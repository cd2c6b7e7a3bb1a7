import { z } from 'zod';
import { ZIsoDateSchema } from './dates';

const actor = z.string().min(1).describe('id of the person acting');
const requestId = z.string().min(8).max(200).describe('repeat a request with the same id to get the first answer');
const reason = z.string().trim().min(1).max(2000);

/** 延期: asked by the unit before its report is due. */
export const ZExtensionRequestSchema = z
  .object({
    assignmentId: z.string().min(1),
    requestedDue: ZIsoDateSchema.describe('the new due date asked for'),
    reason,
    requestedBy: actor,
    idempotencyKey: requestId,
  })
  .strict();
export type TExtensionRequest = z.infer<typeof ZExtensionRequestSchema>;

export const ZExtensionDecisionSchema = z
  .object({ extensionId: z.string().min(1), approve: z.boolean(), note: z.string().trim().max(2000).optional(), decidedBy: actor, requestId })
  .strict();
export type TExtensionDecision = z.infer<typeof ZExtensionDecisionSchema>;

export const ZReassignUnitSchema = z
  .object({ fromUnitId: z.string().min(1), toUnitId: z.string().min(1), reason, actorId: actor, requestId })
  .strict()
  .refine((r) => r.fromUnitId !== r.toUnitId, { message: '改派须换一个单位 / reassign to another unit', path: ['toUnitId'] });
export type TReassignUnit = z.infer<typeof ZReassignUnitSchema>;

export const ZAddCooperatingUnitSchema = z.object({ unitId: z.string().min(1), reason, actorId: actor, requestId }).strict();
export type TAddCooperatingUnit = z.infer<typeof ZAddCooperatingUnitSchema>;

export const ZRemoveCooperatingUnitSchema = z.object({ unitId: z.string().min(1), reason, actorId: actor, requestId }).strict();
export type TRemoveCooperatingUnit = z.infer<typeof ZRemoveCooperatingUnitSchema>;

export const ZChangeDueDateSchema = z
  .object({ period: z.string().min(1).describe('period key, e.g. 2026-H1'), due: ZIsoDateSchema, reason, actorId: actor, requestId })
  .strict();
export type TChangeDueDate = z.infer<typeof ZChangeDueDateSchema>;

export const ZCancelMeasureSchema = z.object({ reason, actorId: actor, requestId }).strict();
export type TCancelMeasure = z.infer<typeof ZCancelMeasureSchema>;
