import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type BundleOptions, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

const WORKFLOWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'workflows');
/** The one module the worker bundles: every workflow function. */
export const WORKFLOWS_PATH = path.join(WORKFLOWS_DIR, 'index.ts');

/**
 * How workflows are bundled, by the worker and by every test and benchmark that bundles them itself, so that all run
 * the same bundle: the workflows (all of them, or one for a focused test) and the modules each workflow thread
 * loads once and shares (workflows/preload.ts).
 */
export function workflowBundleOptions(workflowsPath = WORKFLOWS_PATH): Pick<BundleOptions, 'workflowsPath' | 'preloadModules'> {
  return { workflowsPath, preloadModules: [path.join(WORKFLOWS_DIR, 'preload.ts')] };
}

const quiet = { trace() {}, debug() {}, info() {}, warn() {}, log() {}, error: (message: string) => process.stderr.write(`${message}\n`) };

/** Bundles the workflows once, for code that starts workers on a bundle (tests, benchmarks, the bundle check). */
export function bundleWorkflows(workflowsPath = WORKFLOWS_PATH): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ ...workflowBundleOptions(workflowsPath), logger: quiet as never });
}
