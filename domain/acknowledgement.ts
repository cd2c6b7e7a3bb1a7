import { z } from 'zod';

/*
 * Not z.email(): its pattern is zod's own, which the workflows' shared, frozen zod cannot run ("Cannot assign to read
 * only property 'lastIndex'"); a pattern of this module is evaluated per workflow.
 */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const person = z.strictObject({
  name: z.string().trim().min(1).max(100),
  phone: z.string().trim().min(3).max(40).optional(),
  email: z.string().trim().max(200).regex(EMAIL, { message: '邮箱格式不正确 / not an email address' }).optional(),
});
export type TAckPerson = z.infer<typeof person>;

const acknowledge = {
  responsible: person.describe('责任领导: the unit’s leader answerable for the assignment'),
  handler: person.optional().describe('经办人: the person who handles it day to day'),
  note: z.string().trim().min(1).max(2000).optional(),
};
/** 签收: what the unit gives, checked once at the edge (the API's body). */
export const ZAcknowledgeBodySchema = z.strictObject(acknowledge);
export type TAcknowledgeBody = z.infer<typeof ZAcknowledgeBodySchema>;
/** The measure workflow's Update argument: the same, with the assignment and who acknowledges. */
export const ZAcknowledgeSchema = z.strictObject({
  assignmentId: z.string().min(1),
  ...acknowledge,
  requestedBy: z.string().min(1).describe('id of the person acknowledging'),
  idempotencyKey: z.string().min(8).max(200),
});
export type TAcknowledge = z.infer<typeof ZAcknowledgeSchema>;

/** 拒签: the unit believes it was assigned wrongly, and says why. */
const refuse = { reason: z.string().trim().min(1).max(2000).describe('why the unit believes the assignment is wrong') };
export const ZRefuseBodySchema = z.strictObject(refuse);
export type TRefuseBody = z.infer<typeof ZRefuseBodySchema>;
export const ZRefuseAssignmentSchema = z.strictObject({
  assignmentId: z.string().min(1),
  ...refuse,
  requestedBy: z.string().min(1).describe('id of the person refusing'),
  idempotencyKey: z.string().min(8).max(200),
});
export type TRefuseAssignment = z.infer<typeof ZRefuseAssignmentSchema>;
