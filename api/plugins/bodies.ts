import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors';
import { isCoordinator } from '../../services/access/scope';

/** A form or JSON body: a report's narrative of 20,000 characters, percent-encoded, and room to spare. */
export const BODY_LIMIT = 256 * 2 ** 10;
/** A document (a plan, a registry) of up to 10 MiB, base64-encoded in JSON. */
export const MAX_UPLOAD_BYTES = 10 * 2 ** 20;
export const UPLOAD_BODY_LIMIT = Math.ceil(MAX_UPLOAD_BYTES * 1.4);
/** More fields than any page's form has (the review page's measure form has a few dozen). */
export const MAX_FORM_FIELDS = 1_000;
/** Longer than any field name a page uses. */
export const MAX_FIELD_NAME = 256;

/**
 * A form body, read in one linear pass into an object without a prototype: a repeated name collects its values in
 * an array it appends to, and `__proto__`, `constructor` or `toString` are names like any other. Refused as too
 * large past MAX_FORM_FIELDS fields (counted before anything is decoded) or a name longer than MAX_FIELD_NAME.
 */
export function parseForm(body: string): Record<string, string | string[]> {
  let separators = 0;
  for (let i = body.indexOf('&'); i !== -1; i = body.indexOf('&', i + 1)) {
    if (++separators >= MAX_FORM_FIELDS) throw new AppError('PAYLOAD_TOO_LARGE');
  }
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of new URLSearchParams(body)) {
    if (name.length > MAX_FIELD_NAME) throw new AppError('PAYLOAD_TOO_LARGE');
    const before = out[name];
    if (before === undefined) out[name] = value;
    else if (Array.isArray(before)) before.push(value);
    else out[name] = [before, value];
  }
  return out;
}

const isMultipart = (contentType: string | undefined) => /^multipart\//i.test(contentType ?? '');

/**
 * How request bodies are read: forms by @fastify/formbody with the linear parser above, JSON by Fastify's own parser
 * (which refuses `__proto__` and `constructor.prototype`), multipart by @fastify/multipart, on the routes that take it
 * only. Every body is limited to BODY_LIMIT (Fastify's option) except on upload routes, and an upload is refused,
 * before its body is read, to anyone but a coordinator: registered after registerIdentification.
 */
export async function registerBodies(app: FastifyInstance): Promise<void> {
  await app.register(formbody, { parser: parseForm });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // Pasted text arrives as a field of the import form, and may be as large as a file.
    limits: { fileSize: MAX_UPLOAD_BYTES, fieldSize: MAX_UPLOAD_BYTES, files: 1, fields: 50, parts: 60 },
    // A file field becomes { fileName, contentBase64 }: the same shape the JSON API takes. A file input left empty
    // arrives with no name; null (not undefined, which the plugin would replace with the bytes) means "no file".
    async onFile(part) {
      // A route that streams its file (api/route.ts TFileIntake) receives it here, as it arrives.
      const receive = this.routeOptions.config.receiveFile;
      if (receive) {
        this.receivedFile = await receive(this, part.fieldname, part.filename, part.file);
        (part as unknown as { value: unknown }).value = null;
        return;
      }
      const buf = await part.toBuffer();
      (part as unknown as { value: unknown }).value = part.filename ? { fileName: part.filename, contentBase64: buf.toString('base64') } : null;
    },
  });
  app.addHook('onRequest', async (req) => {
    const config = req.routeOptions.config;
    if (isMultipart(req.headers['content-type']) && !config.multipart) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
    if (!config.upload) return;
    if (!req.actor) throw new AppError('UNAUTHENTICATED');
    if (!isCoordinator(req.actor)) throw new AppError('FORBIDDEN');
  });
  // A multipart body that busboy cannot read fails inside the plugin's own hook with an error of no particular kind;
  // the route's hook after it marks the body as read, so that the error handler can tell a malformed body (400).
  app.decorateRequest('bodyRead', false);
  app.decorateRequest('receivedFile', null);
  app.addHook('preValidation', async (req) => {
    req.bodyRead = true;
  });
}

/** A multipart body busboy could not read (see registerBodies). */
export function multipartUnreadable(req: FastifyRequest): boolean {
  return req.isMultipart() && !req.bodyRead;
}

declare module 'fastify' {
  interface FastifyRequest {
    bodyRead: boolean;
    /** What a streaming route's intake made of the file it received (api/route.ts TFileIntake); null when none came. */
    receivedFile: unknown;
  }
}
