import request from 'supertest';
import { RouteTable } from '../src/graph/http/route-table';
import { SWAGGER_UI_PATH } from '../src/graph/openapi/swagger-ui';
import { resolvePointer } from '../src/odata/openapi/openapi-document';
import { HTTP_METHODS, HttpMethod } from '../src/odata/openapi/openapi-types';
import { csvRows, operatorCsv } from './support/csv-fixtures';
import { poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { validateOpenApi } from './support/openapi-validator';
import { POOLS, useTestApp } from './support/test-app';

const ROOTS = ['beta', 'v1.0'] as const;
const PUBLIC_PATHS = ['/', '/$metadata', '/openapi.json', '/health/live', '/health/ready'];

interface DescribedOperation {
  readonly method: HttpMethod;
  /** As documented: the path item's or the document's server, then the path. */
  readonly url: string;
  readonly path: string;
  readonly operation: any;
}

function operationsOf(document: any): DescribedOperation[] {
  return Object.entries<any>(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method] !== undefined).map((method) => ({
      method,
      url: `${((item.servers ?? document.servers)[0].url as string).replace(/\/$/, '')}${path}`,
      path,
      operation: item[method],
    })),
  );
}

/** A route or a documented URL with its parameters unnamed and no trailing slash: `GET /beta/…/{}`. */
function normalized(method: string, url: string): string {
  return `${method.toUpperCase()} ${url
    .replace(/\/:[^/]+/g, '/{}')
    .replace(/\{[^}]+\}/g, '{}')
    .replace(/(.)\/$/, '$1')}`;
}

/** Every property name the schemas reach, following `$ref`s through the document. */
function reachableProperties(document: object, schemas: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const { $ref, properties } = node as { $ref?: string; properties?: object };
    if ($ref !== undefined) {
      const target = resolvePointer(document, $ref);
      expect(target).toBeDefined();
      visit(target);
    }
    for (const name of Object.keys(properties ?? {})) names.add(name);
    Object.values(node).forEach(visit);
  };
  schemas.forEach(visit);
  return names;
}

function resolved(document: object, value: any): any {
  return value?.$ref === undefined ? value : resolvePointer(document, value.$ref);
}

describe('the OpenAPI description (GET {root}/openapi.json) and Swagger UI', () => {
  const t = useTestApp();
  const documents: Record<string, any> = {};
  let anonymous: ReturnType<typeof request>;

  beforeAll(async () => {
    anonymous = request(t.app.getHttpServer());
    for (const root of ROOTS) documents[root] = (await anonymous.get(`/${root}/openapi.json`).expect(200)).body;
  });

  /** A pool with an assignment and a device state, made for one request: deletes and writes then leave the others alone. */
  async function freshKeys(): Promise<Record<string, string>> {
    const pool = (await t.http.post(POOLS).send(poolBody('OpenAPI probe', [])).expect(201)).body;
    const assignment = await t.http
      .post(`${POOLS}/${pool.id}/assignments`)
      .send({ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } })
      .expect(201);
    const deviceState = await t.http.post(`${POOLS}/${pool.id}/deviceStates`).send({ state: 'installed' }).expect(201);
    return {
      'embeddedSIMActivationCodePool-id': pool.id,
      'embeddedSIMActivationCodePoolAssignment-id': assignment.body.id,
      'embeddedSIMDeviceState-id': deviceState.body.id,
    };
  }

  describe.each(ROOTS)('/%s/openapi.json', (root) => {
    it('answers without a token with an OpenAPI 3.1 document of that root', async () => {
      const response = await anonymous.get(`/${root}/openapi.json`).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({
        openapi: '3.1.1',
        info: { title: 'graph-esim-service', version: root },
        servers: [{ url: `/${root}` }],
      });
    });

    it('is valid for @seriousme/openapi-schema-validator', async () => {
      await expect(validateOpenApi(documents[root])).resolves.toEqual({ valid: true });
    });
  });

  it('is built once and served as the same text', async () => {
    const [first, second] = await Promise.all([anonymous.get('/beta/openapi.json'), anonymous.get('/beta/openapi.json')]);
    expect(second.text).toBe(first.text);
    expect(operationsOf(documents['v1.0']).map(({ path, method }) => `${method} ${path}`)).toEqual(
      operationsOf(documents.beta).map(({ path, method }) => `${method} ${path}`),
    );
  });

  it('has the schemas of every type $metadata declares, read, create and update, and a path for every singleton', async () => {
    const { body: csdl } = await anonymous.get('/beta/$metadata?$format=json').expect(200);
    const schemas = Object.keys(documents.beta.components.schemas);
    const types = Object.entries<any>(csdl['microsoft.graph']).filter(([, element]) =>
      ['EntityType', 'ComplexType', 'EnumType'].includes(element?.$Kind),
    );
    expect(types.length).toBeGreaterThan(10);
    for (const [name, { $Kind }] of types) {
      const qualified = `microsoft.graph.${name}`;
      expect(schemas).toEqual(
        expect.arrayContaining($Kind === 'EnumType' ? [qualified] : [qualified, `${qualified}-create`, `${qualified}-update`]),
      );
    }
    const singletons = Object.keys(csdl['microsoft.graph'].GraphService).filter((name) => !name.startsWith('$'));
    expect(Object.keys(documents.beta.paths)).toEqual(expect.arrayContaining(singletons.map((name) => `/${name}`)));
  });

  it('answers every operation it describes with something other than 404, 405 or a server error', async () => {
    const answers: string[] = [];
    for (const { method, url, operation } of operationsOf(documents.beta)) {
      const keys = await freshKeys();
      const target = url.replace(/\{([^}]+)\}/g, (_, name: string) => keys[name] ?? `<no value for ${name}>`);
      const [mediaType, content] = Object.entries<any>(operation.requestBody?.content ?? {})[0] ?? [];
      const body = content?.example ?? resolved(documents.beta, content?.schema)?.examples?.[0] ?? {};
      const pending = t.http[method](target);
      const response = mediaType === undefined ? await pending : await pending.set('content-type', mediaType).send(body);
      answers.push(`${response.status} ${method.toUpperCase()} ${target}`);
    }
    expect(answers).toHaveLength(operationsOf(documents.beta).length);
    expect(answers.filter((answer) => /^(404|405|5\d\d) /.test(answer))).toEqual([]);
  });

  it('describes every route the application serves, and none it does not', () => {
    const served = t.app
      .get(RouteTable)
      .routes()
      // Fastify answers HEAD wherever it answers GET (RFC 9110 §9.3.2: the same answer without a body); the GET is described.
      .filter(({ method }) => method !== 'HEAD')
      // Swagger UI's page and files are for browsers, not part of the API the document describes.
      .filter(({ url }) => url !== SWAGGER_UI_PATH && !url.startsWith(`${SWAGGER_UI_PATH}/`))
      .map(({ method, url }) => normalized(method, url));
    const described = ROOTS.flatMap((root) => operationsOf(documents[root]).map(({ method, url }) => normalized(method, url)));
    expect(served.length).toBeGreaterThan(40);
    expect([...new Set(served)].sort()).toEqual([...new Set(described)].sort());
  });

  it('lets no response schema reach activationCodes, while create and update bodies take them', () => {
    const document = documents.beta;
    const operations = operationsOf(document).map(({ operation }) => operation);
    const responseSchemas = operations.flatMap((operation) =>
      Object.values<any>(operation.responses).flatMap((response) =>
        Object.values<any>(resolved(document, response).content ?? {}).map(({ schema }) => schema),
      ),
    );
    const readable = reachableProperties(document, responseSchemas);
    expect(readable).toContain('displayName');
    expect(readable).toContain('target');
    expect(readable).not.toContain('activationCodes');
    const pools = document.paths['/deviceManagement/embeddedSIMActivationCodePools'];
    const pool = document.paths['/deviceManagement/embeddedSIMActivationCodePools/{embeddedSIMActivationCodePool-id}'];
    for (const body of [pools.post.requestBody, pool.patch.requestBody]) {
      expect(reachableProperties(document, [body.content['application/json'].schema])).toContain('activationCodes');
    }
    expect(document.components.schemas['microsoft.graph.embeddedSIMActivationCodePool-create'].properties.activationCodes.writeOnly).toBe(
      true,
    );
  });

  it('describes failures as Graph errors', async () => {
    const document = documents.beta;
    for (const { operation } of operationsOf(document)) {
      expect(operation.responses['4XX']).toEqual({ $ref: '#/components/responses/error' });
    }
    const errorSchema = document.components.responses.error.content['application/json'].schema;
    expect(reachableProperties(document, [errorSchema])).toEqual(
      new Set(['error', 'code', 'message', 'innerError', 'date', 'request-id', 'client-request-id']),
    );
    const response = await t.http.get(`${POOLS}/00000000-0000-4000-8000-000000000000`);
    expectGraphError(response, 404, 'itemNotFound');
  });

  it('describes the preconditions where the service honours them: If-None-Match and 304 on reads, If-Match and 412 on writes', async () => {
    const document = documents.beta;
    const pool = '/deviceManagement/embeddedSIMActivationCodePools/{embeddedSIMActivationCodePool-id}';
    const names = (operation: any) => (operation.parameters ?? []).map((parameter: any) => resolved(document, parameter).name);
    const entities = [
      pool,
      `${pool}/assignments/{embeddedSIMActivationCodePoolAssignment-id}`,
      `${pool}/deviceStates/{embeddedSIMDeviceState-id}`,
    ];
    for (const path of entities) {
      const item = document.paths[path];
      expect(names(item.get)).toContain('If-None-Match');
      expect(Object.keys(item.get.responses)).toContain('304');
      for (const write of [item.patch, item.delete]) {
        expect(names(write)).toContain('If-Match');
        expect(write.responses[412]).toEqual({ $ref: '#/components/responses/error' });
      }
    }
    for (const path of [`${pool}/microsoft.graph.assign`, `${pool}/assign`, `${pool}/activationCodes/$import`]) {
      expect(names(document.paths[path].post)).toEqual(['If-Match']);
      expect(document.paths[path].post.responses[412]).toEqual({ $ref: '#/components/responses/error' });
    }
    // And the service answers as described: a stale If-Match is a 412 on the import.
    const { 'embeddedSIMActivationCodePool-id': poolId } = await freshKeys();
    const response = await t.http
      .post(`${POOLS}/${poolId}/activationCodes/$import`)
      .set('Content-Type', 'text/csv')
      .set('If-Match', 'W/"999"')
      .send(operatorCsv(csvRows(1)));
    expectGraphError(response, 412, 'resourceModified');
  });

  it('needs the bearer token exactly where it says so', async () => {
    const document = documents.beta;
    expect(document.security).toEqual([{ bearer: [] }]);
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    const keys = await freshKeys();
    for (const { method, url, path, operation } of operationsOf(document)) {
      expect({ path, public: operation.security?.length === 0 }).toEqual({ path, public: PUBLIC_PATHS.includes(path) });
      const response = await anonymous[method](url.replace(/\{([^}]+)\}/g, (_, name: string) => keys[name]));
      expect({ path, method, unauthenticated: response.status === 401 }).toEqual({
        path,
        method,
        unauthenticated: !PUBLIC_PATHS.includes(path),
      });
    }
  });

  describe('query options', () => {
    const parameterNames = (path: string, method: HttpMethod = 'get') =>
      (documents.beta.paths[path][method].parameters ?? []).map((parameter: any) => resolved(documents.beta, parameter).name).sort();
    const pool = '/deviceManagement/embeddedSIMActivationCodePools/{embeddedSIMActivationCodePool-id}';

    it('offers each path the options the service takes there', () => {
      const collection = ['$count', '$filter', '$orderby', '$select', '$skip', '$skiptoken', '$top', 'Prefer'];
      expect(parameterNames('/deviceManagement/embeddedSIMActivationCodePools')).toEqual([...collection, '$expand', '$search'].sort());
      expect(parameterNames(`${pool}/deviceStates`)).toEqual([...collection, '$search'].sort());
      expect(parameterNames(`${pool}/assignments`)).toEqual(collection);
      expect(parameterNames('/deviceManagement/embeddedSIMActivationCodePools/$count')).toEqual(['$filter', '$search']);
      expect(parameterNames(`${pool}/assignments/$count`)).toEqual(['$filter']);
      expect(parameterNames(pool)).toEqual(['$expand', '$select', 'If-None-Match']);
      expect(parameterNames(`${pool}/assignments/{embeddedSIMActivationCodePoolAssignment-id}`)).toEqual(['$select', 'If-None-Match']);
      expect(parameterNames('/deviceManagement')).toEqual(['$select']);
      expect(documents.beta.paths['/deviceManagement'].patch).toBeUndefined();
    });

    it('refuses what it leaves out: $search on assignments, $expand and PATCH on the deviceManagement singleton', async () => {
      const { 'embeddedSIMActivationCodePool-id': poolId } = await freshKeys();
      expectGraphError(await t.http.get(`${POOLS}/${poolId}/assignments?$search=contoso`), 501, 'notSupported');
      expectGraphError(await t.http.get('/beta/deviceManagement?$expand=embeddedSIMActivationCodePools'), 501, 'notSupported', /\$expand/);
      expectGraphError(await t.http.patch('/beta/deviceManagement').send({}), 405, 'notSupported');
    });

    it('accepts every value it lists for $select, $orderby and $expand', async () => {
      const keys = await freshKeys();
      const refused: string[] = [];
      for (const { method, url, operation } of operationsOf(documents.beta).filter(({ method }) => method === 'get')) {
        for (const parameter of (operation.parameters ?? []).map((value: any) => resolved(documents.beta, value))) {
          for (const value of parameter.schema.items?.enum ?? []) {
            const target = url.replace(/\{([^}]+)\}/g, (_, name: string) => keys[name]);
            const response = await t.http[method](target).query({ [parameter.name]: value });
            if (response.status !== 200) refused.push(`${response.status} ${target}?${parameter.name}=${value}`);
          }
        }
      }
      expect(refused).toEqual([]);
    });
  });

  describe(SWAGGER_UI_PATH, () => {
    it('serves Swagger UI for /beta/openapi.json, and the files it loads, without a token', async () => {
      const page = await anonymous.get(SWAGGER_UI_PATH).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain("url: '/beta/openapi.json'");
      const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, asset]) => asset);
      expect(assets).toEqual(expect.arrayContaining([`${SWAGGER_UI_PATH}/swagger-ui-bundle.js`, `${SWAGGER_UI_PATH}/swagger-ui.css`]));
      for (const asset of assets) {
        const response = await anonymous.get(asset).buffer(true).expect(200);
        expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
        expect(response.headers['content-type']).toMatch(
          asset.endsWith('.js') ? /javascript/ : asset.endsWith('.css') ? /^text\/css/ : /^image\/png/,
        );
      }
      const bundle = await anonymous
        .get(`${SWAGGER_UI_PATH}/swagger-ui-bundle.js`)
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done(null, text));
        });
      expect(bundle.body).toContain('SwaggerUIBundle');
    });

    it.each(['index.html', 'swagger-initializer.js', 'swagger-ui-bundle.js.map', '../package.json'])(
      'serves nothing else of swagger-ui-dist (%s is a 404)',
      async (file) => {
        expectGraphError(await anonymous.get(`${SWAGGER_UI_PATH}/${file}`), 404, 'itemNotFound');
      },
    );
  });
});
