import { AppError } from '../../../common/app-error';
import { EdmModel } from '../../edm/edm-model';
import { EdmProperty } from '../../edm/edm-types';
import { Expression, ExpandItem, LiteralNode, NestedQueryOptions, OrderByItem, SearchExpression, SelectItem } from '../parser';
import { ODataQuerySettings } from '../query-settings';
import { acceptsArgument, FUNCTION_SIGNATURES, isFunctionName, UNIMPLEMENTED_FUNCTIONS } from './function-signatures';
import { ComparisonOperator, NUMERIC_TYPES, TypedExpression } from './typed-expression';

/** A request's query options, validated against the model and the limits: what the binder applies. */
export interface ValidatedQuery {
  readonly typeName: string;
  /** The entity key: appended to every ordering so pages are stable (spec §5). */
  readonly key: readonly string[];
  readonly filter?: TypedExpression;
  readonly search?: SearchExpression;
  readonly searchProperties: readonly string[];
  /** Property orderings as requested; the binder appends the key. */
  readonly orderBy: readonly { readonly property: string; readonly direction: 'asc' | 'desc' }[];
  readonly top?: number;
  readonly skip?: number;
  readonly count: boolean;
  /** Selected property names (the key always among them), or undefined for all. */
  readonly select?: readonly string[];
  readonly expand: readonly ValidatedExpand[];
}

export interface ValidatedExpand {
  readonly navigation: string;
  readonly query: ValidatedQuery;
}

const COMPARISONS = new Set<string>(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const ORDERED_COMPARISONS = new Set<string>(['gt', 'ge', 'lt', 'le']);

/**
 * Validates parsed query options for a collection of `typeName` (parse → validate → bind, as in
 * ASP.NET Core OData). Throws `AppError` invalidInput (400) naming the offending part, or
 * notImplemented (501) for valid OData the service does not implement.
 */
export function validateQuery(
  options: NestedQueryOptions,
  typeName: string,
  model: EdmModel,
  settings: ODataQuerySettings,
  depth = 0,
): ValidatedQuery {
  if (options.unsupported.length > 0) {
    throw AppError.notImplemented(`The query option '${options.unsupported[0]}' is not supported by this service.`);
  }
  if (options.aliases !== undefined) throw AppError.notImplemented('Parameter aliases (@name) are not supported by this service.');
  // Navigation here never leads back to the same type, so no recursion could use $levels.
  if (options.levels !== undefined) throw AppError.notImplemented('$levels is not supported by this service; expand each level by name.');
  const validator = new ExpressionValidator(model, typeName);
  const nodes =
    countNodes(options.filter) +
    countNodes(options.search) +
    (options.orderBy ?? []).reduce((sum, item) => sum + countNodes(item.expression), 0);
  if (nodes > settings.maxNodeCount) {
    throw AppError.invalidInput(
      `The query is too complex: it has ${nodes} expression nodes and at most ${settings.maxNodeCount} are allowed.`,
    );
  }
  if (options.top !== undefined && options.top > settings.maxTop) {
    throw AppError.invalidInput(`$top=${options.top} is over the maximum of ${settings.maxTop}; use paging (@odata.nextLink) for more.`);
  }
  const type = model.structuredType(typeName);
  if (options.search !== undefined && (type.searchProperties ?? []).length === 0) {
    throw AppError.notImplemented(`$search is not supported on ${typeName}.`);
  }
  const filter = options.filter === undefined ? undefined : validator.booleanExpression(options.filter, '$filter');
  return {
    typeName,
    key: model.structuredTypeKey(typeName),
    filter,
    search: options.search,
    searchProperties: type.searchProperties ?? [],
    orderBy: validator.orderBy(options.orderBy ?? [], settings),
    top: options.top,
    skip: options.skip,
    count: options.count ?? false,
    select: validator.select(options.select),
    expand: expandOnce((options.expand ?? []).map((item) => validateExpand(item, typeName, model, settings, depth + 1))),
  };
}

/** One response property per navigation: expanding the same one twice would give it two values. */
function expandOnce(items: readonly ValidatedExpand[]): readonly ValidatedExpand[] {
  const seen = new Set<string>();
  for (const { navigation } of items) {
    if (seen.has(navigation)) throw AppError.invalidInput(`$expand names '${navigation}' twice; expand it once, with all its options.`);
    seen.add(navigation);
  }
  return items;
}

function validateExpand(item: ExpandItem, typeName: string, model: EdmModel, settings: ODataQuerySettings, depth: number): ValidatedExpand {
  if (depth > settings.maxExpansionDepth) {
    throw AppError.invalidInput(`$expand is nested ${depth} levels deep; at most ${settings.maxExpansionDepth} are allowed.`);
  }
  const name = item.path.join('/');
  if (item.kind !== 'entities' || item.path.length !== 1 || name === '*') {
    throw AppError.notImplemented(
      `$expand=${name}${item.kind === 'entities' ? '' : `/$${item.kind}`} is not supported; expand a navigation property by name.`,
    );
  }
  const navigation = model.findNavigationProperty(typeName, name);
  if (navigation === undefined) {
    if (model.findProperty(typeName, name)?.writeOnly) throw writeOnly(name);
    throw AppError.invalidInput(`'${name}' is not a navigation property of ${typeName}, so it cannot be expanded.`);
  }
  return { navigation: name, query: validateQuery(item.options ?? { unsupported: [] }, navigation.type, model, settings, depth) };
}

function countNodes(node: unknown): number {
  if (node === null || typeof node !== 'object') return 0;
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + countNodes(item), 0);
  let count = 'kind' in node ? 1 : 0;
  for (const value of Object.values(node)) count += countNodes(value);
  return count;
}

/** Spec §4: the one answer for any query option that names a write-only property. */
function writeOnly(name: string): AppError {
  return AppError.invalidInput(`'${name}' is write-only: it cannot be selected, filtered, sorted or expanded.`);
}

class ExpressionValidator {
  constructor(
    private readonly model: EdmModel,
    private readonly typeName: string,
  ) {}

  booleanExpression(node: Expression, option: string): TypedExpression {
    const typed = this.expression(node);
    if (typed.type !== 'Edm.Boolean')
      throw AppError.invalidInput(`${option} must be a Boolean expression, but it is of type ${typed.type}.`);
    return typed;
  }

  orderBy(items: readonly OrderByItem[], settings: ODataQuerySettings): ValidatedQuery['orderBy'] {
    if (items.length > settings.maxOrderByItems) {
      throw AppError.invalidInput(`$orderby has ${items.length} items; at most ${settings.maxOrderByItems} are allowed.`);
    }
    return items.map(({ expression, direction }) => {
      if (expression.kind !== 'property' || expression.source !== undefined) {
        throw AppError.notImplemented(`$orderby accepts property names only (at position ${expression.position}), not expressions.`);
      }
      return { property: this.primitiveProperty(expression.path, '$orderby').name, direction };
    });
  }

  select(items: readonly SelectItem[] | undefined): readonly string[] | undefined {
    if (items === undefined || items.some((item) => item.kind === 'all')) return undefined;
    const selected = new Set<string>();
    for (const item of items) {
      if (item.kind !== 'path') throw AppError.notImplemented(`$select of operations is not supported.`);
      if (item.options !== undefined) throw AppError.notImplemented(`Nested options in $select are not supported.`);
      selected.add(this.readableProperty(item.path, '$select').name);
    }
    for (const key of this.model.structuredTypeKey(this.typeName)) selected.add(key);
    return [...selected];
  }

  private expression(node: Expression): TypedExpression {
    switch (node.kind) {
      case 'literal':
        return this.literal(node);
      case 'enum':
        return this.enumLiteral(node.typeName, node.value, node.position);
      case 'property':
        if (node.source !== undefined)
          throw AppError.notImplemented(
            `Paths that start at '$it', '$root' or a function result are not supported (position ${node.position}).`,
          );
        return { kind: 'property', name: node.path[0], type: this.primitiveProperty(node.path, '$filter').type };
      case 'lambda':
        return this.lambda(node.collection, node.position);
      case 'unary':
        return node.operator === 'not'
          ? { kind: 'not', operand: this.booleanExpression(node.operand, "the operand of 'not'"), type: 'Edm.Boolean' }
          : this.negate(node.operand);
      case 'binary':
        return this.binary(node.operator, node.left, node.right, node.position);
      case 'in':
        return this.inList(node.left, node.list);
      case 'call':
        return this.call(node.name, node.args, node.source !== undefined || node.namedArgs !== undefined, node.position);
      case 'alias':
        throw AppError.notImplemented(`Parameter aliases (@${node.name}) are not supported by this service.`);
      default:
        break;
    }
    throw AppError.notImplemented(`This kind of expression (${node.kind}, position ${node.position}) is not supported in $filter.`);
  }

  private literal(node: LiteralNode): TypedExpression {
    if (node.type === 'Edm.Geography' || node.type === 'Edm.Geometry')
      throw AppError.notImplemented('Geographic and geometric values are not supported by this service.');
    if (node.type === 'Edm.DateTimeOffset')
      return { kind: 'literal', value: canonicalDateTime(String(node.value), node.position), type: node.type };
    return { kind: 'literal', value: node.value, type: node.type === 'null' ? 'null' : node.type };
  }

  private enumLiteral(typeName: string, member: string, position: number): TypedExpression {
    const type = this.model.findType(typeName);
    if (type === undefined || type.kind !== 'enum')
      throw AppError.invalidInput(`'${typeName}' (position ${position}) is not an enumeration type of this service.`);
    const found = type.members.find((candidate) => candidate.name === member);
    if (found === undefined) {
      throw AppError.invalidInput(`'${member}' is not a member of ${typeName}; use one of ${type.members.map((m) => m.name).join(', ')}.`);
    }
    // Enumeration properties are stored as their members' values, which also order as OData orders them.
    return { kind: 'literal', value: found.value, type: typeName };
  }

  /** Resolves a property path to a single readable primitive (or enum) property of the target type. */
  private primitiveProperty(path: readonly string[], option: string): EdmProperty {
    const property = this.readableProperty(path, option);
    const kind = this.model.findType(property.type)?.kind;
    if (property.collection || kind === 'complex' || kind === 'entity') {
      throw AppError.notImplemented(`'${path.join('/')}' in ${option}: only simple properties are supported here.`);
    }
    return property;
  }

  /** A property `$select` may name: any readable one, complex values whole (OData Part 2 §5.1.3). */
  private readableProperty(path: readonly string[], option: string): EdmProperty {
    const [name] = path;
    const property = this.model.findProperty(this.typeName, name);
    if (property === undefined) {
      if (this.model.findNavigationProperty(this.typeName, name) !== undefined) {
        throw AppError.invalidInput(
          `'${name}' is a navigation property: use $expand${option === '$filter' ? ' or any()/all()' : ''} rather than ${option}.`,
        );
      }
      throw AppError.invalidInput(`'${name}' in ${option} is not a property of ${this.typeName}.`);
    }
    if (property.writeOnly) throw writeOnly(name);
    if (path.length > 1) throw AppError.notImplemented(`'${path.join('/')}' in ${option}: paths into a property are not supported here.`);
    return property;
  }

  private lambda(collection: Expression, position: number): TypedExpression {
    const name = collection.kind === 'property' ? collection.path.join('/') : '';
    const property = this.model.findProperty(this.typeName, name);
    if (property?.writeOnly) throw writeOnly(name);
    if (this.model.findNavigationProperty(this.typeName, name) !== undefined || property?.collection) {
      throw AppError.notImplemented(`Filtering across '${name}' with any()/all() is not supported yet (position ${position}).`);
    }
    throw AppError.invalidInput(
      `'${name}' (position ${position}) is not a collection of ${this.typeName}, so any()/all() cannot apply to it.`,
    );
  }

  private negate(operand: Expression): TypedExpression {
    const typed = this.expression(operand);
    if (!NUMERIC_TYPES.includes(typed.type)) throw AppError.invalidInput(`Unary minus needs a number, not ${typed.type}.`);
    return { kind: 'negate', operand: typed, type: typed.type };
  }

  private binary(operator: string, leftNode: Expression, rightNode: Expression, position: number): TypedExpression {
    if (operator === 'and' || operator === 'or') {
      return {
        kind: 'logical',
        operator,
        left: this.booleanExpression(leftNode, `the left side of '${operator}'`),
        right: this.booleanExpression(rightNode, `the right side of '${operator}'`),
        type: 'Edm.Boolean',
      };
    }
    if (operator === 'has' || operator === 'in')
      throw AppError.notImplemented(`The '${operator}' operator in this form (position ${position}) is not supported.`);
    if (COMPARISONS.has(operator)) {
      const [left, right] = this.unify(this.expression(leftNode), this.expression(rightNode), operator, position);
      if (ORDERED_COMPARISONS.has(operator) && (left.type === 'null' || right.type === 'null')) {
        throw AppError.invalidInput(`'${operator}' cannot compare with null (position ${position}); use eq null or ne null.`);
      }
      if (ORDERED_COMPARISONS.has(operator) && this.model.findType(left.type)?.kind === 'enum') {
        throw AppError.invalidInput(`Enumeration values can be compared with eq, ne and in only (position ${position}).`);
      }
      return { kind: 'comparison', operator: operator as ComparisonOperator, left, right, type: 'Edm.Boolean' };
    }
    const left = this.expression(leftNode);
    const right = this.expression(rightNode);
    if (!NUMERIC_TYPES.includes(left.type) || !NUMERIC_TYPES.includes(right.type)) {
      throw AppError.invalidInput(`'${operator}' needs numbers on both sides, not ${left.type} and ${right.type} (position ${position}).`);
    }
    return { kind: 'arithmetic', operator: operator as 'add', left, right, type: widerNumericType(left.type, right.type, operator) };
  }

  private inList(leftNode: Expression, listNodes: readonly Expression[]): TypedExpression {
    let left = this.expression(leftNode);
    const list = listNodes.map((itemNode) => {
      const [unifiedLeft, item] = this.unify(left, this.expression(itemNode), 'in', itemNode.position);
      left = unifiedLeft;
      if (item.kind !== 'literal') throw AppError.invalidInput(`The list of 'in' may hold literals only (position ${itemNode.position}).`);
      return item;
    });
    return { kind: 'in', left, list, type: 'Edm.Boolean' };
  }

  private call(rawName: string, argNodes: readonly Expression[], bound: boolean, position: number): TypedExpression {
    const name = rawName.toLowerCase();
    if (bound)
      throw AppError.notImplemented(`Bound or named-parameter function calls (${rawName}, position ${position}) are not supported.`);
    if (!isFunctionName(name)) {
      if (UNIMPLEMENTED_FUNCTIONS.has(name)) throw AppError.notImplemented(`The function '${rawName}' is not supported by this service.`);
      throw AppError.invalidInput(`'${rawName}' (position ${position}) is not an OData function.`);
    }
    const signature = FUNCTION_SIGNATURES[name];
    const min = signature.args.length - (signature.optional ?? 0);
    if (argNodes.length < min || argNodes.length > signature.args.length) {
      const expected = min === signature.args.length ? `${min}` : `${min} or ${signature.args.length}`;
      throw AppError.invalidInput(`'${rawName}' takes ${expected} arguments, not ${argNodes.length} (position ${position}).`);
    }
    const args = argNodes.map((argNode, index) => {
      const arg = this.expression(argNode);
      if (!acceptsArgument(signature.args[index], arg.type)) {
        throw AppError.invalidInput(`Argument ${index + 1} of '${rawName}' cannot be of type ${arg.type} (position ${argNode.position}).`);
      }
      return arg;
    });
    return { kind: 'call', name, args, type: signature.returns };
  }

  /**
   * Makes two operands comparable, or explains why they are not: an enum property accepts a plain
   * string literal naming a member (spec §5), a string property accepts a GUID literal, numbers mix.
   */
  private unify(left: TypedExpression, right: TypedExpression, operator: string, position: number): [TypedExpression, TypedExpression] {
    if (left.type === right.type || left.type === 'null' || right.type === 'null') return [left, right];
    if (NUMERIC_TYPES.includes(left.type) && NUMERIC_TYPES.includes(right.type)) return [left, right];
    const coerced = this.coerceLiteral(right, left.type) ?? right;
    if (coerced.type === left.type) return [left, coerced];
    const coercedLeft = this.coerceLiteral(left, right.type);
    if (coercedLeft?.type === right.type) return [coercedLeft, right];
    throw AppError.invalidInput(`'${operator}' cannot compare ${describe(left)} with ${describe(right)} (position ${position}).`);
  }

  private coerceLiteral(node: TypedExpression, targetType: string): TypedExpression | undefined {
    if (node.kind !== 'literal') return undefined;
    if (node.type === 'Edm.String' && this.model.findType(targetType)?.kind === 'enum')
      return this.enumLiteral(targetType, String(node.value), 0);
    if (node.type === 'Edm.Guid' && targetType === 'Edm.String') return { ...node, type: 'Edm.String' };
    return undefined;
  }
}

function describe(node: TypedExpression): string {
  return node.kind === 'property' ? `the ${node.type} property '${node.name}'` : `a value of type ${node.type}`;
}

/** OData `add`/`sub`/`mul`/`mod` keep integers integral; `div` divides integers integrally, `divby` never. */
function widerNumericType(left: string, right: string, operator: string): string {
  if (operator === 'divby') return 'Edm.Double';
  return NUMERIC_TYPES.indexOf(left) >= NUMERIC_TYPES.indexOf(right) ? left : right;
}

/** DateTimeOffset literals in any offset become the stored form: UTC with milliseconds. */
function canonicalDateTime(value: string, position: number): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw AppError.invalidInput(`'${value}' (position ${position}) is not a date and time this service can compare.`);
  return new Date(time).toISOString();
}
