import { EdmModel } from '../edm/edm-model';
import {
  EdmAction,
  EdmEnumType,
  EdmNavigationProperty,
  EdmParameter,
  EdmProperty,
  EdmSingleton,
  EdmStructuredType,
} from '../edm/edm-types';
import {
  CsdlAnnotation,
  navigationPropertyAnnotations,
  propertyAnnotations,
  singletonAnnotations,
  VOCABULARIES,
  vocabularyUri,
} from './csdl-annotations';
import { CsdlSchema, csdlSchemas, isNullable } from './csdl-schemas';

const EDMX_NAMESPACE = 'http://docs.oasis-open.org/odata/ns/edmx';
const EDM_NAMESPACE = 'http://docs.oasis-open.org/odata/ns/edm';

type Attributes = Readonly<Record<string, string | number | undefined>>;

/** Renders the model as an OData CSDL XML 4.0 document, the body of `GET {root}/$metadata`. */
export function renderCsdlXml(model: EdmModel): string {
  const document = element('edmx:Edmx', { Version: '4.0', 'xmlns:edmx': EDMX_NAMESPACE }, [
    ...VOCABULARIES.flatMap(({ namespace, alias }) =>
      element('edmx:Reference', { Uri: vocabularyUri(namespace, 'xml') }, element('edmx:Include', { Namespace: namespace, Alias: alias })),
    ),
    ...element('edmx:DataServices', {}, csdlSchemas(model).flatMap(schema)),
  ]);
  return ['<?xml version="1.0" encoding="utf-8"?>', ...document, ''].join('\n');
}

function schema(csdl: CsdlSchema): string[] {
  return element('Schema', { Namespace: csdl.namespace, Alias: csdl.alias, xmlns: EDM_NAMESPACE }, [
    ...csdl.entityTypes.flatMap((type) => structuredType('EntityType', type)),
    ...csdl.complexTypes.flatMap((type) => structuredType('ComplexType', type)),
    ...csdl.enumTypes.flatMap(enumType),
    ...csdl.actions.flatMap(action),
    ...(csdl.container ? entityContainer(csdl.container.name, csdl.container.singletons) : []),
  ]);
}

// CSDL XML §6 (EntityType) and §9 (ComplexType); a derived type inherits its base's key (§6.5).
function structuredType(tag: 'EntityType' | 'ComplexType', type: EdmStructuredType): string[] {
  return element(tag, { Name: type.name, BaseType: type.baseType, Abstract: type.abstract ? 'true' : undefined }, [
    ...(type.key
      ? element(
          'Key',
          {},
          type.key.flatMap((name) => element('PropertyRef', { Name: name })),
        )
      : []),
    ...type.properties.flatMap(property),
    ...(type.navigationProperties ?? []).flatMap(navigationProperty),
  ]);
}

function property(edm: EdmProperty): string[] {
  return element(
    'Property',
    {
      Name: edm.name,
      Type: typeReference(edm.type, edm.collection),
      Nullable: nullableFacet(edm),
      MaxLength: edm.maxLength,
      DefaultValue: edm.defaultValue,
    },
    propertyAnnotations(edm).flatMap(annotation),
  );
}

// CSDL XML §8.2: Nullable must not be given on a collection-valued navigation property.
function navigationProperty(edm: EdmNavigationProperty): string[] {
  return element(
    'NavigationProperty',
    {
      Name: edm.name,
      Type: typeReference(edm.type, edm.collection),
      ContainsTarget: edm.containsTarget ? 'true' : undefined,
    },
    navigationPropertyAnnotations(edm).flatMap(annotation),
  );
}

function enumType(edm: EdmEnumType): string[] {
  return element(
    'EnumType',
    { Name: edm.name },
    edm.members.flatMap(({ name, value }) => element('Member', { Name: name, Value: value })),
  );
}

// CSDL XML §12.1: a bound action's first parameter is the binding parameter.
function action(edm: EdmAction): string[] {
  return element('Action', { Name: edm.name, IsBound: edm.isBound ? 'true' : undefined }, [
    ...edm.parameters.flatMap(parameter),
    ...(edm.returnType ? element('ReturnType', { Type: typeReference(edm.returnType.type, edm.returnType.collection) }) : []),
  ]);
}

function parameter(edm: EdmParameter): string[] {
  return element('Parameter', { Name: edm.name, Type: typeReference(edm.type, edm.collection), Nullable: nullableFacet(edm) });
}

function entityContainer(name: string, singletons: readonly EdmSingleton[]): string[] {
  return element(
    'EntityContainer',
    { Name: name },
    singletons.flatMap((singleton) =>
      element('Singleton', { Name: singleton.name, Type: singleton.type }, singletonAnnotations(singleton).flatMap(annotation)),
    ),
  );
}

// CSDL XML §14.2; a constant value goes in the attribute named after its expression (§14.3), a record or collection in a child element (§14.4).
function annotation(csdl: CsdlAnnotation): string[] {
  const { value } = csdl;
  const nested = (csdl.annotations ?? []).flatMap(annotation);
  if ('emptyCollection' in value) return element('Annotation', { Term: csdl.term }, [...element('Collection', {}), ...nested]);
  if ('record' in value) {
    const properties = Object.entries(value.record).flatMap(([name, bool]) =>
      element('PropertyValue', { Property: name, Bool: String(bool) }),
    );
    return element('Annotation', { Term: csdl.term }, [...element('Record', {}, properties), ...nested]);
  }
  const valueAttribute: Attributes =
    'bool' in value
      ? { Bool: String(value.bool) }
      : 'string' in value
        ? { String: value.string }
        : { EnumMember: `${value.enumType}/${value.member}` };
  return element('Annotation', { Term: csdl.term, ...valueAttribute }, nested);
}

function typeReference(type: string, collection: boolean | undefined): string {
  return collection ? `Collection(${type})` : type;
}

function nullableFacet(typed: { readonly nullable?: boolean }): string | undefined {
  return isNullable(typed) ? undefined : 'false';
}

// One element as indented lines; attributes left undefined are omitted.
function element(name: string, attributes: Attributes, children: readonly string[] = []): string[] {
  const rendered = Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([attribute, value]) => ` ${attribute}="${escapeAttribute(String(value))}"`)
    .join('');
  if (children.length === 0) return [`<${name}${rendered} />`];
  return [`<${name}${rendered}>`, ...children.map((line) => `  ${line}`), `</${name}>`];
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // XML 1.0 §3.3.3 normalizes literal whitespace in attributes to spaces; character references survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (character) => ATTRIBUTE_ESCAPES[character]);
}
