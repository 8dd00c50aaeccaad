import { parse } from '@sap-ux/edmx-parser';
import { SHOP_SCHEMA, sampleEdmModel } from '../../../test/support/sample-edm-model';
import { childrenNamed, parseXml, XmlElement } from '../../../test/support/xml-elements';
import { renderCsdlXml } from './csdl-xml';

describe('renderCsdlXml', () => {
  const xml = renderCsdlXml(sampleEdmModel());
  const edmx = parseXml(xml);
  const [dataServices] = childrenNamed(edmx, 'edmx:DataServices');
  const [shopSchema] = childrenNamed(dataServices, 'Schema').filter(({ attributes }) => attributes.Namespace === 'test.shop');
  const one = (parent: XmlElement, name: string, nameAttribute?: string) => {
    const found = childrenNamed(parent, name, nameAttribute);
    expect(found).toHaveLength(1);
    return found[0];
  };
  const property = (typeName: string, propertyName: string) => one(one(shopSchema, 'EntityType', typeName), 'Property', propertyName);

  it('writes an EDMX 4.0 document with the Capabilities, Core and Validation vocabularies referenced', () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="utf-8"?>\n<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
      ),
    ).toBe(true);
    expect(
      childrenNamed(edmx, 'edmx:Reference').map((reference) => ({
        uri: reference.attributes.Uri,
        ...one(reference, 'edmx:Include').attributes,
      })),
    ).toEqual([
      {
        uri: 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml',
        Namespace: 'Org.OData.Capabilities.V1',
        Alias: 'Capabilities',
      },
      {
        uri: 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml',
        Namespace: 'Org.OData.Core.V1',
        Alias: 'Core',
      },
      {
        uri: 'https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Validation.V1.xml',
        Namespace: 'Org.OData.Validation.V1',
        Alias: 'Validation',
      },
    ]);
  });

  it('declares the key on the base type only; derived types name their base and inherit it', () => {
    const base = one(shopSchema, 'EntityType', 'entity');
    expect(base.attributes).toEqual({ Name: 'entity', Abstract: 'true' });
    expect(one(base, 'Key').children.map(({ name, attributes }) => ({ name, ...attributes }))).toEqual([
      { name: 'PropertyRef', Name: 'id' },
    ]);
    const derived = one(shopSchema, 'EntityType', 'order');
    expect(derived.attributes).toEqual({ Name: 'order', BaseType: 'test.shop.entity' });
    expect(childrenNamed(derived, 'Key')).toEqual([]);
  });

  it('writes Nullable="false" only where the model says so, collections as Collection(…), and MaxLength', () => {
    expect(property('order', 'status').attributes).toEqual({ Name: 'status', Type: 'test.shop.orderStatus', Nullable: 'false' });
    expect(property('order', 'note').attributes).toEqual({ Name: 'note', Type: 'Edm.String', MaxLength: '100' });
    expect(property('order', 'deliveries').attributes).toEqual({
      Name: 'deliveries',
      Type: 'Collection(test.shop.address)',
      Nullable: 'false',
    });
  });

  it('annotates computed and write-only properties', () => {
    expect(one(property('entity', 'id'), 'Annotation').attributes).toEqual({ Term: 'Core.Computed', Bool: 'true' });
    expect(one(property('order', 'cardNumber'), 'Annotation').attributes).toEqual({
      Term: 'Core.Permissions',
      EnumMember: 'Core.Permission/Write',
    });
  });

  it('escapes attribute values, so that a reader gets back the exact pattern and its description', () => {
    expect(xml).toContain('String="^&lt;A&amp;B&gt; &quot;x&quot; &apos;y&apos;\\t$"');
    // A literal newline in an attribute would be read back as a space (XML 1.0 §3.3.3).
    expect(xml).toContain('&quot;x&quot;&#10;and');
    const pattern = one(property('order', 'reference'), 'Annotation');
    expect(pattern.attributes).toEqual({ Term: 'Validation.Pattern', String: String.raw`^<A&B> "x" 'y'\t$` });
    expect(one(pattern, 'Annotation').attributes).toEqual({ Term: 'Core.Description', String: 'must be <A&B> then "x"\nand \'y\'' });
  });

  it('writes navigation properties with containment, and Nullable left at its default', () => {
    expect(one(one(shopSchema, 'EntityType', 'shop'), 'NavigationProperty').attributes).toEqual({
      Name: 'orders',
      Type: 'Collection(test.shop.order)',
      ContainsTarget: 'true',
    });
    expect(one(one(shopSchema, 'EntityType', 'order'), 'NavigationProperty').attributes).toEqual({ Name: 'buyer', Type: 'test.shop.shop' });
  });

  it('states the optimistic concurrency of contained entities with an empty Core.OptimisticConcurrency collection', () => {
    const concurrency = one(one(one(shopSchema, 'EntityType', 'shop'), 'NavigationProperty'), 'Annotation');
    expect(concurrency).toEqual({
      name: 'Annotation',
      attributes: { Term: 'Core.OptimisticConcurrency' },
      children: [{ name: 'Collection', attributes: {}, children: [] }],
    });
    expect(one(one(shopSchema, 'EntityType', 'order'), 'NavigationProperty').children).toEqual([]);
  });

  it('writes complex types with Abstract and BaseType', () => {
    expect(one(shopSchema, 'ComplexType', 'address').attributes).toEqual({ Name: 'address', Abstract: 'true' });
    expect(one(shopSchema, 'ComplexType', 'postalAddress')).toEqual({
      name: 'ComplexType',
      attributes: { Name: 'postalAddress', BaseType: 'test.shop.address' },
      children: [],
    });
  });

  it('writes enum members with their values', () => {
    expect(one(shopSchema, 'EnumType', 'orderStatus').children.map(({ attributes }) => attributes)).toEqual([
      { Name: 'open', Value: '0' },
      { Name: 'shipped', Value: '1' },
      { Name: 'cancelled', Value: '5' },
    ]);
  });

  it('writes bound actions with the binding parameter first, and unbound ones without IsBound', () => {
    const ship = one(shopSchema, 'Action', 'ship');
    expect(ship.attributes).toEqual({ Name: 'ship', IsBound: 'true' });
    expect(ship.children.map(({ name, attributes }) => ({ name, ...attributes }))).toEqual([
      { name: 'Parameter', Name: 'bindingParameter', Type: 'test.shop.order', Nullable: 'false' },
      { name: 'Parameter', Name: 'carriers', Type: 'Collection(Edm.String)' },
      { name: 'ReturnType', Type: 'test.shop.order' },
    ]);
    expect(one(shopSchema, 'Action', 'reset')).toEqual({ name: 'Action', attributes: { Name: 'reset' }, children: [] });
  });

  it('puts the singletons in the entity container, in the aliased schema of its own namespace', () => {
    const [graphSchema] = childrenNamed(dataServices, 'Schema').filter(({ attributes }) => attributes.Namespace === 'test.service');
    expect(graphSchema.attributes).toEqual({
      Namespace: 'test.service',
      Alias: 'svc',
      xmlns: 'http://docs.oasis-open.org/odata/ns/edm',
    });
    expect(one(one(graphSchema, 'EntityContainer', 'ShopService'), 'Singleton').attributes).toEqual({
      Name: 'shop',
      Type: 'test.shop.shop',
    });
  });

  it('states what a singleton does not allow as Capabilities restriction records', () => {
    const [graphSchema] = childrenNamed(dataServices, 'Schema').filter(({ attributes }) => attributes.Namespace === 'test.service');
    const singleton = one(one(graphSchema, 'EntityContainer', 'ShopService'), 'Singleton');
    expect(
      singleton.children.map((annotation) => ({
        term: annotation.attributes.Term,
        record: one(annotation, 'Record').children.map(({ name, attributes }) => ({ name, ...attributes })),
      })),
    ).toEqual([
      { term: 'Capabilities.UpdateRestrictions', record: [{ name: 'PropertyValue', Property: 'Updatable', Bool: 'false' }] },
      { term: 'Capabilities.ExpandRestrictions', record: [{ name: 'PropertyValue', Property: 'Expandable', Bool: 'false' }] },
    ]);
  });

  it('orders elements by name, whatever order the modules registered them in', () => {
    const reversed = sampleEdmModel({
      ...SHOP_SCHEMA,
      types: [...SHOP_SCHEMA.types].reverse(),
      actions: [...(SHOP_SCHEMA.actions ?? [])].reverse(),
    });
    expect(renderCsdlXml(reversed)).toBe(xml);
    expect(childrenNamed(shopSchema, 'EntityType').map(({ attributes }) => attributes.Name)).toEqual(['entity', 'order', 'shop']);
  });

  it('is well-formed for a third-party CSDL reader, escapes included', () => {
    const metadata = parse(xml);
    expect(metadata.schema.entityTypes.map((type: { fullyQualifiedName: string }) => type.fullyQualifiedName).sort()).toEqual([
      'test.shop.entity',
      'test.shop.order',
      'test.shop.shop',
    ]);
  });
});
