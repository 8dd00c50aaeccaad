import { FunctionName } from './typed-expression';

/** Argument kinds a canonical function accepts. */
type ArgumentKind = 'string' | 'integer' | 'dateTime' | 'dateOrDateTime' | 'temporal';

interface FunctionSignature {
  readonly args: readonly ArgumentKind[];
  /** How many trailing arguments may be left out. */
  readonly optional?: number;
  readonly returns: string;
}

/** OData 4.01 Part 2 §5.1.1.5 (string), §5.1.1.6 (date and time): the functions the binder implements. */
export const FUNCTION_SIGNATURES: Readonly<Record<FunctionName, FunctionSignature>> = {
  contains: { args: ['string', 'string'], returns: 'Edm.Boolean' },
  startswith: { args: ['string', 'string'], returns: 'Edm.Boolean' },
  endswith: { args: ['string', 'string'], returns: 'Edm.Boolean' },
  length: { args: ['string'], returns: 'Edm.Int32' },
  indexof: { args: ['string', 'string'], returns: 'Edm.Int32' },
  substring: { args: ['string', 'integer', 'integer'], optional: 1, returns: 'Edm.String' },
  tolower: { args: ['string'], returns: 'Edm.String' },
  toupper: { args: ['string'], returns: 'Edm.String' },
  trim: { args: ['string'], returns: 'Edm.String' },
  concat: { args: ['string', 'string'], returns: 'Edm.String' },
  year: { args: ['dateOrDateTime'], returns: 'Edm.Int32' },
  month: { args: ['dateOrDateTime'], returns: 'Edm.Int32' },
  day: { args: ['dateOrDateTime'], returns: 'Edm.Int32' },
  hour: { args: ['temporal'], returns: 'Edm.Int32' },
  minute: { args: ['temporal'], returns: 'Edm.Int32' },
  second: { args: ['temporal'], returns: 'Edm.Int32' },
  date: { args: ['dateTime'], returns: 'Edm.Date' },
  time: { args: ['dateTime'], returns: 'Edm.TimeOfDay' },
};

/** Canonical OData functions the service knows but does not implement: a 501, not a 400 (spec §5). */
export const UNIMPLEMENTED_FUNCTIONS = new Set([
  'round',
  'floor',
  'ceiling',
  'cast',
  'isof',
  'now',
  'maxdatetime',
  'mindatetime',
  'totaloffsetminutes',
  'fractionalseconds',
  'totalseconds',
  'matchespattern',
  'hassubset',
  'hassubsequence',
  'case',
  'geo.distance',
  'geo.intersects',
  'geo.length',
]);

const INTEGER_TYPES = new Set(['Edm.Byte', 'Edm.SByte', 'Edm.Int16', 'Edm.Int32', 'Edm.Int64']);

export function acceptsArgument(kind: ArgumentKind, type: string): boolean {
  switch (kind) {
    case 'string':
      return type === 'Edm.String';
    case 'integer':
      return INTEGER_TYPES.has(type);
    case 'dateTime':
      return type === 'Edm.DateTimeOffset';
    case 'dateOrDateTime':
      return type === 'Edm.DateTimeOffset' || type === 'Edm.Date';
    case 'temporal':
      return type === 'Edm.DateTimeOffset' || type === 'Edm.TimeOfDay';
  }
}

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTION_SIGNATURES, name);
}
