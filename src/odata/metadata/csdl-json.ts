import { EdmModel } from '../edm/edm-model';
import { EdmAction, EdmEnumType, EdmNavigationProperty, EdmProperty, EdmStructuredType } from '../edm/edm-types';
import {
  CsdlAnnotation,
  CsdlAnnotationValue,
  navigationPropertyAnnotations,
  propertyAnnotations,
  singletonAnnotations,
  VOCABULARIES,
  vocabularyUri,
} from './csdl-annotations';
import { CsdlSchema, csdlSchemas, isNullable } from './csdl-schemas';

type JsonObject = Record<string, unknown>;

/** Renders the model as an OData CSDL JSON 4.01 document, the body of `GET {root}/$metadata?$format=json`. */
export function renderCsdlJson(model: EdmModel): JsonObject {
  return {
    $Version: '4.01',
    $EntityContainer: `${model.entityContainer.namespace}.${model.entityContainer.name}`,
    $Reference: Object.fromEntries(
      VOCABULARIES.map(({ namespace, alias }) => [
        vocabularyUri(namespace, 'json'),
        { $Include: [{ $Namespace: namespace, $Alias: alias }] },
      ]),
    ),
    ...Object.fromEntries(csdlSchemas(model).map((csdl) => [csdl.namespace, schema(csdl)])),
  };
}

function schema(csdl: CsdlSchema): JsonObject {
  return {
    ...(csdl.alias ? { $Alias: csdl.alias } : {}),
    ...Object.fromEntries<unknown>([
      ...csdl.entityTypes.map((type) => [type.name, structuredType('EntityType', type)] as const),
      ...csdl.complexTypes.map((type) => [type.name, structuredType('ComplexType', type)] as const),
      ...csdl.enumTypes.map((type) => [type.name, enumType(type)] as const),
      // CSDL JSON §12: an action name maps to an array of its overloads.
      ...csdl.actions.map((edm) => [edm.name, [action(edm)]] as const),
    ]),
    ...(csdl.container
      ? {
          [csdl.container.name]: {
            $Kind: 'EntityContainer',
            ...Object.fromEntries(
              csdl.container.singletons.map((singleton) => [
                singleton.name,
                { $Type: singleton.type, ...annotationMembers(singletonAnnotations(singleton)) },
              ]),
            ),
          },
        }
      : {}),
  };
}

function structuredType(kind: 'EntityType' | 'ComplexType', type: EdmStructuredType): JsonObject {
  return {
    $Kind: kind,
    ...(type.baseType ? { $BaseType: type.baseType } : {}),
    ...(type.abstract ? { $Abstract: true } : {}),
    ...(type.key ? { $Key: [...type.key] } : {}),
    ...Object.fromEntries(type.properties.map((edm) => [edm.name, property(edm)])),
    ...Object.fromEntries((type.navigationProperties ?? []).map((edm) => [edm.name, navigationProperty(edm)])),
  };
}

// CSDL JSON §7.1: `$Kind: Property` is the default and omitted.
function property(edm: EdmProperty): JsonObject {
  return {
    ...typeMembers(edm),
    ...(edm.maxLength !== undefined ? { $MaxLength: edm.maxLength } : {}),
    ...(edm.defaultValue !== undefined ? { $DefaultValue: edm.defaultValue } : {}),
    ...annotationMembers(propertyAnnotations(edm)),
  };
}

// CSDL JSON §8.2: `$Nullable` is not given for a collection-valued navigation property.
function navigationProperty(edm: EdmNavigationProperty): JsonObject {
  return {
    $Kind: 'NavigationProperty',
    $Type: edm.type,
    ...(edm.collection ? { $Collection: true } : { $Nullable: true }),
    ...(edm.containsTarget ? { $ContainsTarget: true } : {}),
    ...annotationMembers(navigationPropertyAnnotations(edm)),
  };
}

function enumType(edm: EdmEnumType): JsonObject {
  return { $Kind: 'EnumType', ...Object.fromEntries(edm.members.map(({ name, value }) => [name, value])) };
}

function action(edm: EdmAction): JsonObject {
  return {
    $Kind: 'Action',
    ...(edm.isBound ? { $IsBound: true } : {}),
    ...(edm.parameters.length > 0
      ? { $Parameter: edm.parameters.map((parameter) => ({ $Name: parameter.name, ...typeMembers(parameter) })) }
      : {}),
    // The model has no nullability for return types; CSDL XML's default (nullable) is stated explicitly here.
    ...(edm.returnType ? { $ReturnType: typeMembers(edm.returnType) } : {}),
  };
}

// `$Nullable` absent means false in CSDL JSON (§7.2.1), unlike CSDL XML, so nullable is stated.
function typeMembers(typed: { readonly type: string; readonly collection?: boolean; readonly nullable?: boolean }): JsonObject {
  return {
    $Type: typed.type,
    ...(typed.collection ? { $Collection: true } : {}),
    ...(isNullable(typed) ? { $Nullable: true } : {}),
  };
}

// CSDL JSON §14.2: `@Term` members, and `@Term@InnerTerm` for annotations of annotations.
function annotationMembers(annotations: readonly CsdlAnnotation[], prefix = ''): JsonObject {
  return Object.fromEntries(
    annotations.flatMap(({ term, value, annotations: nested }) => {
      const name = `${prefix}@${term}`;
      return [[name, annotationValue(value)], ...Object.entries(annotationMembers(nested ?? [], name))];
    }),
  );
}

// CSDL JSON §14.4: constants as JSON values, an enumeration member by its name, records as objects, collections as arrays.
function annotationValue(value: CsdlAnnotationValue): unknown {
  if ('bool' in value) return value.bool;
  if ('string' in value) return value.string;
  if ('record' in value) return value.record;
  if ('emptyCollection' in value) return [];
  return value.member;
}
