import { z } from 'zod';

/** The workflow function's name, part of stored history: renaming it is a breaking change. */
export const CALENDAR_CHANGE_WORKFLOW_TYPE = 'calendarChangeWorkflow';

/** One run per change (the change's audit record id), so telling the measures twice about one change starts nothing. */
export const calendarChangeWorkflowId = (changeId: string) => `calendar-change:${changeId}`;

export const ZCalendarChangeInputSchema = z.object({
  changeId: z.string().min(1).describe('the audit record of the change'),
  year: z.number().int(),
  concurrency: z.number().int().min(1).max(500).default(50).describe('signals in flight at once'),
});
export type TCalendarChangeInput = z.input<typeof ZCalendarChangeInputSchema>;
export type TCalendarChangeOutcome = { told: number; closed: number };
