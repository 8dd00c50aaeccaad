import {
  EdmAction,
  EdmEntityContainer,
  EdmNavigationProperty,
  EdmProperty,
  EdmSchemaFragment,
  EdmSingleton,
  EdmStructuredType,
  EdmType,
} from './edm-types';

/** An enumeration's members by name and by value. */
export interface EnumMembers {
  valueOf(name: string): number;
  nameOf(value: number): string;
  readonly all: readonly { readonly name: string; readonly value: number }[];
}

/** Where a resource path leads: the entity type and whether it names a collection or one entity. */
export interface ResolvedPath {
  /** Qualified name of the entity type the path leads to. */
  readonly typeName: string;
  readonly isCollection: boolean;
  readonly isSingleton: boolean;
}

/**
 * The service's model, filled by resource modules at start-up and read on every request. Lookups
 * are precomputed so that serializing an entity costs one map read.
 */
export class EdmModel {
  private readonly types = new Map<string, EdmType>();
  private readonly actionsByName = new Map<string, EdmAction>();
  private readonly namespaces = new Set<string>();
  private readonly singletonsByName = new Map<string, EdmSingleton>();
  private readonly propertiesCache = new Map<string, readonly EdmProperty[]>();
  private readonly navigationCache = new Map<string, readonly EdmNavigationProperty[]>();
  private readonly readableCache = new Map<string, readonly EdmProperty[]>();
  private readonly propertyByNameCache = new Map<string, ReadonlyMap<string, EdmProperty>>();
  private readonly navigationByNameCache = new Map<string, ReadonlyMap<string, EdmNavigationProperty>>();
  private readonly pathCache = new Map<string, ResolvedPath>();

  constructor(readonly entityContainer: EdmEntityContainer) {}

  /** A model of the given fragments, for code that needs the types outside dependency injection. */
  static of(entityContainer: EdmEntityContainer, ...fragments: readonly EdmSchemaFragment[]): EdmModel {
    const model = new EdmModel(entityContainer);
    for (const fragment of fragments) model.register(fragment);
    return model;
  }

  register(fragment: EdmSchemaFragment): void {
    for (const type of fragment.types) {
      const qualified = `${fragment.namespace}.${type.name}`;
      if (this.types.has(qualified)) throw new Error(`EDM type ${qualified} is registered twice`);
      this.types.set(qualified, type);
    }
    for (const action of fragment.actions ?? []) this.actionsByName.set(`${fragment.namespace}.${action.name}`, action);
    for (const singleton of fragment.singletons ?? []) this.singletonsByName.set(singleton.name, singleton);
    this.namespaces.add(fragment.namespace);
    for (const cache of [
      this.propertiesCache,
      this.navigationCache,
      this.readableCache,
      this.propertyByNameCache,
      this.navigationByNameCache,
      this.pathCache,
    ]) {
      cache.clear();
    }
  }

  singletons(): readonly EdmSingleton[] {
    return [...this.singletonsByName.values()];
  }

  /** Every registered type by qualified name, for rendering `$metadata`. */
  allTypes(): ReadonlyMap<string, EdmType> {
    return this.types;
  }

  /** Every registered action by qualified name. */
  allActions(): ReadonlyMap<string, EdmAction> {
    return this.actionsByName;
  }

  allNamespaces(): readonly string[] {
    return [...this.namespaces];
  }

  /** Any registered type (entity, complex or enum) by qualified name, or undefined. */
  findType(qualifiedName: string): EdmType | undefined {
    return this.types.get(qualifiedName);
  }

  structuredType(qualifiedName: string): EdmStructuredType {
    const type = this.types.get(qualifiedName);
    if (type === undefined || type.kind === 'enum') throw new Error(`No structured EDM type ${qualifiedName}`);
    return type;
  }

  /** Whether `typeName` is `baseName` or derives from it, directly or not. */
  isSameOrDerived(typeName: string, baseName: string): boolean {
    for (let current: string | undefined = typeName; current !== undefined;) {
      if (current === baseName) return true;
      const type = this.types.get(current);
      current = type === undefined || type.kind === 'enum' ? undefined : type.baseType;
    }
    return false;
  }

  /** An enumeration type's members both ways: stored values are members' values, the wire shows their names. */
  enumMembers(qualifiedName: string): EnumMembers {
    const type = this.types.get(qualifiedName);
    if (type?.kind !== 'enum') throw new Error(`No enumeration type ${qualifiedName}`);
    const byName = new Map(type.members.map(({ name, value }) => [name, value]));
    const byValue = new Map(type.members.map(({ name, value }) => [value, name]));
    return {
      all: type.members,
      valueOf: (name) => {
        const value = byName.get(name);
        if (value === undefined) throw new Error(`${name} is no member of ${qualifiedName}`);
        return value;
      },
      nameOf: (value) => {
        const name = byValue.get(value);
        if (name === undefined) throw new Error(`${value} is the value of no member of ${qualifiedName}`);
        return name;
      },
    };
  }

  /** The key property names of an entity type, inherited from its base type when it declares none. */
  structuredTypeKey(qualifiedName: string): readonly string[] {
    const type = this.structuredType(qualifiedName);
    if (type.key !== undefined) return type.key;
    if (type.baseType === undefined) throw new Error(`EDM type ${qualifiedName} has no key`);
    return this.structuredTypeKey(type.baseType);
  }

  /** Declared and inherited properties, base type first. */
  properties(qualifiedName: string): readonly EdmProperty[] {
    return memoized(this.propertiesCache, qualifiedName, () => {
      const type = this.structuredType(qualifiedName);
      const inherited = type.baseType ? this.properties(type.baseType) : [];
      return [...inherited, ...type.properties];
    });
  }

  navigationProperties(qualifiedName: string): readonly EdmNavigationProperty[] {
    return memoized(this.navigationCache, qualifiedName, () => {
      const type = this.structuredType(qualifiedName);
      const inherited = type.baseType ? this.navigationProperties(type.baseType) : [];
      return [...inherited, ...(type.navigationProperties ?? [])];
    });
  }

  /** A declared or inherited structural property by name, or undefined. */
  findProperty(typeName: string, name: string): EdmProperty | undefined {
    return memoized(this.propertyByNameCache, typeName, () => new Map(this.properties(typeName).map((p) => [p.name, p]))).get(name);
  }

  /** A declared or inherited navigation property by name, or undefined. */
  findNavigationProperty(typeName: string, name: string): EdmNavigationProperty | undefined {
    return memoized(this.navigationByNameCache, typeName, () => new Map(this.navigationProperties(typeName).map((n) => [n.name, n]))).get(
      name,
    );
  }

  /** Properties a response may carry: every property except write-only ones (spec §4). */
  readableProperties(qualifiedName: string): readonly EdmProperty[] {
    return memoized(this.readableCache, qualifiedName, () => this.properties(qualifiedName).filter((p) => !p.writeOnly));
  }

  /**
   * Resolves a resource path template, e.g. `deviceManagement/embeddedSIMActivationCodePools/:poolId/assignments`,
   * by walking from a singleton through navigation properties; a `:name` segment is a key, which
   * turns a collection into one of its entities.
   */
  resolve(path: string): ResolvedPath {
    return memoized(this.pathCache, path, () => this.walk(path));
  }

  private walk(path: string): ResolvedPath {
    const [head, ...rest] = path.split('/');
    const singleton = this.singletonsByName.get(head);
    if (singleton === undefined) throw new Error(`No singleton ${head} in the EDM model (path ${path})`);
    let current: ResolvedPath = { typeName: singleton.type, isCollection: false, isSingleton: true };
    for (const segment of rest) {
      if (segment.startsWith(':')) {
        if (!current.isCollection) throw new Error(`The key ${segment} follows no collection (path ${path})`);
        current = { ...current, isCollection: false };
        continue;
      }
      const navigation = this.findNavigationProperty(current.typeName, segment);
      if (navigation === undefined) throw new Error(`No navigation property ${segment} on ${current.typeName} (path ${path})`);
      current = { typeName: navigation.type, isCollection: navigation.collection, isSingleton: false };
    }
    return current;
  }
}

function memoized<V>(cache: Map<string, V>, key: string, compute: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = compute();
    cache.set(key, value);
  }
  return value;
}
