import { SHOP_SCHEMA, sampleEdmModel } from '../../../test/support/sample-edm-model';
import { OpenApiContribution } from './openapi-contributions';
import { buildOpenApiDocument } from './openapi-document';

/** The least a mounting service contributes: the error response every operation refers to. */
const ERRORS: OpenApiContribution = {
  components: { responses: { error: { description: 'Error', content: { 'application/json': { schema: { type: 'object' } } } } } },
};

const ORDERS = '/shop/orders';
const ORDER = '/shop/orders/{order-id}';

describe('buildOpenApiDocument', () => {
  const document = buildOpenApiDocument(sampleEdmModel(), [ERRORS], 'beta') as any;
  const schemas = document.components.schemas;
  const parameterNames = (operation: any) =>
    (operation.parameters ?? []).map((parameter: any) => parameter.name ?? parameter.$ref.split('/').pop()).sort();

  it('describes the service root given, versioned by it, titled after the namespace unless a module names it', () => {
    expect(document).toMatchObject({
      openapi: '3.1.1',
      info: { title: 'Service for namespace test.service', version: 'beta' },
      servers: [{ url: '/beta' }],
    });
    const named = buildOpenApiDocument(sampleEdmModel(), [ERRORS, { info: { title: 'Shop' } }], 'v1.0');
    expect(named.info).toEqual({ title: 'Shop', version: 'v1.0' });
  });

  it("maps the singleton, its contained collection with $count and key, and the actions bound to an entity; the engine's own documents are public", () => {
    expect(Object.keys(document.paths)).toEqual([
      '/',
      '/$metadata',
      '/openapi.json',
      '/shop',
      ORDERS,
      `${ORDERS}/$count`,
      ORDER,
      `${ORDER}/test.shop.ship`,
    ]);
    const methods = (path: string) => Object.keys(document.paths[path]).filter((key) => key !== 'parameters');
    expect(methods(ORDERS)).toEqual(['get', 'post']);
    expect(methods(ORDER)).toEqual(['get', 'patch', 'delete']);
    expect(document.paths[ORDER].parameters).toEqual([
      { name: 'order-id', in: 'path', required: true, description: 'The id of the order', schema: { type: 'string' } },
    ]);
    for (const path of ['/', '/$metadata', '/openapi.json']) expect(document.paths[path].get.security).toEqual([]);
    expect(document.paths[ORDERS].get.security).toBeUndefined();
  });

  it('leaves out what a singleton restricts (Capabilities): the sample shop takes neither PATCH nor $expand', () => {
    expect(Object.keys(document.paths['/shop'])).toEqual(['get']);
    expect(parameterNames(document.paths['/shop'].get)).toEqual(['$select']);
    const unrestricted = buildOpenApiDocument(
      sampleEdmModel({ ...SHOP_SCHEMA, singletons: [{ name: 'shop', type: 'test.shop.shop' }] }),
      [ERRORS],
      'beta',
    );
    expect(Object.keys(unrestricted.paths['/shop'])).toEqual(['get', 'patch']);
    expect(parameterNames(unrestricted.paths['/shop'].get)).toEqual(['$expand', '$select']);
  });

  it('offers collections the query options, $search only where the type has search properties', () => {
    expect(parameterNames(document.paths[ORDERS].get)).toEqual([
      '$expand',
      '$orderby',
      '$select',
      'Prefer',
      'count',
      'filter',
      'skip',
      'skiptoken',
      'top',
    ]);
    expect(parameterNames(document.paths[`${ORDERS}/$count`].get)).toEqual(['filter']);
    expect(parameterNames(document.paths[ORDER].get)).toEqual(['$expand', '$select', 'ifNoneMatch']);
    const orderBy = document.paths[ORDERS].get.parameters.find((parameter: any) => parameter.name === '$orderby');
    expect(orderBy.schema.items.enum).toEqual([
      'id',
      'id desc',
      'status',
      'status desc',
      'note',
      'note desc',
      'reference',
      'reference desc',
    ]);
    const select = document.paths[ORDER].get.parameters.find((parameter: any) => parameter.name === '$select');
    expect(select).toMatchObject({
      explode: false,
      schema: { type: 'array', items: { enum: ['id', 'status', 'note', 'reference', 'deliveries'] } },
    });
    expect(document.components.parameters.top.schema).toEqual({ type: 'integer', minimum: 0, maximum: 1000 });
  });

  it('answers a create with 201 and a link from its key to the read by key, an update with 204 or, when preferred, 200', () => {
    const created = document.paths[ORDERS].post.responses[201];
    expect(created.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/test.shop.order' });
    expect(created.links).toEqual({
      'shop.orders.get': {
        operationId: 'shop.orders.get',
        parameters: { 'order-id': '$response.body#/id' },
        description: 'Reads the created entity.',
      },
    });
    expect(document.paths[ORDERS].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/test.shop.order-create',
    });
    expect(Object.keys(document.paths[ORDER].patch.responses)).toEqual(['200', '204', '412', '4XX', '5XX']);
    expect(document.paths[ORDER].patch.responses[200].headers).toHaveProperty('Preference-Applied');
    expect(document.paths[`${ORDERS}/$count`].get.responses[200].content).toEqual({
      'text/plain': { schema: { type: 'integer', minimum: 0 } },
    });
  });

  it('states the preconditions of entities with ETags (Core.OptimisticConcurrency): If-None-Match and 304 on GET, If-Match and 412 on writes', () => {
    const conditional = { $ref: '#/components/parameters/ifMatch' };
    expect(document.components.parameters.ifMatch).toMatchObject({ name: 'If-Match', in: 'header' });
    expect(document.components.parameters.ifNoneMatch).toMatchObject({ name: 'If-None-Match', in: 'header' });
    const read = document.paths[ORDER].get;
    expect(read.parameters).toContainEqual({ $ref: '#/components/parameters/ifNoneMatch' });
    expect(read.responses[200].headers).toHaveProperty('ETag');
    expect(read.responses[304].headers).toHaveProperty('ETag');
    for (const write of [document.paths[ORDER].patch, document.paths[ORDER].delete, document.paths[`${ORDER}/test.shop.ship`].post]) {
      expect(write.parameters).toContainEqual(conditional);
      expect(write.responses[412]).toEqual({ $ref: '#/components/responses/error' });
    }
    expect(document.paths[ORDER].patch.responses[204].headers).toHaveProperty('ETag');
    expect(document.paths[ORDERS].post.responses[201].headers).toHaveProperty('ETag');
    // The singleton has no ETag.
    expect(document.paths['/shop'].get.parameters).not.toContainEqual({ $ref: '#/components/parameters/ifNoneMatch' });
    expect(document.paths['/shop'].get.responses[304]).toBeUndefined();
  });

  it('takes bound action parameters as create bodies and answers with the return type', () => {
    const ship = document.paths[`${ORDER}/test.shop.ship`].post;
    expect(ship.operationId).toBe('shop.orders.ship');
    expect(ship.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: { carriers: { type: 'array', items: { type: 'string' } } },
    });
    expect(ship.responses[200].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/test.shop.order' });
  });

  it('reads every property but write-only ones, computed ones read-only, navigation properties as $expand fills them', () => {
    expect(schemas['test.shop.order']).toEqual({
      title: 'order',
      type: 'object',
      properties: {
        '@odata.type': { type: 'string', const: '#test.shop.order' },
        id: { type: 'string', readOnly: true },
        status: { $ref: '#/components/schemas/test.shop.orderStatus' },
        note: { type: ['string', 'null'], maxLength: 100 },
        reference: { type: ['string', 'null'], pattern: String.raw`^<A&B> "x" 'y'\t$`, description: 'must be <A&B> then "x"\nand \'y\'' },
        deliveries: { type: 'array', items: { $ref: '#/components/schemas/test.shop.address' } },
        buyer: { anyOf: [{ $ref: '#/components/schemas/test.shop.shop' }, { type: 'null' }] },
      },
    });
    expect(schemas['test.shop.orderStatus']).toEqual({ title: 'orderStatus', type: 'string', enum: ['open', 'shipped', 'cancelled'] });
  });

  it('creates with every property a client sends, write-only ones marked, requiring the non-nullable ones without default; updates without the key', () => {
    const create = schemas['test.shop.order-create'];
    expect(Object.keys(create.properties)).toEqual(['@odata.type', 'status', 'note', 'cardNumber', 'reference', 'deliveries']);
    expect(create.properties.cardNumber).toEqual({ type: 'string', writeOnly: true });
    expect(create.properties.deliveries.items).toEqual({ $ref: '#/components/schemas/test.shop.address-create' });
    expect(create.required).toEqual(['status', 'cardNumber']);
    const update = schemas['test.shop.order-update'];
    expect(Object.keys(update.properties)).toEqual(['@odata.type', 'status', 'note', 'cardNumber', 'reference', 'deliveries']);
    expect(update.required).toBeUndefined();
  });

  it('writes a type with derived types as any of them, each named by @odata.type', () => {
    expect(schemas['test.shop.address'].anyOf).toEqual([{ $ref: '#/components/schemas/test.shop.postalAddress' }]);
    expect(schemas['test.shop.address-create'].anyOf).toEqual([{ $ref: '#/components/schemas/test.shop.postalAddress-create' }]);
    expect(schemas['test.shop.postalAddress'].properties['@odata.type']).toEqual({ type: 'string', const: '#test.shop.postalAddress' });
    expect(schemas['test.shop.postalAddress-create'].properties['@odata.type']).toEqual({
      type: 'string',
      enum: ['#test.shop.postalAddress', 'test.shop.postalAddress'],
    });
    expect(schemas['test.shop.entity-create']).toMatchObject({ required: ['@odata.type'] });
  });

  describe('contributions', () => {
    const contributed = (...contributions: OpenApiContribution[]) =>
      buildOpenApiDocument(sampleEdmModel(), [ERRORS, ...contributions], 'beta') as any;
    const operation = (operationId: string) => ({
      operationId,
      summary: operationId,
      tags: ['t'],
      responses: { 200: { description: 'ok' } },
    });

    it('adds operations, naming a key segment as the model does, and a 4XX/5XX error response to each', () => {
      const { paths } = contributed({
        operations: [{ path: 'shop/orders/:orderId/refund', method: 'post', operation: operation('refund') }],
      });
      expect(paths[`${ORDER}/refund`].parameters.map((parameter: any) => parameter.name)).toEqual(['order-id']);
      expect(paths[`${ORDER}/refund`].post.responses).toEqual({
        200: { description: 'ok' },
        '4XX': { $ref: '#/components/responses/error' },
        '5XX': { $ref: '#/components/responses/error' },
      });
    });

    it('places an operation outside the service root on the host, and a public one without credentials', () => {
      const { paths } = contributed({
        security: [{ bearer: [] }],
        operations: [{ path: 'status', method: 'get', outsideServiceRoot: true, public: true, operation: operation('status') }],
      });
      expect(paths['/status'].servers).toEqual([{ url: '/', description: 'The host, outside the service root' }]);
      expect(paths['/status'].get.security).toEqual([]);
    });

    it('repeats an operation of the model at an alias path, under its own id', () => {
      const { paths } = contributed({
        aliases: [
          {
            path: 'shop/orders/$ref',
            method: 'post',
            sameAs: { path: 'shop/orders', method: 'post' },
            operationId: 'addByRef',
            summary: 'Add',
            description: 'Alias',
          },
        ],
      });
      expect(paths[`${ORDERS}/$ref`].post).toEqual({
        ...paths[ORDERS].post,
        operationId: 'addByRef',
        summary: 'Add',
        description: 'Alias',
      });
    });

    it('attaches examples to the schemas they name', () => {
      const { components } = contributed({ schemaExamples: { 'test.shop.order-update': { note: 'Leave at the door' } } });
      expect(components.schemas['test.shop.order-update'].examples).toEqual([{ note: 'Leave at the door' }]);
    });

    it.each<[string, OpenApiContribution[]]>([
      ['no contribution gives the error response', []],
      ['an example names no schema', [ERRORS, { schemaExamples: { 'test.shop.nothing': {} } }]],
      ['two contributions give the same schema', [ERRORS, { components: { schemas: { 'test.shop.order': {} } } }]],
      [
        'an operation is described twice',
        [ERRORS, { operations: [{ path: 'shop/orders', method: 'get', operation: operation('again') }] }],
      ],
      [
        'an alias repeats nothing',
        [
          ERRORS,
          {
            aliases: [
              { path: 'x', method: 'get', sameAs: { path: 'shop', method: 'delete' }, operationId: 'x', summary: 'x', description: 'x' },
            ],
          },
        ],
      ],
      ['an operation id is used twice', [ERRORS, { operations: [{ path: 'x', method: 'get', operation: operation('shop.orders.list') }] }]],
    ])('fails to build when %s', (_case, contributions) => {
      expect(() => buildOpenApiDocument(sampleEdmModel(), contributions, 'beta')).toThrow(/OpenAPI/);
    });
  });
});
