import { EdmModel } from '../edm/edm-model';
import { EdmAction } from '../edm/edm-types';
import { DEFAULT_QUERY_SETTINGS } from '../query/query-settings';
import { schemaRef, valueSchema } from './openapi-schemas';
import { componentRef, JsonSchema, OpenApiOperation, OpenApiParameter, OpenApiPathItem, OpenApiResponse, Reference } from './openapi-types';

/**
 * A resource on the walk from a singleton: its OpenAPI path, the key parameters on the way, its
 * segments without keys, and whether its entities carry ETags (Core.OptimisticConcurrency).
 */
interface Resource {
  readonly path: string;
  readonly keys: readonly OpenApiParameter[];
  readonly segments: readonly string[];
  readonly typeName: string;
  readonly optimisticConcurrency: boolean;
}

type PathItems = Record<string, OpenApiPathItem>;

/** Every operation answers its failures with this response, which the mounting service contributes (as the OASIS mapping names it). */
export const ERROR_RESPONSE = componentRef('responses', 'error');

/** Query options every collection takes, shared by reference (`#/components/parameters/…`). */
export const QUERY_PARAMETERS = {
  top: {
    name: '$top',
    in: 'query',
    description: 'Show only the first n items.',
    schema: { type: 'integer', minimum: 0, maximum: DEFAULT_QUERY_SETTINGS.maxTop },
  },
  skip: {
    name: '$skip',
    in: 'query',
    description: 'Skip the first n items.',
    schema: { type: 'integer', minimum: 0 },
  },
  count: {
    name: '$count',
    in: 'query',
    description: 'Add `@odata.count`, the number of all matching items, whatever `$top` and `$skip` say.',
    schema: { type: 'boolean' },
  },
  filter: {
    name: '$filter',
    in: 'query',
    description: "Only items the expression holds for, e.g. `startswith(displayName,'Contoso')`.",
    schema: { type: 'string' },
  },
  search: {
    name: '$search',
    in: 'query',
    description: 'Only items that match these terms, `"phrases"`, `AND`, `OR`, `NOT`.',
    schema: { type: 'string' },
  },
  skiptoken: {
    name: '$skiptoken',
    in: 'query',
    description: 'Where the next page starts: opaque, issued in `@odata.nextLink`; follow that link as received.',
    schema: { type: 'string' },
  },
} as const satisfies Record<string, OpenApiParameter>;

/** The preconditions an entity with an ETag takes (RFC 9110 §13.1), shared by reference like the query options. */
export const PRECONDITION_PARAMETERS = {
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    description:
      'Only if the entity still has one of these ETags (`W/"3"`, comma-separated), or exists at all (`*`); otherwise 412 and nothing changes.',
    schema: { type: 'string' },
  },
  ifNoneMatch: {
    name: 'If-None-Match',
    in: 'header',
    description: 'A 304 without a body when the entity still has one of these ETags (or any, `*`).',
    schema: { type: 'string' },
  },
} as const satisfies Record<string, OpenApiParameter>;

/** `If-Match` or `If-None-Match`, by reference. */
export function preconditionParameter(name: keyof typeof PRECONDITION_PARAMETERS): Reference {
  return componentRef('parameters', name);
}

/** The `ETag` header of a response that carries one entity with an ETag. */
const ETAG_HEADER = { ETag: { description: "The entity's weak ETag, for `If-Match` and `If-None-Match`.", schema: { type: 'string' } } };

/** What a write conditional on an entity's ETag answers when the entity changed: the error body, as a 412. */
const PRECONDITION_FAILED = { 412: ERROR_RESPONSE };

/**
 * The paths the model makes addressable, as the OASIS CSDL-to-OpenAPI mapping derives them: each
 * singleton, then every containment navigation property below it (a collection with its `$count` and,
 * by key, each of its entities; key as a path segment, as the service routes it), and the actions
 * bound to what each path addresses. Non-containment navigation properties are reached by `$expand`
 * only. What a singleton does not allow (Capabilities restrictions) is left out.
 */
export function modelPaths(model: EdmModel): PathItems {
  const paths: PathItems = {};
  const singletons = [...model.singletons()].sort((a, b) => a.name.localeCompare(b.name));
  for (const singleton of singletons) {
    const resource = {
      path: `/${singleton.name}`,
      keys: [],
      segments: [singleton.name],
      typeName: singleton.type,
      optimisticConcurrency: false,
    };
    addSingleEntity(model, paths, resource, { updatable: singleton.updatable !== false, expandable: singleton.expandable !== false });
  }
  return paths;
}

/**
 * The OpenAPI path of a resource path template as controllers declare it (`…/embeddedSIMActivationCodePools/:poolId/assign`):
 * each key segment becomes the path parameter the model's own paths use for that key.
 */
export function openApiPathOf(model: EdmModel, template: string): { path: string; keys: OpenApiParameter[] } {
  let path = '';
  const keys: OpenApiParameter[] = [];
  const segments = template.split('/').filter((segment) => segment !== '');
  segments.forEach((segment, index) => {
    if (!segment.startsWith(':')) {
      path += `/${segment}`;
      return;
    }
    const collection = model.resolve(segments.slice(0, index).join('/'));
    const key = keyParameter(model, collection.typeName);
    keys.push(key);
    path += `/{${key.name}}`;
  });
  return { path: path === '' ? '/' : path, keys };
}

function addSingleEntity(
  model: EdmModel,
  paths: PathItems,
  resource: Resource,
  allows: { readonly updatable: boolean; readonly expandable: boolean },
): void {
  paths[resource.path] = {
    ...pathParameters(resource),
    get: getOperation(model, resource, `Get ${lastSegment(resource)}`, allows.expandable),
    ...(allows.updatable ? { patch: updateOperation(resource, `Update ${lastSegment(resource)}`) } : {}),
  };
  addBoundActions(model, paths, resource, false);
  addContainedNavigation(model, paths, resource);
}

function addContainedNavigation(model: EdmModel, paths: PathItems, parent: Resource): void {
  for (const navigation of model.navigationProperties(parent.typeName).filter((property) => property.containsTarget)) {
    const resource = {
      path: `${parent.path}/${navigation.name}`,
      keys: parent.keys,
      segments: [...parent.segments, navigation.name],
      typeName: navigation.type,
      optimisticConcurrency: navigation.optimisticConcurrency === true,
    };
    if (navigation.collection) addCollection(model, paths, resource, parent.keys.length > 0);
    else addSingleEntity(model, paths, resource, { updatable: true, expandable: true });
  }
}

function addCollection(model: EdmModel, paths: PathItems, collection: Resource, related: boolean): void {
  const { typeName } = collection;
  const name = `${related ? 'related ' : ''}${lastSegment(collection)}`;
  const key = keyParameter(model, typeName);
  const entity = { ...collection, path: `${collection.path}/{${key.name}}`, keys: [...collection.keys, key] };
  const get = operationId(entity, 'get');
  paths[collection.path] = {
    ...pathParameters(collection),
    get: operation(collection, 'list', `Get entities from ${name}`, {
      parameters: collectionParameters(model, typeName),
      responses: { 200: collectionResponse(typeName, 'Retrieved entities') },
    }),
    post: operation(collection, 'create', `Add new entity to ${name}`, {
      requestBody: {
        description: 'New entity',
        required: true,
        content: { 'application/json': { schema: schemaRef(typeName, 'create') } },
      },
      responses: {
        201: {
          ...entityResponse(typeName, 'Created entity'),
          headers: {
            Location: { description: 'The URL of the created entity.', schema: { type: 'string' } },
            ...(collection.optimisticConcurrency ? ETAG_HEADER : {}),
          },
          links: {
            [get]: {
              operationId: get,
              parameters: Object.fromEntries(model.structuredTypeKey(typeName).map((name) => [key.name, `$response.body#/${name}`])),
              description: 'Reads the created entity.',
            },
          },
        },
      },
    }),
  };
  paths[`${collection.path}/$count`] = {
    ...pathParameters(collection),
    get: operation(collection, 'count', `Get the number of entities in ${name}`, {
      parameters: [queryParameter('filter'), ...(searchable(model, typeName) ? [queryParameter('search')] : [])],
      responses: {
        200: {
          description: 'The number of matching entities (OData Part 1 §11.2.10).',
          content: { 'text/plain': { schema: { type: 'integer', minimum: 0 } } },
        },
      },
    }),
  };
  addBoundActions(model, paths, collection, true);
  const conditional = entity.optimisticConcurrency;
  paths[entity.path] = {
    ...pathParameters(entity),
    get: getOperation(model, entity, `Get entity from ${name} by key`, true),
    patch: updateOperation(entity, `Update entity in ${name}`),
    delete: operation(entity, 'delete', `Delete entity from ${name}`, {
      ...(conditional ? { parameters: [preconditionParameter('ifMatch')] } : {}),
      responses: { 204: { description: 'Deleted' }, ...(conditional ? PRECONDITION_FAILED : {}) },
    }),
  };
  addBoundActions(model, paths, entity, false);
  addContainedNavigation(model, paths, entity);
}

// OData Part 1 §11.5.4.1: bound actions are invoked by their qualified name after the resource they are bound to.
function addBoundActions(model: EdmModel, paths: PathItems, resource: Resource, collection: boolean): void {
  for (const [qualifiedName, action] of [...model.allActions()].sort(([a], [b]) => a.localeCompare(b))) {
    const [binding, ...parameters] = action.parameters;
    if (!action.isBound || Boolean(binding.collection) !== collection || !model.isSameOrDerived(resource.typeName, binding.type)) continue;
    // OData Part 1 §11.5.4.1: If-Match on an action is the binding entity's precondition.
    const conditional = !collection && resource.optimisticConcurrency;
    paths[`${resource.path}/${qualifiedName}`] = {
      ...pathParameters(resource),
      post: operation(resource, action.name, `Invoke action ${action.name}`, {
        ...(conditional ? { parameters: [preconditionParameter('ifMatch')] } : {}),
        ...(parameters.length > 0 ? { requestBody: actionBody(model, parameters) } : {}),
        responses: { ...actionResponses(action), ...(conditional ? PRECONDITION_FAILED : {}) },
      }),
    };
  }
}

function actionBody(model: EdmModel, parameters: EdmAction['parameters']): NonNullable<OpenApiOperation['requestBody']> {
  const required = parameters.filter((parameter) => parameter.nullable === false).map((parameter) => parameter.name);
  return {
    description: 'Action parameters',
    required: true,
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: Object.fromEntries(parameters.map((parameter) => [parameter.name, valueSchema(model, parameter, 'create')])),
          ...(required.length > 0 ? { required } : {}),
        },
      },
    },
  };
}

function actionResponses(action: EdmAction): OpenApiOperation['responses'] {
  const returned = action.returnType;
  if (returned === undefined) return { 204: { description: 'Success' } };
  return { 200: returned.collection ? collectionResponse(returned.type, 'Success') : entityResponse(returned.type, 'Success') };
}

/** GET of one entity; with an ETag, in the `ETag` header, and a 304 for an `If-None-Match` that names it. */
function getOperation(model: EdmModel, resource: Resource, summary: string, expandable: boolean): OpenApiOperation {
  const conditional = resource.optimisticConcurrency;
  const parameters = entityParameters(model, resource.typeName, expandable);
  const retrieved = entityResponse(resource.typeName, 'Retrieved entity');
  return operation(resource, 'get', summary, {
    parameters: conditional ? [...parameters, preconditionParameter('ifNoneMatch')] : parameters,
    responses: conditional
      ? {
          200: { ...retrieved, headers: ETAG_HEADER },
          304: { description: 'Not modified: the entity still has an ETag that If-None-Match names', headers: ETAG_HEADER },
        }
      : { 200: retrieved },
  });
}

function updateOperation(resource: Resource, summary: string): OpenApiOperation {
  const conditional = resource.optimisticConcurrency;
  const etag = conditional ? ETAG_HEADER : {};
  return operation(resource, 'update', summary, {
    parameters: [
      {
        name: 'Prefer',
        in: 'header',
        description: '`return=representation` answers 200 with the updated entity instead of 204.',
        schema: { type: 'string' },
        example: 'return=representation',
      },
      ...(conditional ? [preconditionParameter('ifMatch')] : []),
    ],
    requestBody: {
      description: 'New property values',
      required: true,
      content: { 'application/json': { schema: schemaRef(resource.typeName, 'update') } },
    },
    responses: {
      204: { description: 'Updated', ...(conditional ? { headers: etag } : {}) },
      200: {
        ...entityResponse(resource.typeName, 'Updated entity, when the request prefers `return=representation`'),
        headers: { 'Preference-Applied': { description: '`return=representation`', schema: { type: 'string' } }, ...etag },
      },
      ...(conditional ? PRECONDITION_FAILED : {}),
    },
  });
}

function operation(
  resource: Resource,
  verb: string,
  summary: string,
  rest: Pick<OpenApiOperation, 'responses'> & Partial<Pick<OpenApiOperation, 'parameters' | 'requestBody'>>,
): OpenApiOperation {
  return { operationId: operationId(resource, verb), summary, tags: [resource.segments.join('.')], ...rest };
}

function operationId(resource: Resource, verb: string): string {
  return `${resource.segments.join('.')}.${verb}`;
}

function lastSegment(resource: Resource): string {
  return resource.segments[resource.segments.length - 1];
}

// OpenAPI §4.8.9: parameters shared by every operation of a path, here the keys on the way to it.
function pathParameters(resource: Resource): Pick<OpenApiPathItem, 'parameters'> {
  return resource.keys.length > 0 ? { parameters: resource.keys } : {};
}

/** A key as a path parameter named after its type, as Microsoft Graph's own description names them: `embeddedSIMActivationCodePool-id`. */
function keyParameter(model: EdmModel, typeName: string): OpenApiParameter {
  const keys = model.structuredTypeKey(typeName);
  if (keys.length !== 1) throw new Error(`The OpenAPI document maps single-property keys only; ${typeName} has ${keys.join(', ')}`);
  const [key] = keys;
  const shortName = typeName.slice(typeName.lastIndexOf('.') + 1);
  const property = model.findProperty(typeName, key)!;
  return {
    name: `${shortName}-${key}`,
    in: 'path',
    required: true,
    description: `The ${key} of the ${shortName}`,
    schema: valueSchema(model, { ...property, nullable: false }, 'read'),
  };
}

function collectionParameters(model: EdmModel, typeName: string): (OpenApiParameter | Reference)[] {
  return [
    queryParameter('top'),
    queryParameter('skip'),
    ...(searchable(model, typeName) ? [queryParameter('search')] : []),
    queryParameter('filter'),
    queryParameter('count'),
    orderByParameter(model, typeName),
    ...entityParameters(model, typeName, true),
    queryParameter('skiptoken'),
    {
      name: 'Prefer',
      in: 'header',
      description: '`odata.maxpagesize=n` asks for pages of at most n items, never more than the server pages by.',
      schema: { type: 'string' },
      example: 'odata.maxpagesize=50',
    },
  ];
}

/** `$select` and, where there is something to expand, `$expand`: what a single entity takes. */
function entityParameters(model: EdmModel, typeName: string, expandable: boolean): OpenApiParameter[] {
  const select = model.readableProperties(typeName).map(({ name }) => name);
  const expand = model.navigationProperties(typeName).map(({ name }) => name);
  return [
    listParameter('$select', 'Select properties to be returned.', select),
    ...(expandable && expand.length > 0 ? [listParameter('$expand', 'Expand related entities.', expand)] : []),
  ];
}

// Ordering is by simple properties: not by collections, complex values or write-only properties.
function orderByParameter(model: EdmModel, typeName: string): OpenApiParameter {
  const orderable = model.readableProperties(typeName).filter((property) => {
    const kind = model.findType(property.type)?.kind;
    return !property.collection && kind !== 'complex' && kind !== 'entity';
  });
  return listParameter(
    '$orderby',
    'Order items by property values; the key is added to keep pages stable.',
    orderable.flatMap(({ name }) => [name, `${name} desc`]),
  );
}

function listParameter(name: string, description: string, items: readonly string[]): OpenApiParameter {
  return {
    name,
    in: 'query',
    description,
    explode: false,
    schema: { type: 'array', uniqueItems: true, items: { type: 'string', enum: items } },
  };
}

function queryParameter(name: keyof typeof QUERY_PARAMETERS): Reference {
  return componentRef('parameters', name);
}

function searchable(model: EdmModel, typeName: string): boolean {
  return (model.structuredType(typeName).searchProperties ?? []).length > 0;
}

function entityResponse(typeName: string, description: string): OpenApiResponse {
  return { description, content: { 'application/json': { schema: schemaRef(typeName) } } };
}

function collectionResponse(typeName: string, description: string): OpenApiResponse {
  const schema: JsonSchema = {
    type: 'object',
    title: `Collection of ${typeName.slice(typeName.lastIndexOf('.') + 1)}`,
    required: ['value'],
    properties: {
      '@odata.context': { type: 'string' },
      '@odata.count': { type: 'integer', minimum: 0 },
      '@odata.nextLink': { type: 'string', description: 'The next page, when there is one: follow it as received.' },
      value: { type: 'array', items: schemaRef(typeName) },
    },
  };
  return { description, content: { 'application/json': { schema } } };
}
