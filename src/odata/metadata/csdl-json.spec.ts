import { SHOP_SCHEMA, sampleEdmModel } from '../../../test/support/sample-edm-model';
import { renderCsdlJson } from './csdl-json';

describe('renderCsdlJson', () => {
  const document = renderCsdlJson(sampleEdmModel()) as Record<string, any>;
  const shop = document['test.shop'];

  it('writes a CSDL JSON 4.01 document naming its entity container and the vocabularies it uses', () => {
    expect(document.$Version).toBe('4.01');
    expect(document.$EntityContainer).toBe('test.service.ShopService');
    expect(document.$Reference).toEqual({
      'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.json': {
        $Include: [{ $Namespace: 'Org.OData.Capabilities.V1', $Alias: 'Capabilities' }],
      },
      'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.json': {
        $Include: [{ $Namespace: 'Org.OData.Core.V1', $Alias: 'Core' }],
      },
      'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Validation.V1.json': {
        $Include: [{ $Namespace: 'Org.OData.Validation.V1', $Alias: 'Validation' }],
      },
    });
    expect(document['test.service']).toEqual({
      $Alias: 'svc',
      ShopService: {
        $Kind: 'EntityContainer',
        // CSDL JSON §14.4.12: a record is a JSON object; Capabilities restrictions state what the singleton does not allow.
        shop: {
          $Type: 'test.shop.shop',
          '@Capabilities.UpdateRestrictions': { Updatable: false },
          '@Capabilities.ExpandRestrictions': { Expandable: false },
        },
      },
    });
  });

  it('declares the key on the base type only; derived types name their base and inherit it', () => {
    expect(shop.entity).toEqual({
      $Kind: 'EntityType',
      $Abstract: true,
      $Key: ['id'],
      id: { $Type: 'Edm.String', '@Core.Computed': true },
    });
    expect(shop.order).toMatchObject({ $Kind: 'EntityType', $BaseType: 'test.shop.entity' });
    expect(shop.order.$Key).toBeUndefined();
  });

  it('states nullability explicitly, since an absent $Nullable means false in CSDL JSON', () => {
    expect(shop.order.status).toEqual({ $Type: 'test.shop.orderStatus' });
    expect(shop.order.note).toEqual({ $Type: 'Edm.String', $Nullable: true, $MaxLength: 100 });
    expect(shop.order.deliveries).toEqual({ $Type: 'test.shop.address', $Collection: true });
  });

  it('annotates write-only and patterned properties, the pattern with its description', () => {
    expect(shop.order.cardNumber).toEqual({ $Type: 'Edm.String', '@Core.Permissions': 'Write' });
    expect(shop.order.reference).toEqual({
      $Type: 'Edm.String',
      $Nullable: true,
      '@Validation.Pattern': String.raw`^<A&B> "x" 'y'\t$`,
      '@Validation.Pattern@Core.Description': 'must be <A&B> then "x"\nand \'y\'',
    });
  });

  it('writes navigation properties: $Collection and $ContainsTarget, $Nullable only when single-valued', () => {
    expect(shop.shop.orders).toEqual({
      $Kind: 'NavigationProperty',
      $Type: 'test.shop.order',
      $Collection: true,
      $ContainsTarget: true,
      '@Core.OptimisticConcurrency': [],
    });
    expect(shop.order.buyer).toEqual({ $Kind: 'NavigationProperty', $Type: 'test.shop.shop', $Nullable: true });
  });

  it('writes complex types, enum types with their member values', () => {
    expect(shop.address).toEqual({ $Kind: 'ComplexType', $Abstract: true, city: { $Type: 'Edm.String', $Nullable: true } });
    expect(shop.postalAddress).toEqual({ $Kind: 'ComplexType', $BaseType: 'test.shop.address' });
    expect(shop.orderStatus).toEqual({ $Kind: 'EnumType', open: 0, shipped: 1, cancelled: 5 });
  });

  it('writes each action as an array of overloads', () => {
    expect(shop.ship).toEqual([
      {
        $Kind: 'Action',
        $IsBound: true,
        $Parameter: [
          { $Name: 'bindingParameter', $Type: 'test.shop.order' },
          { $Name: 'carriers', $Type: 'Edm.String', $Collection: true, $Nullable: true },
        ],
        $ReturnType: { $Type: 'test.shop.order', $Nullable: true },
      },
    ]);
    expect(shop.reset).toEqual([{ $Kind: 'Action' }]);
  });

  it('orders members by name, whatever order the modules registered them in', () => {
    const reversed = sampleEdmModel({
      ...SHOP_SCHEMA,
      types: [...SHOP_SCHEMA.types].reverse(),
      actions: [...(SHOP_SCHEMA.actions ?? [])].reverse(),
    });
    expect(JSON.stringify(renderCsdlJson(reversed))).toBe(JSON.stringify(document));
    expect(Object.keys(shop)).toEqual(['entity', 'order', 'shop', 'address', 'postalAddress', 'orderStatus', 'reset', 'ship']);
  });
});
