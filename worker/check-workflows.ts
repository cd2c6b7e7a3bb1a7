import { bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundleOptions } from './bundle';

/**
 * `npm run check:workflows`: bundles workflows/index.ts as the worker does, so an import the workflow sandbox refuses
 * (Node built-ins, Prisma, nodemailer, …) fails CI instead of a worker at start-up.
 */
const { code } = await bundleWorkflowCode(workflowBundleOptions());
process.stderr.write(`workflows bundle OK (${Math.round(code.length / 1024)} KiB)\n`);
