import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_CHANNEL_HOSTS } from '../domain/unit-channels';
import { UserError } from './errors';
import { parseSecretKey, SECRET_KEY_FORM } from './secret-box';

/** `z.coerce.boolean()` would read "false" as true; this reads what people write. */
const ZFlagSchema = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const ZPortSchema = z.coerce.number().int().min(1).max(65535);

/** An address (`10.0.0.5`, `::1`) or a range of them (`10.0.0.0/8`), as proxy-addr reads them. */
const isAddressOrRange = (entry: string): boolean => {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
  // /0 is everyone: the same as trusting any X-Forwarded-For, which TRUST_PROXY exists to avoid.
  return n >= 1 && n <= (family === 4 ? 32 : 128);
};

/** The proxies in front of the app, comma-separated; only their X-Forwarded-For (and -Proto, -Host) is believed. */
const ZTrustProxySchema = z
  .string()
  .transform((v) => v.split(',').map((e) => e.trim()).filter(Boolean))
  .refine((entries) => entries.length > 0 && entries.every(isAddressOrRange), 'the proxies’ addresses or ranges, comma-separated, e.g. 127.0.0.1,10.0.0.0/8');

/** True for a name or address that only this machine can reach: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return isIP(h) === 6 && /^(0{0,4}:){2,7}0{0,3}1$|^::1$/.test(h);
}

/** How FILES_URL is written; a `/`, `:` or `@` in a key is percent-encoded (%2F, %3A, %40), as in any URL. */
export const FILES_URL_FORM = 's3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[/prefix][?region=…&forcePathStyle=true]';

const inFilesUrl = (what: string) => `${what}; expected ${FILES_URL_FORM}`;

/** An S3-compatible bucket (MinIO, Ceph, SeaweedFS, 阿里云 OSS, 腾讯 COS, 华为 OBS, Amazon S3) that holds uploaded files. */
export const ZS3LocationSchema = z.object({
  /** `s3://` speaks HTTPS to the host, `s3+http://` plain HTTP (a store on the same host or a private network). */
  endpoint: z.url(),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, inFilesUrl('a bucket name of 3–63 lower-case letters, digits, dots and hyphens')),
  /** Keys start with it, so that one bucket can hold several installations' files; '' or ending in '/'. */
  prefix: z.string().regex(/^([\w.-]+\/)*$/, inFilesUrl('a key prefix of letters, digits, dots, hyphens and slashes')),
  region: z.string().regex(/^[a-z0-9-]+$/, inFilesUrl('a region such as cn-hangzhou or us-east-1')),
  /**
   * `host/bucket/key` rather than `bucket.host/key`: MinIO, SeaweedFS and Ceph behind a bare address need it;
   * 阿里云 OSS refuses it.
   */
  forcePathStyle: z.boolean(),
  accessKeyId: z.string().min(1, inFilesUrl('an access key')),
  secretAccessKey: z.string().min(1, inFilesUrl('a secret key')),
});
export type TS3Location = z.infer<typeof ZS3LocationSchema>;

const FILES_URL_PARAMS = new Set(['region', 'forcePathStyle']);

/** FILES_URL parsed into the bucket it names; a wrong URL is refused without repeating its secret key. */
export const ZFilesUrlSchema = z
  .string()
  .transform((raw, ctx): unknown => {
    const refuse = (message: string) => {
      ctx.addIssue({ code: 'custom', message: inFilesUrl(message) });
      return z.NEVER;
    };
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return refuse('not a URL');
    }
    const tls = { 's3:': true, 's3+http:': false }[url.protocol];
    if (tls === undefined) return refuse(`scheme ${url.protocol} is neither s3: nor s3+http:`);
    if (!url.hostname) return refuse('no host');
    const unknown = [...url.searchParams.keys()].find((k) => !FILES_URL_PARAMS.has(k));
    if (unknown) return refuse(`unknown parameter ${unknown}`);
    const [bucket = '', ...prefix] = url.pathname.split('/').filter(Boolean);
    const pathStyle = ZFlagSchema.safeParse(url.searchParams.get('forcePathStyle') ?? 'false');
    if (!pathStyle.success) return refuse('forcePathStyle is true or false');
    let credentials: [string, string];
    try {
      credentials = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
    } catch {
      return refuse('the access or secret key is not correctly percent-encoded');
    }
    return {
      endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
      bucket,
      prefix: prefix.map((p) => `${p}/`).join(''),
      region: url.searchParams.get('region') ?? 'us-east-1',
      forcePathStyle: pathStyle.data,
      accessKeyId: credentials[0],
      secretAccessKey: credentials[1],
    };
  })
  .pipe(ZS3LocationSchema);

const TEMPORAL_TLS_FILE_VARIABLES = ['TEMPORAL_TLS_CLIENT_CERT_PATH', 'TEMPORAL_TLS_CLIENT_KEY_PATH', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'] as const;
const TEMPORAL_SECURITY_VARIABLES = ['TEMPORAL_API_KEY', 'TEMPORAL_TLS', ...TEMPORAL_TLS_FILE_VARIABLES, 'TEMPORAL_TLS_SERVER_NAME'] as const;

/**
 * A worker's workflow cache: an idle worker is about 450 MB resident and each cached measure about 0.6–0.7 MB
 * (bench/memory.ts), so 500 aims at 1 GB however many measures are open (peak 1,000 MB launching 2,000 on
 * 2026-12-07); the rest are replayed from their histories when they wake (the cost `duban bench --only province` reports as cache-miss).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 500;

export const ZConfigSchema = z.object({
  DUBAN_DATA_DIR: z.string().min(1).default('.data').describe('where the embedded database, Temporal and mail keep their files'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgresql:// URL')
    .optional()
    .describe('a PostgreSQL server, as the role the app connects as; unset: the embedded PGlite under DUBAN_DATA_DIR'),
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgresql:// URL')
    .optional()
    .describe('the same database as the role that owns its tables: it runs the migrations and grants DATABASE_URL’s role its rights; unset: DATABASE_URL migrates'),
  DUBAN_PGLITE_PORT: ZPortSchema.default(55432).describe('loopback port on which the embedded PGlite is served'),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'host:port')
    .optional()
    .describe('an existing Temporal cluster; unset: start the dev server'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  // TLS and API key towards TEMPORAL_ADDRESS, under the names of Temporal's own environment configuration; the files
  // are read and checked once at start-up by lib/temporal-connection.ts.
  TEMPORAL_API_KEY: z.string().min(1).optional().describe('API key sent to TEMPORAL_ADDRESS; turns TLS on unless TEMPORAL_TLS=false'),
  TEMPORAL_TLS: ZFlagSchema.optional().describe('TLS towards TEMPORAL_ADDRESS; on by default when a TEMPORAL_TLS_* file or an API key is set'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().min(1).optional().describe('client certificate (PEM) for mutual TLS'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().min(1).optional().describe('private key (PEM) of the client certificate'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z
    .string()
    .min(1)
    .optional()
    .describe("CA certificate(s) (PEM) that signed the Temporal server's certificate; unset: the system's"),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional().describe("the name in the server's certificate, when not TEMPORAL_ADDRESS's host"),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('duban-measures'),
  TEMPORAL_CLI: z.string().min(1).optional().describe('path to a temporal CLI binary to run the dev server'),
  TEMPORAL_PORT: ZPortSchema.default(7233),
  TEMPORAL_UI_PORT: ZPortSchema.default(8233),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional()
    .describe('outgoing mail server; unset: the built-in mail capture'),
  SMTP_CAPTURE_PORT: ZPortSchema.default(2525),
  MAIL_UI_PORT: ZPortSchema.default(8025).describe('web page of the built-in mail capture'),
  MAIL_FROM: z.string().min(3).default('督办系统 <duban@localhost>'),
  PORT: ZPortSchema.default(3000).describe('HTTP port of the app'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional().describe('the address people use to reach the app, for links in emails'),
  DUBAN_DEMO_DAY_SECONDS: z.coerce.number().positive().optional().describe('demo clock: one day lasts this many seconds'),
  DUBAN_SECURE_COOKIES: ZFlagSchema.optional().describe(
    'cookies only over https: on whenever PUBLIC_URL is https; true also behind a proxy that ends TLS for an http PUBLIC_URL',
  ),
  TRUST_PROXY: ZTrustProxySchema.optional().describe('addresses of the reverse proxies in front of the app, whose X-Forwarded-For is believed; unset: none'),
  FILES_URL: ZFilesUrlSchema.optional().describe(`uploaded files in an S3-compatible bucket, ${FILES_URL_FORM}; unset: under DUBAN_DATA_DIR/files`),
  FILES_MAX_MB: z.coerce.number().int().min(1).max(1024).default(20).describe('the largest file one upload may be, in MB (2^20 bytes)'),
  FILES_PER_REPORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .default(20)
    .describe('the most files (佐证材料) one progress report may carry, counting those uploaded for it and not yet reported'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DUBAN_RATE_LIMIT_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .default(1200)
    .describe('requests a minute one address may make to the pages and API open without signing in; high, as a whole 区政府 may share one address'),
  DUBAN_SECRET_KEY: z
    .string()
    .refine((v) => parseSecretKey(v) !== null, SECRET_KEY_FORM)
    .optional()
    .describe('encrypts the robots’ webhooks and secrets in the database (AES-256-GCM); `duban up` keeps one in DUBAN_DATA_DIR/secret-key'),
  DUBAN_CHANNEL_HOSTS: z
    .string()
    .transform((v) => v.split(',').map((h) => h.trim()).filter(Boolean))
    .default(DEFAULT_CHANNEL_HOSTS)
    .describe('hosts robot webhooks may point at, comma-separated; `.example.gov.cn` allows a domain and its subdomains'),
  DUBAN_SMS_URL: z.url().optional().describe('the SMS gateway: an HTTP POST per number; unset: no SMS is sent (messages owed by SMS fall back to email)'),
  DUBAN_SMS_BODY: z
    .string()
    .refine((v) => v.includes('{link}') && v.includes('{phone}'), 'a body template with {phone} and {link} (and {text}, {template}) placeholders')
    .default('{"phone":"{phone}","text":"{text}","link":"{link}"}')
    .describe('the SMS gateway request body, JSON or form text, with {phone}, {text}, {link}, {template} and {id} (the message id, the same on a repeat)'),
  DUBAN_SMS_CONTENT_TYPE: z.string().min(1).default('application/json'),
  DUBAN_SMS_TEMPLATE_CODE: z.string().min(1).optional().describe('the pre-approved template code for gateways that need one ({template})'),
  WORKER_HEALTH_PORT: ZPortSchema.default(9233).describe("`duban worker`'s own HTTP port on HOST: /healthz, /readyz and /metrics"),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce
    .number()
    .int()
    .min(2)
    .default(DEFAULT_MAX_CACHED_WORKFLOWS)
    .describe('measure workflows one worker keeps in memory (about 0.6 MB each); a measure woken outside the cache is replayed from its history'),
}).superRefine((c, ctx) => {
  const secured = TEMPORAL_SECURITY_VARIABLES.find((name) => c[name] !== undefined);
  // The embedded dev server speaks plain gRPC: these settings can only be meant for a cluster.
  if (secured && !c.TEMPORAL_ADDRESS) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_ADDRESS'], message: `required when ${secured} is set` });
  }
  if (c.TEMPORAL_TLS_CLIENT_CERT_PATH && !c.TEMPORAL_TLS_CLIENT_KEY_PATH) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_CLIENT_KEY_PATH'], message: 'required with TEMPORAL_TLS_CLIENT_CERT_PATH' });
  }
  if (c.TEMPORAL_TLS_CLIENT_KEY_PATH && !c.TEMPORAL_TLS_CLIENT_CERT_PATH) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS_CLIENT_CERT_PATH'], message: 'required with TEMPORAL_TLS_CLIENT_KEY_PATH' });
  }
  if (c.DUBAN_SECURE_COOKIES === false && c.PUBLIC_URL?.startsWith('https:')) {
    ctx.addIssue({ code: 'custom', path: ['DUBAN_SECURE_COOKIES'], message: 'false contradicts an https PUBLIC_URL: cookies of an https site are always Secure' });
  }
  const file = TEMPORAL_TLS_FILE_VARIABLES.find((name) => c[name] !== undefined);
  if (c.TEMPORAL_TLS === false && file) {
    ctx.addIssue({ code: 'custom', path: ['TEMPORAL_TLS'], message: `false contradicts ${file}` });
  }
});

export type TConfig = z.infer<typeof ZConfigSchema> & {
  dataDir: string;
  publicUrl: string;
  filesMaxBytes: number;
  /** Cookies carry Secure: PUBLIC_URL is https, or DUBAN_SECURE_COOKIES says TLS ends in front of an http one. */
  secureCookies: boolean;
  /** DUBAN_SECRET_KEY's 32 bytes. */
  secretKey?: Buffer;
};

/** A URL's password hidden, so that an error about a variable never prints a secret it holds. */
const withoutPassword = (value: string): string => value.replace(/^([\w+.-]+:\/\/[^:/@]*:).*@/, '$1***@');

/** An address in the app as people reach it, for links in emails: PUBLIC_URL may be given with a final slash or not. */
export const appLink = (publicUrl: string, path: string): string => `${publicUrl.replace(/\/$/, '')}${path}`;

/**
 * Reads the environment once. A wrong value stops the program with one line naming the variable and what was expected.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): TConfig {
  const relevant = Object.fromEntries(
    Object.keys(ZConfigSchema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = ZConfigSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // A key is never echoed, not even a wrong one.
    const shown = name === 'DUBAN_SECRET_KEY' ? '***' : JSON.stringify(withoutPassword(relevant[name] ?? ''));
    throw new UserError(`环境变量 ${name} 无效 / invalid ${name}=${shown}: ${issue.message}`);
  }
  const c = parsed.data;
  if (c.DATABASE_MIGRATION_URL && !c.DATABASE_URL) {
    throw new UserError('环境变量 DATABASE_MIGRATION_URL 需与 DATABASE_URL 一同设置 / DATABASE_MIGRATION_URL names the owner of the database DATABASE_URL names: set both');
  }
  const publicUrl = c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST}:${c.PORT}`;
  return {
    ...c,
    dataDir: path.resolve(cwd, c.DUBAN_DATA_DIR),
    publicUrl,
    filesMaxBytes: c.FILES_MAX_MB * 2 ** 20,
    secureCookies: publicUrl.startsWith('https:') || c.DUBAN_SECURE_COOKIES === true,
    ...(c.DUBAN_SECRET_KEY ? { secretKey: parseSecretKey(c.DUBAN_SECRET_KEY)! } : {}),
  };
}

/**
 * What a process of a deployment (`duban web`, `duban worker`) needs set, where `duban up` would start an embedded
 * stand-in: such a process shares its database, Temporal and mail server with others, so none can be its own. One line
 * names every variable missing.
 */
export function requireSettings(config: TConfig, names: (keyof TConfig & string)[], command: string): void {
  const missing = names.filter((name) => config[name] === undefined);
  if (missing.length > 0) {
    throw new UserError(
      `需要环境变量 ${missing.join(', ')} / ${command} needs ${missing.join(', ')} set: it runs beside other processes on a shared ` +
        'PostgreSQL, Temporal and mail server (deploy/README.md); for everything on one machine use `duban up`',
    );
  }
}
