import { EdmModel } from './edm-model';
import { EdmSchemaFragment } from './edm-types';

const SCHEMA: EdmSchemaFragment = {
  namespace: 'test',
  singletons: [{ name: 'shop', type: 'test.shop' }],
  types: [
    { kind: 'entity', name: 'entity', abstract: true, key: ['id'], properties: [{ name: 'id', type: 'Edm.String' }] },
    {
      kind: 'entity',
      name: 'shop',
      baseType: 'test.entity',
      properties: [],
      navigationProperties: [{ name: 'orders', type: 'test.order', collection: true, containsTarget: true }],
    },
    {
      kind: 'entity',
      name: 'order',
      baseType: 'test.entity',
      properties: [
        { name: 'total', type: 'Edm.Int32' },
        { name: 'cardNumber', type: 'Edm.String', writeOnly: true },
      ],
    },
  ],
};

describe('EdmModel', () => {
  const model = new EdmModel({ namespace: 'test', name: 'TestService' });
  model.register(SCHEMA);

  it('resolves a singleton and a contained collection', () => {
    expect(model.resolve('shop')).toEqual({ typeName: 'test.shop', isCollection: false, isSingleton: true });
    expect(model.resolve('shop/orders')).toEqual({ typeName: 'test.order', isCollection: true, isSingleton: false });
  });

  it('includes inherited properties, base type first', () => {
    expect(model.properties('test.order').map((p) => p.name)).toEqual(['id', 'total', 'cardNumber']);
  });

  it('never lists a write-only property as readable', () => {
    expect(model.readableProperties('test.order').map((p) => p.name)).toEqual(['id', 'total']);
  });

  it('fails loudly on a path the model does not have', () => {
    expect(() => model.resolve('shop/invoices')).toThrow(/No navigation property invoices/);
    expect(() => model.resolve('bank')).toThrow(/No singleton bank/);
  });

  it('refuses to register a type twice', () => {
    expect(() => model.register(SCHEMA)).toThrow(/registered twice/);
  });
});
