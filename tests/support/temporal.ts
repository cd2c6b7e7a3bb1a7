import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureTemporalCli, TOOLS_DIR } from '../../stack/temporal-binary';
import { WORKFLOWS_PATH } from '../../worker/main';

/** The Java time-skipping test server, fetched from Maven Central once into .tools/ (needs java and mvn). */
export const JAVA_TEST_SERVER_VERSION = '1.28.1';

export async function ensureJavaTestServer(): Promise<string> {
  const dir = path.join(TOOLS_DIR, `temporal-test-server-${JAVA_TEST_SERVER_VERSION}`);
  const script = path.join(dir, 'temporal-test-server');
  if (existsSync(script)) return script;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>duban</groupId><artifactId>temporal-test-server-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>${JAVA_TEST_SERVER_VERSION}</version></dependency></dependencies></project>\n`,
  );
  execFileSync('mvn', ['-q', '-B', 'dependency:build-classpath', '-Dmdep.outputFile=classpath.txt'], { cwd: dir, stdio: 'inherit' });
  const classpath = readFileSync(path.join(dir, 'classpath.txt'), 'utf8').trim();
  // The SDK runs `<executable> <port>`; the server logs through a missing SLF4J binding, which is harmless.
  writeFileSync(script, `#!/bin/sh\nexec java -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

/** Time-skipping: timers fire as soon as nothing else is running, so a year passes in seconds. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const executable = await ensureJavaTestServer();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: executable } } });
}

/** A real `temporal server start-dev`, in memory, on free ports. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const executable = await ensureTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: executable }, extraArgs: ['--dynamic-config-value', 'frontend.enableUpdateWorkflowExecution=true'] },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** Bundled once per test file (each file is its own fork). */
export function measureWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never });
  return bundle;
}
