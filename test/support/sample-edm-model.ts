import { EdmModel } from '../../src/odata/edm/edm-model';
import { EdmSchemaFragment } from '../../src/odata/edm/edm-types';

/** A small model exercising every CSDL construct the renderers emit, with characters XML must escape. */
export const SHOP_SCHEMA: EdmSchemaFragment = {
  namespace: 'test.shop',
  singletons: [{ name: 'shop', type: 'test.shop.shop', updatable: false, expandable: false }],
  actions: [
    {
      name: 'ship',
      isBound: true,
      parameters: [
        { name: 'bindingParameter', type: 'test.shop.order', nullable: false },
        { name: 'carriers', type: 'Edm.String', collection: true },
      ],
      returnType: { type: 'test.shop.order' },
    },
    { name: 'reset', isBound: false, parameters: [] },
  ],
  types: [
    {
      kind: 'entity',
      name: 'entity',
      abstract: true,
      key: ['id'],
      properties: [{ name: 'id', type: 'Edm.String', nullable: false, computed: true }],
    },
    {
      kind: 'entity',
      name: 'shop',
      baseType: 'test.shop.entity',
      properties: [],
      navigationProperties: [
        { name: 'orders', type: 'test.shop.order', collection: true, containsTarget: true, optimisticConcurrency: true },
      ],
    },
    {
      kind: 'entity',
      name: 'order',
      baseType: 'test.shop.entity',
      properties: [
        { name: 'status', type: 'test.shop.orderStatus', nullable: false },
        { name: 'note', type: 'Edm.String', maxLength: 100 },
        { name: 'cardNumber', type: 'Edm.String', nullable: false, writeOnly: true },
        { name: 'reference', type: 'Edm.String', pattern: /^<A&B> "x" 'y'\t$/, patternDescription: 'must be <A&B> then "x"\nand \'y\'' },
        { name: 'deliveries', type: 'test.shop.address', collection: true, nullable: false },
      ],
      navigationProperties: [{ name: 'buyer', type: 'test.shop.shop', collection: false, containsTarget: false }],
    },
    { kind: 'complex', name: 'address', abstract: true, properties: [{ name: 'city', type: 'Edm.String' }] },
    { kind: 'complex', name: 'postalAddress', baseType: 'test.shop.address', properties: [] },
    {
      kind: 'enum',
      name: 'orderStatus',
      members: [
        { name: 'open', value: 0 },
        { name: 'shipped', value: 1 },
        { name: 'cancelled', value: 5 },
      ],
    },
  ],
};

/** The sample model, registered as a resource module would register it. */
export function sampleEdmModel(fragment: EdmSchemaFragment = SHOP_SCHEMA): EdmModel {
  const model = new EdmModel({ namespace: 'test.service', name: 'ShopService', alias: 'svc' });
  model.register(fragment);
  return model;
}
