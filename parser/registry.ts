import { z } from 'zod';

/** The part of the unit registry the parser needs: names and their aliases. Richer registries parse through it. */
export const ZUnitRegistrySchema = z.object({
  units: z.array(
    z.object({
      name: z.string().min(1).describe('the canonical unit name'),
      aliases: z.array(z.string().min(1)).default([]).describe('other names documents use for it'),
    }),
  ),
  groups: z
    .array(
      z.object({
        name: z.string().min(1).describe('a group reference such as 各成员单位'),
        aliases: z.array(z.string().min(1)).optional(),
      }),
    )
    .default([]),
});
export type TUnitRegistry = z.infer<typeof ZUnitRegistrySchema>;
