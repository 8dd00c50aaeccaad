import { EdmModel } from '../../src/odata/edm/edm-model';

/** One entity type with a write-only property (`cardNumber`, as the pool's codes are) and a nullable one: what the serialization specs render. */
export function orderModel(): EdmModel {
  const model = new EdmModel({ namespace: 'test', name: 'TestService' });
  model.register({
    namespace: 'test',
    types: [
      {
        kind: 'entity',
        name: 'order',
        properties: [
          { name: 'id', type: 'Edm.String' },
          { name: 'total', type: 'Edm.Int32' },
          { name: 'cardNumber', type: 'Edm.String', writeOnly: true },
          { name: 'note', type: 'Edm.String', nullable: true },
        ],
      },
    ],
  });
  return model;
}
