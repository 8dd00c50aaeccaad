import { childrenNamed, parseXml, XmlElement } from './xml-elements';

/**
 * What two CSDL documents must agree on to describe the same service: types with their kind, base
 * type, abstractness, key, properties (type and nullability), navigation properties, enum members,
 * actions and the entity container. Annotations and extra facets (MaxLength…) are left out, as
 * `$metadata` may add them. Type names are unaliased; CSDL's defaults are made explicit.
 */
export interface CsdlShape {
  readonly entityContainer: string;
  readonly singletons: Record<string, string>;
  readonly types: Record<string, TypeShape>;
  readonly actions: Record<string, ActionShape>;
}

export interface TypeShape {
  readonly kind: 'EntityType' | 'ComplexType' | 'EnumType';
  readonly baseType?: string;
  readonly abstract?: boolean;
  readonly key?: string[];
  readonly properties?: Record<string, { type: string; nullable: boolean }>;
  readonly navigationProperties?: Record<string, { type: string; containsTarget: boolean; nullable?: boolean }>;
  readonly members?: Record<string, number>;
}

export interface ActionShape {
  readonly isBound: boolean;
  readonly parameters: { name: string; type: string; nullable: boolean }[];
  readonly returnType?: { type: string; nullable: boolean };
}

/** Reads a CSDL XML document (OData CSDL XML 4.0). */
export function csdlShapeFromXml(xml: string): CsdlShape {
  const edmx = parseXml(xml);
  if (edmx.name !== 'edmx:Edmx' || edmx.attributes.Version !== '4.0') throw new Error(`Not an EDMX 4.0 document: <${edmx.name}>`);
  const schemas = childrenNamed(edmx, 'edmx:DataServices').flatMap((dataServices) => childrenNamed(dataServices, 'Schema'));
  const references = childrenNamed(edmx, 'edmx:Reference').flatMap((reference) => childrenNamed(reference, 'edmx:Include'));
  const unalias = unaliaser([...schemas, ...references].map(({ attributes }) => [attributes.Alias, attributes.Namespace]));
  const shape = {
    entityContainer: '',
    singletons: {} as CsdlShape['singletons'],
    types: {} as CsdlShape['types'],
    actions: {} as CsdlShape['actions'],
  };
  for (const schema of schemas) {
    const qualify = (name: string) => `${schema.attributes.Namespace}.${name}`;
    for (const element of schema.children) {
      const name = qualify(element.attributes.Name);
      switch (element.name) {
        case 'EntityType':
        case 'ComplexType':
          shape.types[name] = structuredTypeFromXml(element, unalias);
          break;
        case 'EnumType':
          shape.types[name] = {
            kind: 'EnumType',
            members: Object.fromEntries(
              childrenNamed(element, 'Member').map(({ attributes }) => [attributes.Name, Number(attributes.Value)]),
            ),
          };
          break;
        case 'Action':
          shape.actions[name] = actionFromXml(element, unalias);
          break;
        case 'EntityContainer':
          shape.entityContainer = name;
          for (const { attributes } of childrenNamed(element, 'Singleton')) shape.singletons[attributes.Name] = unalias(attributes.Type);
          break;
        case 'Annotations':
          break;
        default:
          // Anything else (a Function, a TypeDefinition…) would be a difference this shape cannot show.
          throw new Error(`Unexpected <${element.name}> in schema ${schema.attributes.Namespace}`);
      }
    }
  }
  return shape;
}

/** Reads a CSDL JSON document (OData CSDL JSON 4.01). */
export function csdlShapeFromJson(document: Record<string, any>): CsdlShape {
  const schemaNames = Object.keys(document).filter((name) => !name.startsWith('$'));
  const includes = Object.values<{ $Include?: { $Namespace: string; $Alias?: string }[] }>(document.$Reference ?? {}).flatMap(
    ({ $Include }) => $Include ?? [],
  );
  const unalias = unaliaser([
    ...schemaNames.map((namespace) => [document[namespace].$Alias, namespace]),
    ...includes.map(({ $Alias, $Namespace }) => [$Alias, $Namespace]),
  ]);
  const shape: CsdlShape = { entityContainer: unalias(document.$EntityContainer), singletons: {}, types: {}, actions: {} };
  for (const namespace of schemaNames) {
    for (const [name, element] of elementsOf(document[namespace])) {
      const qualified = `${namespace}.${name}`;
      if (Array.isArray(element)) {
        if (element.length !== 1 || element[0].$Kind !== 'Action') throw new Error(`${qualified}: expected one action overload`);
        shape.actions[qualified] = actionFromJson(element[0], unalias);
      } else if (element.$Kind === 'EntityType' || element.$Kind === 'ComplexType') {
        shape.types[qualified] = structuredTypeFromJson(element, unalias);
      } else if (element.$Kind === 'EnumType') {
        shape.types[qualified] = { kind: 'EnumType', members: Object.fromEntries(elementsOf(element)) };
      } else if (element.$Kind === 'EntityContainer') {
        if (qualified !== shape.entityContainer) throw new Error(`${qualified} is not the $EntityContainer ${shape.entityContainer}`);
        for (const [singleton, { $Type }] of elementsOf(element)) shape.singletons[singleton] = unalias($Type);
      } else {
        throw new Error(`${qualified}: unexpected $Kind ${element.$Kind}`);
      }
    }
  }
  return shape;
}

type Unalias = (type: string) => string;

function structuredTypeFromXml(type: XmlElement, unalias: Unalias): TypeShape {
  const [key] = childrenNamed(type, 'Key');
  return {
    kind: type.name as TypeShape['kind'],
    baseType: type.attributes.BaseType === undefined ? undefined : unalias(type.attributes.BaseType),
    abstract: type.attributes.Abstract === 'true',
    key: key === undefined ? undefined : childrenNamed(key, 'PropertyRef').map(({ attributes }) => attributes.Name),
    properties: Object.fromEntries(
      childrenNamed(type, 'Property').map(({ attributes }) => [
        attributes.Name,
        { type: unalias(attributes.Type), nullable: attributes.Nullable !== 'false' },
      ]),
    ),
    navigationProperties: Object.fromEntries(
      childrenNamed(type, 'NavigationProperty').map(({ attributes }) => {
        const type = unalias(attributes.Type);
        const nullable = type.startsWith('Collection(') ? undefined : attributes.Nullable !== 'false';
        return [attributes.Name, { type, containsTarget: attributes.ContainsTarget === 'true', nullable }];
      }),
    ),
  };
}

function structuredTypeFromJson(type: Record<string, any>, unalias: Unalias): TypeShape {
  const members = elementsOf(type);
  const navigation = members.filter(([, member]) => member.$Kind === 'NavigationProperty');
  const structural = members.filter(([, member]) => member.$Kind === undefined || member.$Kind === 'Property');
  return {
    kind: type.$Kind,
    baseType: type.$BaseType === undefined ? undefined : unalias(type.$BaseType),
    abstract: type.$Abstract === true,
    key: type.$Key,
    properties: Object.fromEntries(
      structural.map(([name, member]) => [name, { type: typeFromJson(member, unalias), nullable: member.$Nullable === true }]),
    ),
    navigationProperties: Object.fromEntries(
      navigation.map(([name, member]) => [
        name,
        {
          type: typeFromJson(member, unalias),
          containsTarget: member.$ContainsTarget === true,
          nullable: member.$Collection ? undefined : member.$Nullable === true,
        },
      ]),
    ),
  };
}

function actionFromXml(action: XmlElement, unalias: Unalias): ActionShape {
  const [returnType] = childrenNamed(action, 'ReturnType');
  return {
    isBound: action.attributes.IsBound === 'true',
    parameters: childrenNamed(action, 'Parameter').map(({ attributes }) => ({
      name: attributes.Name,
      type: unalias(attributes.Type),
      nullable: attributes.Nullable !== 'false',
    })),
    returnType:
      returnType === undefined
        ? undefined
        : { type: unalias(returnType.attributes.Type), nullable: returnType.attributes.Nullable !== 'false' },
  };
}

function actionFromJson(action: Record<string, any>, unalias: Unalias): ActionShape {
  return {
    isBound: action.$IsBound === true,
    parameters: (action.$Parameter ?? []).map((parameter: Record<string, any>) => ({
      name: parameter.$Name,
      type: typeFromJson(parameter, unalias),
      nullable: parameter.$Nullable === true,
    })),
    returnType:
      action.$ReturnType === undefined
        ? undefined
        : { type: typeFromJson(action.$ReturnType, unalias), nullable: action.$ReturnType.$Nullable === true },
  };
}

// CSDL JSON: an absent $Type means Edm.String; collections are written as in CSDL XML for comparison.
function typeFromJson(typed: Record<string, any>, unalias: Unalias): string {
  const type = unalias(typed.$Type ?? 'Edm.String');
  return typed.$Collection ? `Collection(${type})` : type;
}

// The members of a CSDL JSON object that name model elements: not `$…` keywords, not `@…` annotations.
function elementsOf(object: Record<string, any>): [string, any][] {
  return Object.entries(object).filter(([name]) => !name.startsWith('$') && !name.includes('@'));
}

// `graph.x` → `microsoft.graph.x`, also inside `Collection(…)`.
function unaliaser(aliasToNamespace: readonly (readonly (string | undefined)[])[]): Unalias {
  const namespaces = new Map(
    aliasToNamespace.filter(([alias]) => alias !== undefined).map(([alias, namespace]) => [alias as string, namespace as string]),
  );
  return (type) =>
    type.replace(/^(Collection\()?([^.()]+)\.(.*?)(\))?$/, (whole, open = '', prefix: string, rest: string, close = '') =>
      namespaces.has(prefix) ? `${open}${namespaces.get(prefix)}.${rest}${close}` : whole,
    );
}
