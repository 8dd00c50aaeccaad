import { ENTITY_TAG } from '../concurrency/entity-tags';
import { EntitySerializer } from './entity-serializer';
import { orderModel } from '../../../test/support/order-model';

describe('EntitySerializer', () => {
  const model = orderModel();
  const serializer = new EntitySerializer(model);

  it('writes the type annotation and only the readable properties, even if the value carries more', () => {
    const value = { id: '1', total: 5, cardNumber: '4111', internalNote: 'x' };
    expect(serializer.serialize(value, 'test.order')).toEqual({ '@odata.type': '#test.order', id: '1', total: 5 });
  });

  it('echoes write-only properties only when asked to (the create response)', () => {
    expect(serializer.serialize({ id: '1', cardNumber: '4111' }, 'test.order', { echoWriteOnly: true })).toEqual({
      '@odata.type': '#test.order',
      id: '1',
      cardNumber: '4111',
    });
  });

  it('writes the ETag a value carries as @odata.etag, after the type and before the properties', () => {
    const serialized = serializer.serialize({ id: '1', total: 5, [ENTITY_TAG]: 'W/"2"' }, 'test.order', { select: ['total'] });
    expect(Object.entries(serialized)).toEqual([
      ['@odata.type', '#test.order'],
      ['@odata.etag', 'W/"2"'],
      ['total', 5],
    ]);
  });

  it('leaves out the ETag with the rest of the control information (odata.metadata=none)', () => {
    expect(serializer.serialize({ id: '1', [ENTITY_TAG]: 'W/"2"' }, 'test.order', { annotate: false })).toEqual({ id: '1' });
  });
});
