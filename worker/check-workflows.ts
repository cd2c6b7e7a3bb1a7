import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from './main';

/**
 * `npm run check:workflows`: bundles workflows/index.ts as the worker does, so an import the workflow sandbox refuses
 * (Node built-ins, Prisma, nodemailer, …) fails CI instead of a worker at start-up.
 */
const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH });
process.stderr.write(`workflows bundle OK (${Math.round(code.length / 1024)} KiB)\n`);
