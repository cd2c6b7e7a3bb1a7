import { z } from 'zod';

export const REPORT_STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const;

const report = {
  status: z.enum(REPORT_STATUSES).describe('未开始 / 推进中 / 已完成 / 受阻'),
  blockedReason: z.string().trim().min(1).max(2000).optional().describe('required when status is blocked'),
  percent: z.number().int().min(0).max(100).describe('share of the measure done, 0–100'),
  narrative: z.string().trim().min(1).max(20_000).describe('工作进展 in the unit’s words'),
  targetValues: z
    .array(z.object({ targetId: z.string().min(1), value: z.number().finite() }))
    .max(100)
    .default([])
    .describe('reported values of the measure’s targets'),
  attachments: z
    .array(
      z.union([
        z.strictObject({ title: z.string().trim().min(1).max(200), url: z.url({ protocol: /^https?$/ }) }).describe('a link to a document'),
        z.strictObject({ fileId: z.string().min(1).max(64) }).describe('a file uploaded for this assignment (POST /api/assignments/:id/files)'),
      ]),
    )
    .max(50)
    .default([])
    .describe('supporting documents (佐证材料): links, and files uploaded for the assignment'),
  parts: z
    .array(z.string().min(1).max(64))
    .max(100)
    .optional()
    .describe('the lead unit’s report when cooperating units report to it (cycle.reportTo = lead): the ids of their parts it includes; each unit’s latest unless given'),
  idempotencyKey: z.string().min(8).max(200).describe('the same key returns the first answer and records nothing new'),
};

type TReportFields = { status: (typeof REPORT_STATUSES)[number]; blockedReason?: string; percent: number; targetValues: { targetId: string }[]; parts?: string[] };

/** What a report must say together: a reason exactly when blocked, 100 percent when done, each target once. */
function reportRules(s: TReportFields, ctx: z.RefinementCtx): void {
  if (s.status === 'blocked' && !s.blockedReason) {
    ctx.addIssue({ code: 'custom', path: ['blockedReason'], message: '受阻时须说明原因 / a blocked report needs a reason' });
  }
  if (s.status !== 'blocked' && s.blockedReason) {
    ctx.addIssue({ code: 'custom', path: ['blockedReason'], message: '仅受阻时填写原因 / a reason belongs to a blocked report' });
  }
  if (s.status === 'done' && s.percent !== 100) {
    ctx.addIssue({ code: 'custom', path: ['percent'], message: '已完成时进度应为 100 / done means 100 percent' });
  }
  if (new Set(s.targetValues.map((t) => t.targetId)).size !== s.targetValues.length) {
    ctx.addIssue({ code: 'custom', path: ['targetValues'], message: '指标重复 / a target appears twice' });
  }
  if (s.parts && new Set(s.parts).size !== s.parts.length) {
    ctx.addIssue({ code: 'custom', path: ['parts'], message: '配合单位报送重复 / a part appears twice' });
  }
}

/** A progress report as the unit writes it: the API's body and the item page's form, checked once at the edge. */
export const ZProgressReportSchema = z.strictObject(report).superRefine(reportRules);
export type TProgressReport = z.infer<typeof ZProgressReportSchema>;

/**
 * One progress report with the assignment and the person: the measure workflow's Update argument, which its validator
 * checks; the command line reads a report file with it.
 */
export const ZProgressSubmissionSchema = z
  .strictObject({
    assignmentId: z.string().min(1).describe('the assignment (unit × measure) reporting'),
    ...report,
    submittedBy: z.string().min(1).describe('id of the person submitting'),
  })
  .superRefine(reportRules);
export type TProgressSubmission = z.infer<typeof ZProgressSubmissionSchema>;
export type TProgressSubmissionInput = z.input<typeof ZProgressSubmissionSchema>;

/** A short Chinese message from the first problem, for one-line CLI errors and update rejections. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : '(root)';
  return `${where}: ${issue.message}`;
}
