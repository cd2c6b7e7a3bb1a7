import { z } from 'zod';

export const ZPlanAuditQuerySchema = z.object({
  measureId: z.string().min(1).max(64).optional().describe('only this measure’s records'),
  before: z.coerce.number().int().positive().optional().describe('only records older than this one: the next page'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  format: z.enum(['json', 'csv']).default('json').describe('csv: the whole trail (or the measure’s) as one file, for Excel or WPS'),
});
export type TPlanAuditQuery = z.infer<typeof ZPlanAuditQuerySchema>;

export const ZAuditEntrySchema = z.object({
  id: z.string(),
  at: z.string().describe('ISO instant'),
  actor: z.string().describe('the person, or what acted for them (系统, 命令行, 演示) when no person did'),
  action: z.string().describe('e.g. measure.change-due-date'),
  label: z.string().describe('the action in the reader’s language (Chinese unless ?lang=en), e.g. 调整期限'),
  measure: z.object({ id: z.string(), ref: z.string(), title: z.string() }).nullable(),
  reason: z.string().nullable(),
  details: z.array(z.string()).describe('what changed, in Chinese, e.g. 2026-H1：2026-07-15 → 2026-07-31'),
});
export type TAuditEntry = z.infer<typeof ZAuditEntrySchema>;

export const ZPlanAuditSchema = z.object({
  plan: z.object({ id: z.string(), title: z.string() }),
  entries: z.array(ZAuditEntrySchema).describe('newest first'),
  next: z.string().nullable().describe('`before` for the next page; null on the last'),
});
export type TPlanAudit = z.infer<typeof ZPlanAuditSchema>;
