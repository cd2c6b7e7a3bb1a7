import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type z } from 'zod';
import type { TConfig } from '../lib/config';
import { AppError } from '../lib/errors';
import { issueText } from '../lib/messages';
import { sayIn, type TLocale } from '../lib/text';
import type { Mailer } from '../mail/mailer';
import type { TServiceDeps } from '../services/deps';
import type { TFileStore } from '../services/files/file-store';
import type { TActor } from './auth/actor';
import type { TScopeNeeded } from '../services/auth/session-policy';

/**
 * What every handler may use: what the services run on (`temporal` is null when the app runs without a workflow
 * service, e.g. read-only), and the app's own configuration and mailer.
 */
export type TDeps = TServiceDeps & {
  config: TConfig;
  mailer: Mailer;
  /** The mail capture's page, on the embedded default only; null when mail goes to a real server. */
  mailCaptureUrl: string | null;
  /** Uploaded files (佐证材料): DUBAN_DATA_DIR/files or FILES_URL's bucket. */
  files: TFileStore;
};

type TMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type TAnyZod = z.ZodType;
type TOut<S> = S extends z.ZodType ? z.output<S> : undefined;

export type TContext<P, Q, B> = {
  req: FastifyRequest;
  reply: FastifyReply;
  params: P;
  query: Q;
  body: B;
  actor: TActor | null;
  deps: TDeps;
  /** The reader's language (pages/i18n localeOf), for a handler that parses or says more itself. */
  locale: TLocale;
};

/** What a route's file intake knows when it decides and receives: the path's parameters and the person. */
export type TIntakeContext<P> = { params: P; actor: TActor; deps: TDeps };

/**
 * A route that takes one file, in the multipart field `file`, streamed to `receive` as it arrives and never buffered
 * whole; the body may be as large as the file store's limit. `check` runs as soon as the person is identified
 * (onRequest), before any of the body is read, and refuses whoever may not upload there. The handler finds what
 * `receive` returned in `req.receivedFile` (null when no file came).
 */
export type TFileIntake<P> = {
  check: (ctx: TIntakeContext<P>) => Promise<void>;
  receive: (ctx: TIntakeContext<P>, file: { name: string; stream: AsyncIterable<Uint8Array> }) => Promise<unknown>;
};

type TBase<P, Q, B> = {
  method: TMethod;
  url: string;
  /** 'public' routes run without a signed-in person; all others answer 401 (API) or go to the sign-in page. */
  auth: 'public' | 'signed-in';
  /**
   * Takes a document (a plan, a registry): the only routes whose body may be large (api/plugins/bodies.ts). Only a
   * coordinator may send one, which is checked before any of the body is read.
   */
  upload?: boolean;
  /** Takes one file as a stream (see TFileIntake). */
  file?: TFileIntake<TOut<P>>;
  /**
   * What an API token needs to make this request (services/auth/session-policy): by default read for a GET and
   * coordinate for any change; report for a unit's own reports; session for what no token may do.
   */
  scope?: TScopeNeeded;
  params?: P;
  query?: Q;
  body?: B;
};

/** A JSON endpoint: documented in /openapi.json from the same schemas that validate it. */
export type TApiRoute = TBase<TAnyZod, TAnyZod, TAnyZod> & {
  kind: 'api';
  operationId: string;
  summary: string;
  tags: string[];
  response: TAnyZod;
  status: number;
  /** Also accepts multipart/form-data (files as { fileName, contentBase64 }). */
  multipart: boolean;
  /**
   * Content types other than JSON the route can answer with (e.g. a CSV report). The handler then sets the content
   * type itself and returns the body as a string, Buffer or stream; `response` still documents the JSON form.
   */
  produces: string[];
  handler: (ctx: TContext<unknown, unknown, unknown>) => Promise<unknown>;
};

/** A server-rendered page or form post: returns HTML, or the reply after a redirect; errors render as an HTML page. */
export type TPageRoute = TBase<TAnyZod, TAnyZod, TAnyZod> & {
  kind: 'page';
  multipart: boolean;
  handler: (ctx: TContext<unknown, unknown, unknown>) => Promise<string | FastifyReply>;
};

export type TRoute = TApiRoute | TPageRoute;

export function defineApiRoute<P extends TAnyZod | undefined = undefined, Q extends TAnyZod | undefined = undefined, B extends TAnyZod | undefined = undefined, R extends TAnyZod = TAnyZod>(
  spec: TBase<P, Q, B> & {
    operationId: string;
    summary: string;
    tags: string[];
    response: R;
    status?: number;
    multipart?: boolean;
    produces?: string[];
    handler: (ctx: TContext<TOut<P>, TOut<Q>, TOut<B>>) => Promise<z.input<R> | Buffer | string | Readable>;
  },
): TApiRoute {
  return { ...spec, kind: 'api', status: spec.status ?? 200, multipart: spec.multipart ?? false, produces: spec.produces ?? [] } as unknown as TApiRoute;
}

export function definePageRoute<P extends TAnyZod | undefined = undefined, Q extends TAnyZod | undefined = undefined, B extends TAnyZod | undefined = undefined>(
  spec: TBase<P, Q, B> & { multipart?: boolean; handler: (ctx: TContext<TOut<P>, TOut<Q>, TOut<B>>) => Promise<string | FastifyReply> },
): TPageRoute {
  return { ...spec, kind: 'page', multipart: spec.multipart ?? false } as unknown as TPageRoute;
}

export type TIssue = { path: string; message: string };

/** A schema's issue message in the reader's language where it names one of lib/messages.ts, else as zod gave it. */
export function sayIssue(message: string, locale: TLocale): string {
  const text = issueText(message);
  return text ? sayIn({ text }, locale) : message;
}

/**
 * Validates one part of a request; a failure is a 400 that lists every problem with its path, each said in the
 * reader's language where the schema names its message (lib/messages.ts issue()).
 */
export function parsePart<S extends TAnyZod | undefined>(schema: S, value: unknown, where: 'params' | 'query' | 'body', locale: TLocale): TOut<S> {
  if (!schema) return undefined as TOut<S>;
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}));
  if (result.success) return result.data as TOut<S>;
  const details: TIssue[] = result.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: sayIssue(i.message, locale) }));
  // A bad id in the path is a missing thing, not a malformed request: the same answer as an id that does not exist.
  if (where === 'params') throw new AppError('NOT_FOUND');
  // The schema's own issues ride along as the cause, for a page to name the field in its words; the API answers details.
  throw Object.assign(new AppError('VALIDATION_FAILED', undefined, details), { cause: result.error });
}

export function scopeNeeded(route: Pick<TRoute, 'method' | 'scope'>): TScopeNeeded {
  return route.scope ?? (route.method === 'GET' ? 'read' : 'coordinate');
}
