import Ajv from 'ajv';
import { expect } from 'vitest';
import { apiRoutes } from '../../api/routes/index';
import { appTest } from '../support/fixtures';
import { signIn } from './support';

type TDoc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, { content: Record<string, { schema: object }> }> }>>;
  components: { schemas: Record<string, object> };
};

const test = appTest.extend('doc', { scope: 'file' }, async ({ t }): Promise<TDoc> => (await t.app.inject({ url: '/openapi.json' })).json());

const ajv = new Ajv({ strict: false, allErrors: true });
const withComponents = (doc: TDoc, schema: object) => ({ ...schema, components: doc.components });

test('is an OpenAPI 3 document naming every JSON route once, with its path parameters', ({ doc }) => {
  expect(doc.openapi).toBe('3.0.3');
  const ids = new Set<string>();
  for (const r of apiRoutes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const op = doc.paths[path]?.[r.method.toLowerCase()];
    expect(op, `${r.method} ${r.url}`).toBeDefined();
    expect(ids.has(op!.operationId)).toBe(false);
    ids.add(op!.operationId);
    for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
      expect(op!.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
    }
  }
  expect(ids.size).toBe(apiRoutes.length);
});

test('every schema in it compiles and every $ref points at a component', ({ doc }) => {
  const text = JSON.stringify(doc);
  for (const [, name] of text.matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)) expect(doc.components.schemas[name!]).toBeDefined();
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content['application/json']!.schema;
        expect(() => ajv.compile(withComponents(doc, schema)), `${method} ${path} ${status}`).not.toThrow();
      }
    }
  }
});

test('real answers match the documented schemas, errors included', async ({ t, w, doc }) => {
  const s = await signIn(t.app, 'member.a@test.local');
  const check = async (url: string, path: string, status: string) => {
    const res = await t.app.inject({ url, headers: { cookie: s.cookie } });
    expect(String(res.statusCode)).toBe(status);
    const validate = ajv.compile(withComponents(doc, doc.paths[path]!.get!.responses[status]!.content['application/json']!.schema));
    expect(validate(res.json()), JSON.stringify(validate.errors)).toBe(true);
  };
  await check('/api/me', '/api/me', '200');
  await check(`/api/assignments/${w.assignmentA.id}`, '/api/assignments/{assignmentId}', '200');
  await check('/api/assignments', '/api/assignments', '200');
  await check(`/api/assignments/${w.assignmentB.id}x`, '/api/assignments/{assignmentId}', '404');
  await check('/api/plans', '/api/plans', '403');
});
