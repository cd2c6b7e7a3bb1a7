import { z } from 'zod';

/*
 * The bundle's second entry, loaded once per workflow thread before any workflow runs (`preloadModules`, see
 * worker/bundle.ts). What it imports lands in the thread's shared module cache: zod is then evaluated once instead of
 * once for every workflow the worker holds, some 0.7 MB of each cached measure's 1.2 MB of evaluated modules.
 *
 * The SDK deep-freezes shared modules, and zod installs its default memoizer into its global config when it builds
 * its first object schema. Building one here does that before the freeze. Only libraries without per-workflow state
 * belong here; this project's own modules export zod schemas, whose methods bind on first use, so they stay
 * per workflow.
 */
z.object({ ready: z.boolean() }).safeParse({ ready: true });
