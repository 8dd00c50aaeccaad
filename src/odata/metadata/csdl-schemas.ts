import { EdmModel } from '../edm/edm-model';
import { EdmAction, EdmEnumType, EdmSingleton, EdmStructuredType } from '../edm/edm-types';

/** One `Schema` of the document: its elements grouped by kind, each group ordered by name. */
export interface CsdlSchema {
  readonly namespace: string;
  readonly alias?: string;
  readonly entityTypes: readonly EdmStructuredType[];
  readonly complexTypes: readonly EdmStructuredType[];
  readonly enumTypes: readonly EdmEnumType[];
  readonly actions: readonly EdmAction[];
  /** Present only on the schema that holds the entity container. */
  readonly container?: { readonly name: string; readonly singletons: readonly EdmSingleton[] };
}

/**
 * The model as CSDL schemas, one per namespace, in an order that depends on names only (not on the
 * order modules registered in), so that `$metadata` is byte-for-byte stable across start-ups.
 */
export function csdlSchemas(model: EdmModel): CsdlSchema[] {
  const container = model.entityContainer;
  const namespaces = [...new Set([...model.allNamespaces(), container.namespace])].sort();
  return namespaces.map((namespace) => {
    const types = byName(inNamespace(model.allTypes(), namespace));
    return {
      namespace,
      alias: namespace === container.namespace ? container.alias : undefined,
      entityTypes: types.filter((type): type is EdmStructuredType => type.kind === 'entity'),
      complexTypes: types.filter((type): type is EdmStructuredType => type.kind === 'complex'),
      enumTypes: types.filter((type): type is EdmEnumType => type.kind === 'enum'),
      actions: byName(inNamespace(model.allActions(), namespace)),
      container: namespace === container.namespace ? { name: container.name, singletons: byName(model.singletons()) } : undefined,
    };
  });
}

/** The model's facets default to nullable, as CSDL XML does (§7.2.1); CSDL JSON defaults the other way. */
export function isNullable(element: { readonly nullable?: boolean }): boolean {
  return element.nullable !== false;
}

function inNamespace<T extends { readonly name: string }>(byQualifiedName: ReadonlyMap<string, T>, namespace: string): T[] {
  return [...byQualifiedName].filter(([qualified, element]) => qualified === `${namespace}.${element.name}`).map(([, element]) => element);
}

function byName<T extends { readonly name: string }>(elements: readonly T[]): T[] {
  return [...elements].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
