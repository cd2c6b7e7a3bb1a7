import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../prisma/client';
import { identify, type TActor } from '../auth/actor';

declare module 'fastify' {
  interface FastifyRequest {
    actor: TActor | null;
  }
  interface FastifyContextConfig {
    /** A route of the application (api/route.ts), not static files, probes or the OpenAPI document. */
    app?: boolean;
    /** A page: errors are answered as HTML. */
    page?: boolean;
    /** Takes multipart/form-data. */
    multipart?: boolean;
    /** Takes a document; see TRoute.upload. */
    upload?: boolean;
    /** Takes one file as a stream (TRoute.file): what becomes of it is the route's. */
    receiveFile?: (req: FastifyRequest, field: string, name: string, stream: AsyncIterable<Uint8Array> & Readable) => Promise<unknown>;
  }
}

/**
 * Who is asking is known as soon as the request's head has arrived (onRequest), before any of its body is read: an
 * upload can be refused to someone who may not make it without buffering it first, and the rate limits can tell a
 * signed-in person from an anonymous address.
 */
export function registerIdentification(app: FastifyInstance, db: Db, now: () => Date): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (req) => {
    if (!req.routeOptions.config.app) return;
    req.actor = await identify(db, req, now());
  });
}
