import { UserError } from '../lib/errors';
import { MeasureActionError } from '../services/measures/measure-update';
import { MEASURE_FAILURE } from '../domain/measure-failures';
import { PlanAlreadyImportedError } from '../services/plans/import-plan';
import { FileTooLargeError, FileTypeRefusedError } from '../services/files/file-errors';

/** Every error code the API answers with, and its HTTP status. The one table: add a code here, nowhere else. */
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
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNPROCESSABLE: 422,
  INTERNAL: 500,
  DATABASE_UNAVAILABLE: 503,
  WORKFLOWS_UNAVAILABLE: 503,
} as const;

export type TErrorCode = keyof typeof ERROR_STATUS;

/** Default user-facing messages, Chinese first. A throw site may give a more precise one. */
const DEFAULT_MESSAGE: Record<TErrorCode, string> = {
  VALIDATION_FAILED: '请求内容不符合要求 / the request is invalid',
  MALFORMED_REQUEST: '请求无法解析 / the request could not be read',
  UNAUTHENTICATED: '请先登录 / sign in first',
  INVALID_CREDENTIALS: '邮箱或密码不正确 / wrong email or password',
  CSRF_TOKEN_INVALID: '页面已过期，请刷新后重试 / the form has expired: reload the page and try again',
  FORBIDDEN: '无权执行此操作 / you may not do this',
  NOT_FOUND: '未找到 / not found',
  CONFLICT: '与当前状态冲突 / this conflicts with the current state',
  PLAN_NOT_READY: '方案尚未准备好 / the plan is not ready',
  PLAN_ALREADY_IMPORTED: '该文件已导入 / this document is already a plan',
  PAYLOAD_TOO_LARGE: '内容过大 / the request is too large',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型 / unsupported content type',
  UNPROCESSABLE: '无法处理 / the request cannot be processed',
  INTERNAL: '服务器内部错误 / internal server error',
  DATABASE_UNAVAILABLE: '数据库暂时不可用，请稍后重试 / the database is unavailable: try again shortly',
  WORKFLOWS_UNAVAILABLE: '工作流服务暂时不可用，请稍后重试 / the workflow service is unavailable: try again shortly',
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    message?: string,
    readonly details: unknown = null,
  ) {
    super(message ?? DEFAULT_MESSAGE[code]);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

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

/** A measure workflow's refusal (its ApplicationFailure type) as an API error. */
const MEASURE_ACTION_CODE: Record<string, TErrorCode> = {
  [MEASURE_FAILURE.invalidInput]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownUnit]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownPerson]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownPeriod]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.dueDateBeforeToday]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unitAlreadyAssigned]: 'VALIDATION_FAILED',
  [MEASURE_FAILURE.unknownAssignment]: 'NOT_FOUND',
  [MEASURE_FAILURE.unitNotAssigned]: 'NOT_FOUND',
  [MEASURE_FAILURE.unitNotCooperating]: 'NOT_FOUND',
  [MEASURE_FAILURE.unknownExtension]: 'NOT_FOUND',
  [MEASURE_FAILURE.measureNotFound]: 'NOT_FOUND',
  [MEASURE_FAILURE.measureClosed]: 'CONFLICT',
  [MEASURE_FAILURE.extensionTooLate]: 'CONFLICT',
  [MEASURE_FAILURE.extensionNotLater]: 'CONFLICT',
  [MEASURE_FAILURE.extensionPending]: 'CONFLICT',
  [MEASURE_FAILURE.extensionDecided]: 'CONFLICT',
  [MEASURE_FAILURE.noCoordinatorUnit]: 'CONFLICT',
  MeasureNotLaunched: 'CONFLICT',
};

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
  if (err instanceof MeasureActionError) return { error: new AppError(MEASURE_ACTION_CODE[err.type] ?? 'UNPROCESSABLE', err.message), unexpected: false };
  if (err instanceof PlanAlreadyImportedError) return { error: new AppError('PLAN_ALREADY_IMPORTED', err.message, err.existing), unexpected: false };
  if (err instanceof FileTooLargeError) return { error: new AppError('PAYLOAD_TOO_LARGE', err.message, { maxBytes: err.maxBytes }), unexpected: false };
  if (err instanceof FileTypeRefusedError) return { error: new AppError('UNSUPPORTED_MEDIA_TYPE', err.message, { reason: err.reason }), unexpected: false };
  if (err instanceof UserError) return { error: new AppError('UNPROCESSABLE', err.message, err.details), unexpected: false };
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

export function errorBody(error: AppError): TErrorBody {
  return { error: { code: error.code, message: error.message, details: error.details ?? null } };
}
