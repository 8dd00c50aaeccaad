import { EdmModel } from '../edm/edm-model';
import { ContributedOperation, OpenApiContribution, OperationAlias } from './openapi-contributions';
import { ERROR_RESPONSE, modelPaths, openApiPathOf, PRECONDITION_PARAMETERS, QUERY_PARAMETERS } from './openapi-paths';
import { modelSchemas } from './openapi-schemas';
import {
  HTTP_METHODS,
  JsonSchema,
  OpenApiComponents,
  OpenApiDocument,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiPathItem,
  OpenApiResponse,
  SecurityRequirement,
} from './openapi-types';

const OPENAPI_VERSION = '3.1.1';

/**
 * The OpenAPI 3.1 description of the service under one of its roots (e.g. `beta`), generated from the
 * model as the OASIS CSDL-to-OpenAPI mapping does, plus what modules contribute: the documents the
 * engine serves itself (service document, `$metadata`, this document; public), the model's paths and
 * schemas, then the contributions' operations, aliases, components and credentials. A contribution
 * that names something twice, or a reference to nothing, fails the build.
 */
export function buildOpenApiDocument(model: EdmModel, contributions: readonly OpenApiContribution[], serviceRoot: string): OpenApiDocument {
  const paths: Record<string, OpenApiPathItem> = { ...serviceDocumentPaths(), ...modelPaths(model) };
  const contributedOperations = contributions.flatMap((contribution) => contribution.operations ?? []);
  for (const contributed of contributedOperations) addOperation(paths, contributedPath(model, contributed), contributed);
  for (const alias of contributions.flatMap((contribution) => contribution.aliases ?? [])) addAlias(model, paths, alias);
  const components: OpenApiComponents = {
    schemas: withExamples(
      merged('schema', modelSchemas(model), ...contributions.map((contribution) => contribution.components?.schemas)),
      merged('schema example', ...contributions.map((contribution) => contribution.schemaExamples)),
    ),
    parameters: merged<OpenApiParameter>(
      'parameter',
      QUERY_PARAMETERS,
      PRECONDITION_PARAMETERS,
      ...contributions.map((contribution) => contribution.components?.parameters),
    ),
    responses: merged('response', ...contributions.map((contribution) => contribution.components?.responses)),
    securitySchemes: merged('security scheme', ...contributions.map((contribution) => contribution.components?.securitySchemes)),
  };
  const info = merged('info field', ...contributions.map((contribution) => contribution.info));
  const security: SecurityRequirement[] = contributions.flatMap((contribution) => contribution.security ?? []);
  const document: OpenApiDocument = {
    openapi: OPENAPI_VERSION,
    info: {
      title: info.title ?? `Service for namespace ${model.entityContainer.namespace}`,
      description: info.description,
      version: serviceRoot,
    },
    servers: [{ url: `/${serviceRoot}` }],
    paths: withErrorResponses(paths),
    components,
    ...(security.length > 0 ? { security } : {}),
  };
  checkOperationIds(document);
  checkReferences(document);
  return document;
}

/** `GET /`, `GET /$metadata` and `GET /openapi.json`: what a client reads first, without credentials (spec §8). */
function serviceDocumentPaths(): Record<string, OpenApiPathItem> {
  return {
    '/': {
      get: documentOperation('service.document', 'Get the service document (OData JSON Format §5)', {
        description: 'The resources the service root addresses',
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['value'],
              properties: {
                '@odata.context': { type: 'string' },
                value: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['name', 'kind', 'url'],
                    properties: { name: { type: 'string' }, kind: { type: 'string' }, url: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      }),
    },
    '/$metadata': {
      get: {
        ...documentOperation('service.metadata', 'Get the model as CSDL (OData Part 1 §11.1.2)', {
          description: 'CSDL XML, or CSDL JSON on request',
          content: { 'application/xml': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } },
        }),
        parameters: [
          { name: '$format', in: 'query', description: 'Overrides `Accept`.', schema: { type: 'string', enum: ['xml', 'json'] } },
        ],
      },
    },
    '/openapi.json': {
      get: documentOperation('service.openapi', 'Get this OpenAPI description', {
        description: 'OpenAPI 3.1, generated from the same model as $metadata',
        content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'info', 'paths'] } } },
      }),
    },
  };
}

function documentOperation(operationId: string, summary: string, response: OpenApiResponse): OpenApiOperation {
  return { operationId, summary, tags: ['service'], security: [], responses: { 200: response } };
}

function contributedPath(model: EdmModel, contributed: ContributedOperation): { path: string; item: OpenApiPathItem } {
  if (contributed.outsideServiceRoot)
    return { path: `/${contributed.path}`, item: { servers: [{ url: '/', description: 'The host, outside the service root' }] } };
  const { path, keys } = openApiPathOf(model, contributed.path);
  return { path, item: keys.length > 0 ? { parameters: keys } : {} };
}

function addOperation(
  paths: Record<string, OpenApiPathItem>,
  where: { path: string; item: OpenApiPathItem },
  contributed: ContributedOperation,
) {
  const existing = paths[where.path] ?? where.item;
  if (existing[contributed.method] !== undefined)
    throw new Error(`OpenAPI: ${contributed.method.toUpperCase()} ${where.path} is described twice`);
  const operation = contributed.public ? { ...contributed.operation, security: [] } : contributed.operation;
  paths[where.path] = { ...existing, [contributed.method]: operation };
}

function addAlias(model: EdmModel, paths: Record<string, OpenApiPathItem>, alias: OperationAlias) {
  const original = paths[openApiPathOf(model, alias.sameAs.path).path]?.[alias.sameAs.method];
  if (original === undefined)
    throw new Error(`OpenAPI: the alias ${alias.operationId} repeats ${alias.sameAs.method} ${alias.sameAs.path}, which is not described`);
  const operation = { ...original, operationId: alias.operationId, summary: alias.summary, description: alias.description };
  addOperation(paths, contributedPath(model, { ...alias, operation }), { ...alias, operation });
}

// An operation that describes a failure of its own (a 503 of a health check, say) keeps it; the ranges cover the rest.
function withErrorResponses(paths: Record<string, OpenApiPathItem>): Record<string, OpenApiPathItem> {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => {
      const operations = HTTP_METHODS.flatMap((method) => {
        const operation = item[method];
        return operation === undefined
          ? []
          : [[method, { ...operation, responses: { '4XX': ERROR_RESPONSE, '5XX': ERROR_RESPONSE, ...operation.responses } }]];
      });
      return [path, { ...item, ...Object.fromEntries(operations) }];
    }),
  );
}

function withExamples(schemas: Record<string, JsonSchema>, examples: Record<string, unknown>): Record<string, JsonSchema> {
  for (const [name, example] of Object.entries(examples)) {
    if (schemas[name] === undefined) throw new Error(`OpenAPI: an example is given for the schema ${name}, which does not exist`);
    schemas[name] = { ...schemas[name], examples: [example] };
  }
  return schemas;
}

function merged<T>(kind: string, ...maps: readonly (Readonly<Record<string, T>> | undefined)[]): Record<string, T> {
  const result: Record<string, T> = {};
  for (const [name, value] of maps.flatMap((map) => Object.entries(map ?? {}))) {
    if (name in result) throw new Error(`OpenAPI: the ${kind} ${name} is given twice`);
    result[name] = value;
  }
  return result;
}

function checkOperationIds(document: OpenApiDocument): void {
  const seen = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const id = item[method]?.operationId;
      if (id === undefined) continue;
      if (seen.has(id)) throw new Error(`OpenAPI: the operationId ${id} is used twice`);
      seen.add(id);
    }
  }
}

/** Every local `$ref` must name something: e.g. `components.responses.error`, which the mounting service contributes. */
function checkReferences(document: OpenApiDocument): void {
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && resolvePointer(document, child) === undefined) {
        throw new Error(`OpenAPI: ${child} refers to nothing; a module must contribute it`);
      }
      visit(child);
    }
  };
  visit(document);
}

/** The value a local reference (`#/components/schemas/x`) points at, or undefined. */
export function resolvePointer(document: object, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>(
      (node, token) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined),
      document,
    );
}
