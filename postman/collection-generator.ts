import { join } from 'node:path';
import { resolvePointer } from '../src/odata/openapi/openapi-document';
import {
  HTTP_METHODS,
  HttpMethod,
  JsonSchema,
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiResponse,
  Reference,
} from '../src/odata/openapi/openapi-types';

/** The committed files: `npm run postman:generate` writes them, a test checks they are what it would write. */
export const COLLECTION_FILE = join(__dirname, 'graph-esim-service.postman_collection.json');
export const ENVIRONMENT_FILE = join(__dirname, 'graph-esim-service.postman_environment.json');

/** Where `npm start` serves by default; the runner replaces it. */
const DEFAULT_BASE_URL = 'http://localhost:3000';
const POSTMAN_COLLECTION_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';
/** The collection variable holding the document's schemas, which the tests check responses against. */
const SCHEMAS_VARIABLE = 'openApiSchemas';
const GENERATED = '// Generated from the OpenAPI document by `npm run postman:generate`: change the generator, not this script.';

/** One operation of the document, with what sending it needs. */
interface Operation {
  readonly path: string;
  readonly method: HttpMethod;
  readonly operation: OpenApiOperation;
  /** The server URL the path is relative to: the path's own, or the document's. */
  readonly server: string;
}

/** A collection whose create names the key of its entities (OpenAPI links from the 201 to a path parameter). */
interface KeyedCollection {
  readonly path: string;
  readonly key: string;
  readonly create: Operation;
}

type Expectation = 'success' | 'unauthenticated' | 'notFound';

interface Step {
  readonly name: string;
  readonly operation: Operation;
  readonly expect: Expectation;
}

export interface PostmanFiles {
  readonly collection: string;
  readonly environment: string;
}

/** The Postman collection (v2.1) and environment for an OpenAPI document of the service, as the files are committed. */
export function postmanFiles(document: OpenApiDocument): PostmanFiles {
  const text = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
  return { collection: text(postmanCollection(document)), environment: text(postmanEnvironment()) };
}

/**
 * Every operation of the document as a request, ordered so that a run works on an empty tenant: the
 * public documents, a request without a token, then each collection depth first (create, capturing the
 * key the create's link names; list and count; read and update by key; the collections and operations
 * below the entity; delete, then a read that must be a 404; other creates, each followed by a delete).
 * Each request tests its status, the shape of its body against the document's schema, the Graph error
 * shape of a failure, and that no response but a create's carries a write-only property.
 */
export function postmanCollection(document: OpenApiDocument): object {
  const operations = operationsOf(document);
  const steps = runOrder(operations);
  const missing = operations.filter((operation) => !steps.some((step) => step.operation === operation));
  if (missing.length > 0) throw new Error(`No request for ${missing.map(({ operation }) => operation.operationId).join(', ')}`);
  const keys = [...new Set(operations.flatMap(({ path }) => [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => name)))];
  return {
    info: {
      name: document.info.title,
      description:
        `${document.info.description ?? ''}\n\nGenerated from ${document.servers[0].url}/openapi.json by \`npm run postman:generate\`. ` +
        'Set `baseUrl` and `token` (`npm run token -- --tenant <tenant guid>`) in the environment; run the requests in order.',
      schema: POSTMAN_COLLECTION_SCHEMA,
    },
    auth: { type: 'bearer', bearer: [{ key: 'token', value: '{{token}}', type: 'string' }] },
    event: [
      script(
        'prerequest',
        "if (!pm.variables.get('token')) throw new Error('Set the token variable of the environment: npm run token -- --tenant <tenant guid>');",
      ),
    ],
    variable: [
      ...keys.map((key) => ({ key, value: '', description: 'Captured from the response of the create that makes the entity' })),
      { key: SCHEMAS_VARIABLE, value: JSON.stringify(responseSchemas(document)), description: 'The schemas responses are checked against' },
    ],
    item: steps.map((step) => requestItem(document, step)),
  };
}

function postmanEnvironment(): object {
  return {
    name: 'graph-esim-service (local)',
    values: [
      { key: 'baseUrl', value: DEFAULT_BASE_URL, type: 'default', enabled: true },
      { key: 'token', value: '', type: 'secret', enabled: true },
    ],
    _postman_variable_scope: 'environment',
  };
}

function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]: [string, OpenApiPathItem]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      const server = (item.servers ?? document.servers)[0].url.replace(/\/$/, '');
      return operation === undefined ? [] : [{ path, method, operation, server }];
    }),
  );
}

function runOrder(operations: readonly Operation[]): Step[] {
  const collections = keyedCollections(operations);
  const used = new Set<Operation>();
  const steps: Step[] = [];
  const take = (operation: Operation, expect: Expectation = 'success', name = operation.operation.summary) => {
    used.add(operation);
    steps.push({ name, operation, expect });
  };
  const inside = (operation: Operation, path: string) => operation.path === path || operation.path.startsWith(`${path}/`);
  const outermost = (within: readonly KeyedCollection[]) =>
    within.filter(
      (collection) => !within.some((other) => other !== collection && inside(collection.create, `${other.path}/{${other.key}}`)),
    );
  const visit = (collection: KeyedCollection) => {
    const entityPath = `${collection.path}/{${collection.key}}`;
    const createsHere = (operation: Operation) => operation.method === 'post' && createdKey(operation) === collection.key;
    const byKey = (method: HttpMethod) => operations.find((operation) => operation.path === entityPath && operation.method === method)!;
    take(collection.create);
    for (const operation of operations) {
      if (inside(operation, collection.path) && !inside(operation, entityPath) && !createsHere(operation)) take(operation);
    }
    for (const method of ['get', 'patch'] as const) take(byKey(method));
    const nested = collections.filter((other) => other !== collection && inside(other.create, entityPath));
    outermost(nested).forEach(visit);
    for (const operation of operations) {
      if (!used.has(operation) && inside(operation, entityPath) && operation.method !== 'delete' && !createsHere(operation))
        take(operation);
    }
    take(byKey('delete'));
    take(byKey('get'), 'notFound', `${byKey('get').operation.summary}, once deleted`);
    for (const operation of operations.filter((candidate) => candidate !== collection.create && createsHere(candidate))) {
      take(operation);
      take(byKey('delete'), 'success', `${byKey('delete').operation.summary}, made by ${operation.operation.summary}`);
    }
  };
  const secured = operations.find((operation) => operation.operation.security?.length !== 0 && !operation.path.includes('{'));
  if (secured !== undefined)
    steps.push({ name: `${secured.operation.summary}, without a token`, operation: secured, expect: 'unauthenticated' });
  for (const operation of operations) {
    if (!collections.some((collection) => inside(operation, collection.path))) take(operation);
  }
  outermost(collections).forEach(visit);
  return steps;
}

function keyedCollections(operations: readonly Operation[]): KeyedCollection[] {
  return operations.flatMap((operation) => {
    const key = createdKey(operation);
    if (key === undefined || !operations.some(({ path }) => path === `${operation.path}/{${key}}`)) return [];
    return [{ path: operation.path, key, create: operation }];
  });
}

/** The path parameter a create's 201 links its result to (`$response.body#/id`), if any. */
function createdKey(operation: Operation): string | undefined {
  const created = operation.operation.responses['201'] as OpenApiResponse | undefined;
  return Object.values(created?.links ?? {}).flatMap((link) => Object.keys(link.parameters))[0];
}

function requestItem(document: OpenApiDocument, step: Step): object {
  const { operation, path, method, server } = step.operation;
  const success = successResponse(document, operation);
  const body = requestBody(document, operation);
  const queryParameters = (operation.parameters ?? [])
    .map((parameter) => resolved<OpenApiParameter>(document, parameter))
    .filter((parameter) => parameter.in === 'query');
  const url = `{{baseUrl}}${server}${path.replace(/\{([^}]+)\}/g, '{{$1}}')}`;
  return {
    name: step.name,
    request: {
      ...(step.expect === 'unauthenticated' || operation.security?.length === 0 ? { auth: { type: 'noauth' } } : {}),
      method: method.toUpperCase(),
      header: [
        ...(success.mediaType !== undefined && step.expect === 'success' ? [{ key: 'Accept', value: success.mediaType }] : []),
        ...(body !== undefined ? [{ key: 'Content-Type', value: body.mediaType }] : []),
      ],
      url: {
        raw: url,
        host: ['{{baseUrl}}'],
        path: `${server}${path}`
          .split('/')
          .filter((segment) => segment !== '')
          .map((segment) => segment.replace(/^\{([^}]+)\}$/, '{{$1}}')),
        // The query options an operation takes, for a person to switch on; the run sends none.
        ...(queryParameters.length > 0
          ? { query: queryParameters.map(({ name, description }) => ({ key: name, value: '', description, disabled: true })) }
          : {}),
      },
      ...(body !== undefined ? { body: { mode: 'raw', raw: body.text, options: { raw: { language: body.language } } } } : {}),
      description: `\`${method.toUpperCase()} ${path}\` (${operation.operationId})${operation.description ? `\n\n${operation.description}` : ''}`,
    },
    event: [script('test', ...testScript(document, step, success))],
  };
}

interface SuccessResponse {
  readonly status: number;
  readonly mediaType?: string;
  readonly schema?: JsonSchema;
}

/** The 2XX answer to the request as the collection sends it: no `Prefer`, so not a response that answers one. */
function successResponse(document: OpenApiDocument, operation: OpenApiOperation): SuccessResponse {
  const candidates = Object.entries(operation.responses)
    .filter(([status]) => /^2\d\d$/.test(status))
    .map(([status, response]) => [Number(status), resolved<OpenApiResponse>(document, response)] as const)
    .filter(([, response]) => response.headers?.['Preference-Applied'] === undefined);
  if (candidates.length !== 1)
    throw new Error(`${operation.operationId} has ${candidates.length} success responses for a request without Prefer`);
  const [[status, response]] = candidates;
  const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
  return { status, mediaType, schema: content?.schema };
}

function requestBody(
  document: OpenApiDocument,
  operation: OpenApiOperation,
): { mediaType: string; text: string; language: string } | undefined {
  const [mediaType, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
  if (mediaType === undefined) return undefined;
  const value = content.example ?? sample(document, content.schema);
  if (value === undefined) throw new Error(`${operation.operationId}: the document gives no example of its ${mediaType} body`);
  return typeof value === 'string'
    ? { mediaType, text: value, language: 'text' }
    : { mediaType, text: JSON.stringify(value, null, 2), language: 'json' };
}

/** A value for a schema from its examples, its reference's, or its properties' and items' (as Swagger UI composes one). */
function sample(document: OpenApiDocument, schema: JsonSchema): unknown {
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (typeof schema.$ref === 'string') return sample(document, resolvePointer(document, schema.$ref) as JsonSchema);
  if (schema.type === 'array') {
    const item = sample(document, schema.items as JsonSchema);
    return item === undefined ? undefined : [item];
  }
  if (schema.type === 'object' && schema.properties !== undefined) {
    const values = Object.entries(schema.properties as Record<string, JsonSchema>)
      .map(([name, property]) => [name, sample(document, property)] as const)
      .filter(([, value]) => value !== undefined);
    return values.length > 0 ? Object.fromEntries(values) : undefined;
  }
  return undefined;
}

function testScript(document: OpenApiDocument, step: Step, success: SuccessResponse): string[] {
  const { operation } = step.operation;
  const lines = [
    GENERATED,
    // The sandbox checks JSON Schema draft-07 (ajv 6): the document's schemas go in as `definitions`; formats it does not know (int32) are skipped.
    `const definitions = JSON.parse(pm.collectionVariables.get('${SCHEMAS_VARIABLE}'));`,
    "const hasShape = (schema) => pm.response.to.have.jsonSchema(Object.assign({ definitions }, schema), { unknownFormats: 'ignore' });",
  ];
  const status = step.expect === 'unauthenticated' ? 401 : step.expect === 'notFound' ? 404 : success.status;
  lines.push(`pm.test('answers ${status}', () => pm.response.to.have.status(${status}));`);
  if (step.expect === 'success' && success.mediaType === 'application/json' && success.schema !== undefined) {
    lines.push(`pm.test('the body has the documented shape', () => hasShape(${JSON.stringify(asDraft07(success.schema))}));`);
  } else if (step.expect === 'success' && success.mediaType !== undefined) {
    lines.push(
      `pm.test('the body is ${success.mediaType}', () => pm.expect(pm.response.headers.get('Content-Type')).to.match(/^${success.mediaType.replace('/', '\\/')}/));`,
    );
    if (success.schema?.type === 'integer')
      lines.push("pm.test('the body is a number', () => pm.expect(pm.response.text()).to.match(/^\\d+$/));");
  }
  lines.push(
    `if (pm.response.code >= 400) pm.test('the failure is a Graph error', () => hasShape(${JSON.stringify(asDraft07(errorSchema(document)))}));`,
  );
  // Spec §4: only a create echoes write-only properties, those of its own request.
  if (!(step.expect === 'success' && success.status === 201) && success.schema !== undefined && refersToComponents(success.schema)) {
    for (const name of writeOnlyProperties(document))
      lines.push(`pm.test('carries no ${name}', () => pm.expect(pm.response.text()).not.to.include('"${name}"'));`);
  }
  if (step.expect === 'success') {
    for (const link of Object.values(resolved<OpenApiResponse>(document, operation.responses[String(success.status)]).links ?? {})) {
      for (const [parameter, expression] of Object.entries(link.parameters)) {
        const property = expression.replace(/^\$response\.body#\//, '');
        lines.push(`pm.collectionVariables.set(${JSON.stringify(parameter)}, pm.response.json()[${JSON.stringify(property)}]);`);
      }
    }
  }
  return lines;
}

function errorSchema(document: OpenApiDocument): JsonSchema {
  const schema = resolved<OpenApiResponse>(document, { $ref: '#/components/responses/error' }).content?.['application/json']?.schema;
  if (schema === undefined) throw new Error('The document has no JSON error response (components.responses.error)');
  return schema;
}

/** The component schemas responses use, as draft-07 `definitions`. */
function responseSchemas(document: OpenApiDocument): Record<string, JsonSchema> {
  const schemas = document.components.schemas ?? {};
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const name = key === '$ref' && typeof child === 'string' ? child.match(/^#\/components\/schemas\/(.+)$/)?.[1] : undefined;
      if (name !== undefined && !names.has(name)) {
        names.add(name);
        visit(schemas[name]);
      }
      visit(child);
    }
  };
  const operations = Object.values(document.paths).flatMap((item) => HTTP_METHODS.flatMap((method) => item[method] ?? []));
  visit(
    operations.map((operation) =>
      Object.values(operation.responses).map((response) => resolved<OpenApiResponse>(document, response).content),
    ),
  );
  return Object.fromEntries([...names].sort().map((name) => [name, asDraft07(schemas[name])]));
}

function asDraft07(schema: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\/schemas\//g, '"#/definitions/')) as JsonSchema;
}

function refersToComponents(schema: JsonSchema): boolean {
  return JSON.stringify(schema).includes('"#/components/schemas/');
}

/** Properties the document marks write-only in some request schema (`activationCodes`). */
function writeOnlyProperties(document: OpenApiDocument): string[] {
  const names = Object.values(document.components.schemas ?? {}).flatMap((schema) =>
    Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)
      .filter(([, property]) => property.writeOnly === true)
      .map(([name]) => name),
  );
  return [...new Set(names)].sort();
}

function resolved<T extends object>(document: OpenApiDocument, value: T | Reference): T {
  return '$ref' in value ? (resolvePointer(document, value.$ref) as T) : value;
}

function script(listen: 'prerequest' | 'test', ...exec: string[]): object {
  return { listen, script: { type: 'text/javascript', exec } };
}
