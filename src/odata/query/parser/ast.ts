/**
 * Syntax trees produced by the OData query option parser. Every node carries `position`, the offset of
 * its first character in the option value. The trees are purely syntactic: whether a name is a real
 * property, function or type is decided later by a validator that knows the model.
 */

// ---------------------------------------------------------------------------------------------
// Expressions ($filter, $orderby, lambda predicates, function arguments)
// ---------------------------------------------------------------------------------------------

export type Expression =
  | LiteralNode
  | EnumLiteralNode
  | ArrayNode
  | ObjectNode
  | PropertyNode
  | VariableNode
  | AliasNode
  | CallNode
  | TypeNameNode
  | LambdaNode
  | CountNode
  | FilterSegmentNode
  | KeyNode
  | InNode
  | UnaryNode
  | BinaryNode;

export type LiteralType =
  | 'null'
  | 'Edm.Boolean'
  | 'Edm.String'
  | 'Edm.Guid'
  | 'Edm.Date'
  | 'Edm.DateTimeOffset'
  | 'Edm.TimeOfDay'
  | 'Edm.Duration'
  | 'Edm.Int32'
  | 'Edm.Int64'
  | 'Edm.Decimal'
  | 'Edm.Double'
  | 'Edm.Binary'
  | 'Edm.Geography'
  | 'Edm.Geometry';

/**
 * A primitive literal. Values are normalized: numbers are `number` unless they would lose precision
 * (then the canonical text); dates and times are canonical strings (seconds always present); GUIDs are
 * lower-case; geography/geometry literals keep their well-known-text body unparsed.
 * An unprefixed `'installed'` is an Edm.String literal even when compared with an enum property.
 */
export interface LiteralNode {
  kind: 'literal';
  type: LiteralType;
  value: string | number | boolean | null;
  position: number;
}

/** `microsoft.graph.embeddedSIMDeviceStateValue'installed'`; flag values stay comma-separated in `value`. */
export interface EnumLiteralNode {
  kind: 'enum';
  typeName: string;
  value: string;
  position: number;
}

/** A JSON array, e.g. `["a","b"]` (OData 4.01 Part 2 §5.1.1.14.2). */
export interface ArrayNode {
  kind: 'array';
  items: Expression[];
  position: number;
}

/** A JSON object, e.g. `{"City":"Redmond"}`. */
export interface ObjectNode {
  kind: 'object';
  members: { name: string; value: Expression }[];
  position: number;
}

/**
 * A member path such as `target/microsoft.graph.groupAssignmentTarget/groupId`. Segments are names as
 * written: a segment containing a dot is a type cast, one starting with `@` an annotation. Without
 * `source` the path starts at the current instance; otherwise at `source` (a lambda variable, `$it`,
 * `$root`, a function result, ...).
 */
export interface PropertyNode {
  kind: 'property';
  path: string[];
  source?: Expression;
  position: number;
}

/** `$it`, `$this`, `$root` or a lambda variable that is in scope. */
export interface VariableNode {
  kind: 'variable';
  name: string;
  position: number;
}

/** A parameter alias reference such as `@p`; its value comes from a separate `@p=...` query option. */
export interface AliasNode {
  kind: 'alias';
  name: string;
  position: number;
}

/**
 * `name(args)`: a built-in function (`startswith(a,'b')`), or an OData function with `source` when bound
 * (`items/Model.top()`). Named parameters (`Model.f(color='red')`) go to `namedArgs`, and `args` is then
 * empty. Names are kept as written; built-in function names are case-insensitive, so compare them so.
 */
export interface CallNode {
  kind: 'call';
  name: string;
  args: Expression[];
  namedArgs?: NamedArgument[];
  source?: Expression;
  position: number;
}

export interface NamedArgument {
  name: string;
  value: Expression;
}

/** The type argument of `cast` and `isof`, e.g. `Edm.String` or `microsoft.graph.group`. */
export interface TypeNameNode {
  kind: 'typeName';
  name: string;
  position: number;
}

/** `collection/any(v: predicate)` or `collection/all(v: predicate)`; `any()` has neither. */
export interface LambdaNode {
  kind: 'lambda';
  operator: 'any' | 'all';
  collection: Expression;
  variable?: string;
  predicate?: Expression;
  position: number;
}

/** `collection/$count`, optionally `collection/$count($filter=...;$search=...)`. */
export interface CountNode {
  kind: 'count';
  collection: Expression;
  filter?: Expression;
  search?: SearchExpression;
  position: number;
}

/** `collection/$filter(predicate)` path segment (OData 4.01 Part 2 §4.12). */
export interface FilterSegmentNode {
  kind: 'filterSegment';
  collection: Expression;
  predicate: Expression;
  position: number;
}

/** A key predicate after a collection-valued segment, e.g. `.../$filter(...)(ID='x')`. */
export interface KeyNode {
  kind: 'key';
  collection: Expression;
  args: Expression[];
  namedArgs?: NamedArgument[];
  position: number;
}

/** `left in (a, b)` or `left in [a, b]`. `left in <collection expression>` is a BinaryNode instead. */
export interface InNode {
  kind: 'in';
  left: Expression;
  list: Expression[];
  position: number;
}

export interface UnaryNode {
  kind: 'unary';
  operator: 'not' | 'negate';
  operand: Expression;
  position: number;
}

export type LogicalOperator = 'and' | 'or';
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'has' | 'in';
export type ArithmeticOperator = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';
export type BinaryOperator = LogicalOperator | ComparisonOperator | ArithmeticOperator;

/** Operators are always lower-case here, whatever the client wrote (`EQ`, `And`, ...). */
export interface BinaryNode {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expression;
  right: Expression;
  position: number;
}

// ---------------------------------------------------------------------------------------------
// $search
// ---------------------------------------------------------------------------------------------

export type SearchExpression = SearchTermNode | SearchPhraseNode | SearchNotNode | SearchBinaryNode;

export interface SearchTermNode {
  kind: 'term';
  value: string;
  position: number;
}

/** `"blue green"`, or the whole single-quoted `$search='...'` form. */
export interface SearchPhraseNode {
  kind: 'phrase';
  value: string;
  position: number;
}

export interface SearchNotNode {
  kind: 'not';
  operand: SearchExpression;
  position: number;
}

/** `a AND b`, `a b` (implicit AND) or `a OR b`. */
export interface SearchBinaryNode {
  kind: 'and' | 'or';
  left: SearchExpression;
  right: SearchExpression;
  position: number;
}

// ---------------------------------------------------------------------------------------------
// $orderby, $select, $expand and the option sets
// ---------------------------------------------------------------------------------------------

export interface OrderByItem {
  expression: Expression;
  direction: 'asc' | 'desc';
}

export type SelectItem = SelectAllItem | SelectAllOperationsItem | SelectPathItem;

/** `$select=*` */
export interface SelectAllItem {
  kind: 'all';
  position: number;
}

/** `$select=Namespace.*`: all actions and functions of a schema. */
export interface SelectAllOperationsItem {
  kind: 'allOperations';
  namespace: string;
  position: number;
}

/**
 * `$select=address/city`, optionally with nested options (`address($select=city)`) or, for an
 * overloaded function, its parameter names (`Model.f(p1,p2)`).
 */
export interface SelectPathItem {
  kind: 'path';
  path: string[];
  options?: NestedQueryOptions;
  parameterNames?: string[];
  position: number;
}

/**
 * One `$expand` item. `path` may end in `*` (expand all) and is `['$value']` for a media stream.
 * `kind` tells whether the targets themselves, only references (`/$ref`) or only their count
 * (`/$count`) are requested.
 */
export interface ExpandItem {
  kind: 'entities' | 'ref' | 'count';
  path: string[];
  options?: NestedQueryOptions;
  position: number;
}

/** The options shared by the request and by nested `$select`/`$expand` items. */
export interface QueryOptions {
  filter?: Expression;
  select?: SelectItem[];
  expand?: ExpandItem[];
  orderBy?: OrderByItem[];
  top?: number;
  skip?: number;
  count?: boolean;
  search?: SearchExpression;
  /** Parameter alias values, keyed by name without `@`. */
  aliases?: Record<string, Expression>;
  /**
   * Valid OData options this parser does not interpret (`$apply`, `$compute`, unknown `$`-options), as
   * written by the client: the service answers 501 for these.
   */
  unsupported: string[];
}

/** Options inside `$expand=item(...)` or `$select=item(...)`; `levels` only in `$expand`. */
export interface NestedQueryOptions extends QueryOptions {
  levels?: number | 'max';
}

/** The request's system query options. */
export interface ParsedQueryOptions extends QueryOptions {
  /** The opaque `$skiptoken` value, returned unchanged. */
  skipToken?: string;
  /** `$format` as given (`json`, `application/json;odata.metadata=full`…), for content negotiation. */
  format?: string;
}
