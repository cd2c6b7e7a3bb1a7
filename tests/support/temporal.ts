import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ensureTemporalCli, TOOLS_DIR } from '../../stack/temporal-binary';
import { bundleWorkflows } from '../../worker/bundle';
import { waitFor } from './wait-for';

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
  const archive = await archiveTestServerClasses(dir, classpath);
  const script = path.join(dir, 'temporal-test-server');
  // The SDK runs `<executable> <port>` and gives it 5 s to listen: start the JVM lean (client compiler, serial GC),
  // its classes mapped from the archive rather than loaded and verified one by one.
  const share = archive ? `-XX:SharedArchiveFile='${archive}' -Xlog:cds=off -Xlog:cds+dynamic=off ` : '';
  writeFileSync(script, `#!/bin/sh\nexec java ${share}${JVM_FLAGS.join(' ')} -cp '${classpath}' io.temporal.testserver.TestServer "$@"\n`);
  chmodSync(script, 0o755);
  return script;
}

const JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/**
 * A class-data-sharing archive of the classes the test server loads, made once beside its classpath (Java's
 * `-XX:ArchiveClassesAtExit`, written when a server started for the purpose exits). With it the JVM listens in about
 * 2 s instead of 13 s on the loaded shared machine, where the SDK's 5 s start-up wait failed every workflow file.
 * Null when the archive could not be made: the server then starts without it.
 */
async function archiveTestServerClasses(dir: string, classpath: string): Promise<string | null> {
  const archive = path.join(dir, 'test-server-classes.jsa');
  if (existsSync(archive)) return archive;
  const writing = `${archive}.${process.pid}`;
  const port = await freePort();
  const child = spawn('java', [`-XX:ArchiveClassesAtExit=${writing}`, '-Xlog:cds=off', '-Xlog:cds+dynamic=off', ...JVM_FLAGS, '-cp', classpath, 'io.temporal.testserver.TestServer', String(port)], { stdio: 'ignore' });
  const exited = once(child, 'exit');
  try {
    await waitFor('the test server to listen while its classes are archived', () => canConnect(port), { timeoutMs: 120_000, everyMs: 100 });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  if (!existsSync(writing)) return null;
  renameSync(writing, archive);
  return archive;
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
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
