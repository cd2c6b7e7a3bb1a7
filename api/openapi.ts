import { z } from 'zod';
import { ERROR_STATUS } from './errors';
import type { TApiRoute } from './route';

type TJson = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: 'input' | 'output'): TJson =>
  z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as TJson;

const ZErrorSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
    message: z.string().describe('for people, Chinese first'),
    details: z.unknown().describe('for programs: e.g. [{ path, message }] for a validation failure; null otherwise'),
  }),
});

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): TJson[] {
  if (!schema || !(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = toSchema(field, 'input');
    return {
      name,
      in: where,
      required: where === 'path' || !field.safeParse(undefined).success,
      ...(typeof json.description === 'string' ? { description: json.description } : {}),
      schema: json,
    };
  });
}

/** The OpenAPI 3 document, made from the Zod schemas that validate each route. */
export function buildOpenApi(routes: TApiRoute[], info: { title: string; version: string; serverUrl: string }): TJson {
  const paths: Record<string, Record<string, TJson>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const errorCodes = new Set<number>([400, 500, 503]);
    if (r.auth !== 'public') [401, 403, 404].forEach((c) => errorCodes.add(c));
    if (r.params) errorCodes.add(404);
    const responses: Record<string, TJson> = {
      [String(r.status)]: {
        description: 'OK',
        content: {
          'application/json': { schema: toSchema(r.response, 'output') },
          ...Object.fromEntries(r.produces.filter((t) => t !== 'application/json').map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
        },
      },
    };
    for (const code of [...errorCodes].sort()) {
      responses[String(code)] = { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const op: TJson = {
      operationId: r.operationId,
      summary: r.summary,
      tags: r.tags,
      parameters: [...parameters(r.params, 'path'), ...parameters(r.query, 'query')],
      responses,
      ...(r.auth === 'public' ? { security: [] } : {}),
    };
    if (r.body) {
      const body = toSchema(r.body, 'input');
      op.requestBody = {
        required: !r.body.safeParse(undefined).success,
        content: { 'application/json': { schema: body }, ...(r.multipart ? { 'multipart/form-data': { schema: body } } : {}) },
      };
    }
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.0.3',
    info: { title: info.title, version: info.version, description: '督办 Duban: plans, measures, assignments and progress reports' },
    servers: [{ url: info.serverUrl }],
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'an API token from POST /api/tokens' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'duban_session', description: 'a signed-in browser; unsafe methods also need the X-CSRF-Token header' },
      },
      schemas: { Error: toSchema(ZErrorSchema, 'output') },
    },
  };
}
