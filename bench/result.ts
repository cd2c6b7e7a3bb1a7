import { z } from 'zod';

/** One benchmark figure, as `duban bench --json` prints it (shared/contracts/cli.md). */
export const ZBenchResultSchema = z.object({
  name: z.string(),
  value: z.number(),
  unit: z.string(),
  baseline: z.number().optional(),
  ratio: z.number().optional(),
  target: z.string().optional(),
  met: z.boolean().optional().describe('whether the figure meets its target, where the target is a number'),
  details: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
});
export type TBenchResult = z.infer<typeof ZBenchResultSchema>;

/** value / baseline, to two decimals. */
export function ratioOf(value: number, baseline: number): number {
  return Math.round((value / baseline) * 100) / 100;
}
