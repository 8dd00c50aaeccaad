import { ArithmeticOperator, ComparisonOperator as ParsedComparisonOperator } from '../parser';

/**
 * A `$filter` expression after validation against the model: every property is resolved, every
 * node has a known EDM type, every function is one the binder implements. The binder trusts it.
 */
export type TypedExpression =
  | { readonly kind: 'property'; readonly name: string; readonly type: string }
  | { readonly kind: 'literal'; readonly value: string | number | boolean | null; readonly type: string }
  | {
      readonly kind: 'comparison';
      readonly operator: ComparisonOperator;
      readonly left: TypedExpression;
      readonly right: TypedExpression;
      readonly type: 'Edm.Boolean';
    }
  | {
      readonly kind: 'logical';
      readonly operator: 'and' | 'or';
      readonly left: TypedExpression;
      readonly right: TypedExpression;
      readonly type: 'Edm.Boolean';
    }
  | { readonly kind: 'not'; readonly operand: TypedExpression; readonly type: 'Edm.Boolean' }
  | { readonly kind: 'in'; readonly left: TypedExpression; readonly list: readonly TypedExpression[]; readonly type: 'Edm.Boolean' }
  | {
      readonly kind: 'arithmetic';
      readonly operator: ArithmeticOperator;
      readonly left: TypedExpression;
      readonly right: TypedExpression;
      readonly type: string;
    }
  | { readonly kind: 'negate'; readonly operand: TypedExpression; readonly type: string }
  | { readonly kind: 'call'; readonly name: FunctionName; readonly args: readonly TypedExpression[]; readonly type: string };

/** Numeric EDM types, narrowest first (the wider of two operands wins in arithmetic). */
export const NUMERIC_TYPES: readonly string[] = [
  'Edm.Byte',
  'Edm.SByte',
  'Edm.Int16',
  'Edm.Int32',
  'Edm.Int64',
  'Edm.Decimal',
  'Edm.Single',
  'Edm.Double',
];

/** The parser's comparison operators but `has` and `in`, which validation turns into other nodes or refuses. */
export type ComparisonOperator = Exclude<ParsedComparisonOperator, 'has' | 'in'>;

/** The canonical functions of OData 4.01 Part 2 §5.1.1.5–§5.1.1.8 that this service implements. */
export type FunctionName =
  | 'contains'
  | 'startswith'
  | 'endswith'
  | 'length'
  | 'indexof'
  | 'substring'
  | 'tolower'
  | 'toupper'
  | 'trim'
  | 'concat'
  | 'year'
  | 'month'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'date'
  | 'time';
