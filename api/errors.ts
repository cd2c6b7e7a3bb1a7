import { AppError, UserError, type TErrorCode } from '../lib/errors';
import { sayIn, type TLocale, type TSay, type TText } from '../lib/text';

/** The HTTP status of every error code (lib/messages.ts ERROR_TEXT): the one table from code to status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_TOKEN_INVALID: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PLAN_NOT_READY: 409,
  PLAN_ALREADY_IMPORTED: 409,
  PLAN_DATES_PAST: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  WORKFLOWS_UNAVAILABLE: 503,
} as const satisfies Record<TErrorCode, number>;

export type TErrorBody = { error: { code: TErrorCode; message: string; details: unknown } };

const errorChain = (err: unknown): unknown[] => {
  const chain: unknown[] = [];
  let cur = err;
  while (cur && chain.length < 8 && !chain.includes(cur)) {
    chain.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return chain;
};

const DB_DOWN_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '53300']);
const DB_DOWN_TEXT = /ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database|DatabaseNotReachable|the database system is (starting up|shutting down)/i;

function isDatabaseDown(err: unknown): boolean {
  return errorChain(err).some((e) => {
    const x = e as { name?: string; code?: unknown; message?: unknown; kind?: unknown };
    if (x.name === 'PrismaClientInitializationError') return true;
    if (typeof x.code === 'string' && DB_DOWN_CODES.has(x.code)) return true;
    if (x.kind === 'DatabaseNotReachable') return true;
    return typeof x.message === 'string' && /prisma|pg|database|connect/i.test(`${x.name} ${x.message}`) && DB_DOWN_TEXT.test(x.message);
  });
}

function isTemporalDown(err: unknown): boolean {
  return errorChain(err).some((e) => {
    const x = e as { name?: string; code?: unknown; message?: unknown };
    return (x.name === 'ServiceError' || x.name === 'TransportError') || (x.code === 14 && /UNAVAILABLE|connect/i.test(String(x.message)));
  });
}

const FASTIFY_CODES: Record<string, TErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PROTO_VIOLATION: 'MALFORMED_REQUEST',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Turns anything thrown while handling a request into an AppError. `unexpected` is true when the error is a bug or an
 * outage nobody anticipated: the caller logs it, and the client sees only the generic message.
 */
export function toAppError(err: unknown): { error: AppError; unexpected: boolean } {
  if (err instanceof AppError) return { error: err, unexpected: false };
  // A problem told in one sentence for both languages (a pure module's, e.g. the parser's) is said as it is.
  if (err instanceof UserError) {
    return { error: new AppError('UNPROCESSABLE', err.say ?? { text: { zh: err.message, en: err.message } }, err.details ?? null), unexpected: false };
  }
  const x = err as { code?: unknown; statusCode?: unknown; message?: unknown; name?: string };
  if (typeof x.code === 'string' && x.code in FASTIFY_CODES) {
    return { error: new AppError(FASTIFY_CODES[x.code]!), unexpected: false };
  }
  if (typeof x.statusCode === 'number' && x.statusCode >= 400 && x.statusCode < 500) {
    // Fastify's own refusals (unparseable JSON, empty body with a JSON content type, …)
    const code: TErrorCode = x.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : x.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'MALFORMED_REQUEST';
    return { error: new AppError(code), unexpected: false };
  }
  if (isDatabaseDown(err)) return { error: new AppError('DATABASE_UNAVAILABLE'), unexpected: true };
  if (isTemporalDown(err)) return { error: new AppError('WORKFLOWS_UNAVAILABLE'), unexpected: true };
  if (x.name === 'PrismaClientKnownRequestError' && x.code === 'P2025') return { error: new AppError('NOT_FOUND'), unexpected: false };
  if (x.name === 'PrismaClientKnownRequestError' && x.code === 'P2002') return { error: new AppError('CONFLICT'), unexpected: false };
  return { error: new AppError('INTERNAL'), unexpected: true };
}

const isText = (v: object): v is TText => Object.keys(v).length === 2 && typeof (v as TText).zh === 'string' && typeof (v as TText).en === 'string';

/**
 * An error's details said in the reader's language: a sentence in both (TText) becomes the reader's, and an item that
 * carries its sentence (`say`) gets it as `message`; anything else is as it was.
 */
export function detailsIn(details: unknown, locale: TLocale): unknown {
  const said = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(said);
    if (!v || typeof v !== 'object') return v;
    if (isText(v)) return v[locale];
    const { say, ...rest } = v as { say?: TSay };
    const fields = Object.fromEntries(Object.entries(rest).map(([k, x]) => [k, said(x)]));
    return say ? { ...fields, message: sayIn(say, locale) } : fields;
  };
  return said(details) ?? null;
}

/** The answer's body, said in the reader's language. */
export function errorBody(error: AppError, locale: TLocale): TErrorBody {
  return { error: { code: error.code, message: sayIn(error.say, locale), details: detailsIn(error.details, locale) } };
}
