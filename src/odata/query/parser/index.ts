/** Public API of the OData system query option parser. */
export * from './ast';
export { parseExpression } from './expression-parser';
export {
  parseBinaryValue,
  parseDateTimeOffsetValue,
  parseDateValue,
  parseDurationValue,
  parseEnumValue,
  parseGuidValue,
  parseNumberValue,
  parseTimeOfDayValue,
} from './literals';
export type { TypedValue } from './literals';
export { MAX_DEPTH } from './limits';
export { ODataSyntaxError } from './parse-error';
export { systemOptionName } from './option-names';
export { parseQueryOptions } from './query-string-parser';
export { parseCountOption, parseExpand, parseNonNegativeInteger, parseOrderBy, parseSelect } from './option-value-parsers';
export { parseSearch } from './search-parser';
