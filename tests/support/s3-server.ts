import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { createS3Client } from '../../files/s3-backend';
import type { TS3Location } from '../../lib/config';
import { TOOLS_DIR } from '../../stack/temporal-binary';
import { waitFor } from './wait-for';

/**
 * s3proxy, an S3 server in Java from Maven Central, on its filesystem backend: the real S3 wire protocol (SigV4,
 * Content-MD5 checks, ListObjectsV2 paging) in seconds, where SeaweedFS took 24 minutes and 4 GB to build here
 * (DEVELOPERS.md, Files).
 */
export const S3PROXY_VERSION = '4.1.0';

/**
 * Resolves s3proxy's classpath from Maven Central once into .tools/ (needs java and mvn). s3proxy 3.x and 4.x use
 * Jackson 3, whose annotations come from Jackson 2.2x; Maven's nearest-wins picks the older 2.18 that another
 * dependency asks for, and s3proxy dies at start (NoClassDefFoundError JsonSerializeAs). Importing Jackson's BOM,
 * as s3proxy's own build does, settles it.
 */
export function ensureS3Proxy(): string {
  const dir = path.join(TOOLS_DIR, `s3proxy-${S3PROXY_VERSION}`);
  const classpathFile = path.join(dir, 'classpath.txt');
  if (!existsSync(classpathFile)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>duban</groupId><artifactId>s3proxy-classpath</artifactId><version>1</version>
<dependencyManagement><dependencies><dependency><groupId>tools.jackson</groupId><artifactId>jackson-bom</artifactId>
<version>3.2.2</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement>
<dependencies><dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>${S3PROXY_VERSION}</version>
</dependency></dependencies></project>\n`,
    );
    // The classpath of this one-dependency project: s3proxy's jar and everything it needs at run time.
    execFileSync('mvn', ['-q', '-B', 'dependency:build-classpath', '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${classpathFile}`], { cwd: dir, stdio: 'inherit' });
  }
  return readFileSync(classpathFile, 'utf8').trim();
}

export type TS3Server = {
  /** FILES_URL for the server's bucket (plain HTTP on loopback, path-style). */
  url: string;
  location: TS3Location;
  /** The folder where s3proxy keeps the bucket's objects, one file each. */
  dataDir: string;
  stop: () => Promise<void>;
};

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

/** Resolves once something accepts TCP connections on the port, or rejects when the process exits or time runs out. */
async function listening(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  await waitFor(`s3proxy to listen on ${port}`, async () => {
    if (child.exitCode !== null) throw new Error(`s3proxy exited with code ${child.exitCode}`);
    return new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  }, { timeoutMs });
}

/**
 * Starts s3proxy on a free loopback port with fresh credentials and one empty bucket, its objects in a temporary
 * folder. `stop()` ends the process and removes the folder.
 */
export async function startS3Server(options: { bucket?: string; prefix?: string } = {}): Promise<TS3Server> {
  const classpath = ensureS3Proxy();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'duban-s3-'));
  const dataDir = path.join(dir, 'data');
  mkdirSync(dataDir);
  const accessKeyId = `AK${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(24).toString('base64');
  const port = await freePort();
  const properties = path.join(dir, 's3proxy.conf');
  writeFileSync(
    properties,
    [
      `s3proxy.endpoint=http://127.0.0.1:${port}`,
      's3proxy.authorization=aws-v2-or-v4',
      `s3proxy.identity=${accessKeyId}`,
      `s3proxy.credential=${secretAccessKey}`,
      'jclouds.provider=filesystem-nio2',
      `jclouds.filesystem.basedir=${dataDir}`,
    ].join('\n'),
  );
  const logFile = path.join(dir, 's3proxy.log');
  const log = openSync(logFile, 'w');
  // A lean JVM start (client compiler, serial GC), as for the Temporal test server; s3proxy's logback reads LOG_LEVEL.
  const child = spawn('java', ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-cp', classpath, 'org.gaul.s3proxy.Main', '--properties', properties], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await listening(port, child, 60_000);
    const location: TS3Location = {
      endpoint: `http://127.0.0.1:${port}`,
      bucket: options.bucket ?? 'duban-files',
      prefix: options.prefix ?? '',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId,
      secretAccessKey,
    };
    const client = createS3Client(location);
    try {
      await client.send(new CreateBucketCommand({ Bucket: location.bucket }));
    } finally {
      client.destroy();
    }
    const url = `s3+http://${encodeURIComponent(accessKeyId)}:${encodeURIComponent(secretAccessKey)}@127.0.0.1:${port}/${location.bucket}/${location.prefix}?forcePathStyle=true`;
    return { url, location, dataDir, stop };
  } catch (err) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-5).join(' | ') : '';
    await stop();
    throw new Error(`${(err as Error).message}${tail ? `: ${tail}` : ''}`);
  }
}
