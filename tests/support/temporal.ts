import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureTemporalCli, TOOLS_DIR } from '../../stack/temporal-binary';
import { bundleWorkflows } from '../../worker/bundle';

/** The Java time-skipping test server, fetched from Maven Central once into .tools/ (needs java and mvn). */
export const JAVA_TEST_SERVER_VERSION = '1.28.1';

export async function ensureJavaTestServer(): Promise<string> {
  const dir = path.join(TOOLS_DIR, `temporal-test-server-${JAVA_TEST_SERVER_VERSION}`);
  const classpathFile = path.join(dir, 'classpath.txt');
  if (!existsSync(classpathFile)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>duban</groupId><artifactId>temporal-test-server-classpath</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>${JAVA_TEST_SERVER_VERSION}</version></dependency></dependencies></project>\n`,
    );
    execFileSync('mvn', ['-q', '-B', 'dependency:build-classpath', `-Dmdep.outputFile=${classpathFile}`], { cwd: dir, stdio: 'inherit' });
  }
  const classpath = readFileSync(classpathFile, 'utf8').trim();
  const script = path.join(dir, 'temporal-test-server');
  // The SDK runs `<executable> <port>` and gives it 5 s to listen: start the JVM lean (client compiler, serial GC).
  writeFileSync(script, `#!/bin/sh\nexec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

/** Time-skipping: timers fire as soon as nothing else is running, so a year passes in seconds. */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const executable = await ensureJavaTestServer();
  // A loaded machine can keep the JVM past the SDK's fixed 5 s start-up wait; try again before giving up.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: executable } } });
    } catch (err) {
      if (attempt === 3 || !/did not start within/.test((err as Error).message)) throw err;
    }
  }
}

/** A real `temporal server start-dev`, in memory, on free ports. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  const executable = await ensureTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    server: { executable: { type: 'existing-path', path: executable } },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | null = null;
/** Bundled once per test file (each file is its own fork). */
export function measureWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}
