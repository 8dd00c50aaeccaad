/** Public API of the OData system query option parser. */
export * from './ast';
export { parseExpression } from './filter-parser';
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
export { parseQueryOptions, systemOptionName } from './parse-query-options';
export { parseCountOption, parseExpand, parseNonNegativeInteger, parseOrderBy, parseSelect } from './query-options-parser';
export { parseSearch } from './search-parser';
