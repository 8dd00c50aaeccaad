import { EdmModel } from '../edm/edm-model';
import { EdmEnumType, EdmProperty, EdmStructuredType } from '../edm/edm-types';
import { isNullable } from '../metadata/csdl-schemas';
import { componentRef, JsonSchema, Reference } from './openapi-types';

/**
 * The OASIS CSDL-to-OpenAPI mapping gives each structured type three schemas: what a response carries
 * (`microsoft.graph.x`), and the bodies of a create (`…-create`) and an update (`…-update`).
 */
export type SchemaVariant = 'read' | 'create' | 'update';

const VARIANTS: readonly SchemaVariant[] = ['read', 'create', 'update'];

export function schemaName(qualifiedTypeName: string, variant: SchemaVariant = 'read'): string {
  return variant === 'read' ? qualifiedTypeName : `${qualifiedTypeName}-${variant}`;
}

export function schemaRef(qualifiedTypeName: string, variant: SchemaVariant = 'read'): Reference {
  return componentRef('schemas', schemaName(qualifiedTypeName, variant));
}

/** The primitive types the model uses, as JSON Schema (as the mapping's table of primitive types has them). */
const PRIMITIVE_SCHEMAS: Readonly<Record<string, JsonSchema>> = {
  'Edm.Boolean': { type: 'boolean' },
  'Edm.DateTimeOffset': { type: 'string', format: 'date-time' },
  'Edm.Guid': { type: 'string', format: 'uuid' },
  'Edm.Int32': { type: 'integer', format: 'int32' },
  'Edm.String': { type: 'string' },
};

/** A typed element of the model: a property, an action parameter, a key. */
type TypedElement = Pick<EdmProperty, 'type' | 'collection' | 'nullable'> &
  Partial<Pick<EdmProperty, 'maxLength' | 'pattern' | 'patternDescription' | 'defaultValue'>>;

/** Every type of the model as schemas, by name: three per structured type, one per enumeration. */
export function modelSchemas(model: EdmModel): Record<string, JsonSchema> {
  const descendants = descendantsByType(model);
  const schemas: Record<string, JsonSchema> = {};
  for (const name of [...model.allTypes().keys()].sort()) {
    const type = model.allTypes().get(name)!;
    if (type.kind === 'enum') {
      schemas[name] = enumSchema(type);
      continue;
    }
    for (const variant of VARIANTS) {
      schemas[schemaName(name, variant)] = structuredSchema(model, name, type, variant, descendants.get(name) ?? []);
    }
  }
  return schemas;
}

/** The schema of a value of a typed element, as a response (`read`) carries it or a request body sends it. */
export function valueSchema(model: EdmModel, element: TypedElement, variant: SchemaVariant): JsonSchema {
  const single = singleValueSchema(model, element, variant);
  if (element.collection) return { type: 'array', items: single };
  return isNullable(element) ? nullable(single) : single;
}

/** OpenAPI 3.1 has no `nullable`: `null` is one more JSON type, or one more alternative to a reference. */
function nullable(schema: JsonSchema): JsonSchema {
  return typeof schema.type === 'string' ? { ...schema, type: [schema.type, 'null'] } : { anyOf: [schema, { type: 'null' }] };
}

function singleValueSchema(model: EdmModel, element: TypedElement, variant: SchemaVariant): JsonSchema {
  const facets = {
    ...(element.maxLength !== undefined ? { maxLength: element.maxLength } : {}),
    // Validation.Pattern is an ECMA-262 expression, as JSON Schema's `pattern` is.
    ...(element.pattern !== undefined ? { pattern: element.pattern.source } : {}),
    ...(element.patternDescription !== undefined ? { description: element.patternDescription } : {}),
    ...(element.defaultValue !== undefined ? { default: element.defaultValue } : {}),
  };
  const primitive = PRIMITIVE_SCHEMAS[element.type];
  if (primitive !== undefined) return { ...primitive, ...facets };
  const type = model.findType(element.type);
  if (type === undefined) throw new Error(`The OpenAPI document has no schema for the type ${element.type}`);
  return { ...schemaRef(element.type, type.kind === 'enum' ? 'read' : variant), ...facets };
}

// Enumeration values are written as member names (spec §2).
function enumSchema(type: EdmEnumType): JsonSchema {
  return { title: type.name, type: 'string', enum: type.members.map(({ name }) => name) };
}

/**
 * Read: every property but write-only ones, computed ones marked `readOnly`, and the navigation
 * properties `$expand` fills. Create: every property a client may send (not computed), write-only
 * ones marked `writeOnly`; required are those that are neither nullable nor defaulted nor collections
 * (an absent collection is an empty one). Update: as create, without the key, nothing required. A type
 * with derived types is any of them (`anyOf`, as the mapping writes it), told apart by `@odata.type`.
 */
function structuredSchema(
  model: EdmModel,
  name: string,
  type: EdmStructuredType,
  variant: SchemaVariant,
  descendants: readonly string[],
): JsonSchema {
  const keys = new Set(type.kind === 'entity' ? model.structuredTypeKey(name) : []);
  const properties = model
    .properties(name)
    .filter((property) =>
      variant === 'read' ? !property.writeOnly : !property.computed && !(variant === 'update' && keys.has(property.name)),
    );
  const concreteTypes = [
    ...(type.abstract ? [] : [name]),
    ...descendants.filter((descendant) => !model.structuredType(descendant).abstract),
  ];
  // Responses always write the `#`; requests may leave it out (spec §2).
  const odataType = concreteTypes.flatMap((typeName) => (variant === 'read' ? [`#${typeName}`] : [`#${typeName}`, typeName]));
  const severalTypes = concreteTypes.length > 1;
  const required = [
    // A value that may be of several types names its own (spec §2: a missing or abstract target type is refused).
    ...(variant !== 'read' && severalTypes ? ['@odata.type'] : []),
    ...(variant === 'create'
      ? properties
          .filter((property) => !isNullable(property) && !property.collection && property.defaultValue === undefined)
          .map((p) => p.name)
      : []),
  ];
  const navigation = variant === 'read' ? model.navigationProperties(name) : [];
  return {
    title: variant === 'read' ? type.name : `${type.name} (for ${variant})`,
    type: 'object',
    properties: {
      '@odata.type': {
        type: 'string',
        ...(odataType.length === 1 ? { const: odataType[0] } : odataType.length > 1 ? { enum: odataType } : {}),
      },
      ...Object.fromEntries(properties.map((property) => [property.name, propertySchema(model, property, variant)])),
      ...Object.fromEntries(
        navigation.map((property) => [
          property.name,
          property.collection ? { type: 'array', items: schemaRef(property.type) } : nullable(schemaRef(property.type)),
        ]),
      ),
    },
    ...(required.length > 0 ? { required } : {}),
    ...(descendants.length > 0
      ? { anyOf: [...descendants.map((descendant) => schemaRef(descendant, variant)), ...(type.abstract ? [] : [{}])] }
      : {}),
  };
}

function propertySchema(model: EdmModel, property: EdmProperty, variant: SchemaVariant): JsonSchema {
  const schema = valueSchema(model, property, variant);
  if (variant === 'read') return property.computed ? { ...schema, readOnly: true } : schema;
  return property.writeOnly ? { ...schema, writeOnly: true } : schema;
}

/** Every structured type's direct and indirect derived types, by qualified name. */
function descendantsByType(model: EdmModel): Map<string, string[]> {
  const descendants = new Map<string, string[]>();
  for (const [name, type] of model.allTypes()) {
    if (type.kind === 'enum') continue;
    for (let base = type.baseType; base !== undefined; base = model.structuredType(base).baseType) {
      descendants.set(base, [...(descendants.get(base) ?? []), name].sort());
    }
  }
  return descendants;
}
