/**
 * The Entity Data Model a resource module registers (OData CSDL §3–§13, reduced to what this service
 * describes). One model drives context URLs, `@odata.type`, the service document and, per the
 * design, `$metadata` and query validation.
 */
export interface EdmProperty {
  readonly name: string;
  /** A qualified type name: `Edm.String`, `microsoft.graph.embeddedSIMActivationCode`… */
  readonly type: string;
  readonly collection?: boolean;
  readonly nullable?: boolean;
  /** Accepted on write, never serialized (spec §4). */
  readonly writeOnly?: boolean;
  /** Set by the service; ignored on write (Core.Computed). */
  readonly computed?: boolean;
  /** CSDL MaxLength facet, in characters. */
  readonly maxLength?: number;
  /** Validation.Pattern: the value must match, and `patternDescription` tells a person how. */
  readonly pattern?: RegExp;
  readonly patternDescription?: string;
  /** CSDL DefaultValue: what the service stores when a write leaves the property out. */
  readonly defaultValue?: string;
}

export interface EdmNavigationProperty {
  readonly name: string;
  readonly type: string;
  readonly collection: boolean;
  readonly containsTarget: boolean;
  /**
   * Core.OptimisticConcurrency, for a containment navigation property (which holds its entities as an
   * entity set would): they carry ETags, and their GET, PATCH, DELETE and bound actions honour
   * `If-Match` and `If-None-Match`.
   */
  readonly optimisticConcurrency?: boolean;
}

export interface EdmStructuredType {
  readonly kind: 'entity' | 'complex';
  readonly name: string;
  readonly baseType?: string;
  readonly abstract?: boolean;
  /** Entity types only: the key property names (inherited when absent). */
  readonly key?: readonly string[];
  readonly properties: readonly EdmProperty[];
  readonly navigationProperties?: readonly EdmNavigationProperty[];
  /** String properties a free-text `$search` matches (spec §5); none means `$search` is refused. */
  readonly searchProperties?: readonly string[];
}

export interface EdmEnumType {
  readonly kind: 'enum';
  readonly name: string;
  readonly members: readonly { readonly name: string; readonly value: number }[];
}

export type EdmType = EdmStructuredType | EdmEnumType;

/**
 * A singleton of the entity container. What it allows beyond reading is stated as the Capabilities
 * vocabulary does, OData's defaults (everything allowed) when absent: `$metadata` publishes it, the
 * OpenAPI document offers only what it allows, and requests for the rest are refused.
 */
export interface EdmSingleton {
  readonly name: string;
  readonly type: string;
  /** Capabilities.UpdateRestrictions/Updatable: whether PATCH applies. */
  readonly updatable?: boolean;
  /** Capabilities.ExpandRestrictions/Expandable: whether `$expand` applies. */
  readonly expandable?: boolean;
}

export interface EdmParameter {
  readonly name: string;
  readonly type: string;
  readonly collection?: boolean;
  readonly nullable?: boolean;
}

/** A bound or unbound action (CSDL §12), e.g. `assign` bound to a pool. */
export interface EdmAction {
  readonly name: string;
  readonly isBound: boolean;
  /** The binding parameter first when bound. */
  readonly parameters: readonly EdmParameter[];
  readonly returnType?: { readonly type: string; readonly collection?: boolean };
}

/**
 * The entity container (CSDL §13) that holds the singletons, the namespace of the schema it is
 * declared in, and that schema's alias (e.g. `microsoft.graph`, `GraphService`, `graph`).
 */
export interface EdmEntityContainer {
  readonly namespace: string;
  readonly name: string;
  readonly alias?: string;
}

/** What one module contributes to the model. */
export interface EdmSchemaFragment {
  readonly namespace: string;
  readonly types: readonly EdmType[];
  readonly actions?: readonly EdmAction[];
  readonly singletons?: readonly EdmSingleton[];
}

/**
 * A property a type declares, by name: how code that derives rules from the model (DTO checks,
 * column lengths) reads a facet, so a typo fails at start-up instead of silently checking nothing.
 */
export function declaredProperty(type: EdmStructuredType, name: string): EdmProperty {
  const property = type.properties.find((candidate) => candidate.name === name);
  if (property === undefined) throw new Error(`EDM type ${type.name} declares no property ${name}`);
  return property;
}
