import { ParsedQueryOptions } from './ast';
import { parseExpression } from './expression-parser';
import { ODataSyntaxError } from './parse-error';
import { systemOptionName } from './option-names';
import { applySystemOption } from './option-value-parsers';

/** System query options of OData 4.01 Part 2 §5 that are recognized without their `$` prefix. */
const SYSTEM_OPTIONS = new Set([
  'filter',
  'select',
  'expand',
  'orderby',
  'top',
  'skip',
  'count',
  'search',
  'skiptoken',
  'apply',
  'compute',
  'deltatoken',
  'format',
  'id',
  'index',
  'levels',
  'schemaversion',
]);

/** Recognized at the request level but only meaningful elsewhere or not implemented: reported as unsupported. */
const NOT_PARSED_AT_TOP_LEVEL = new Set(['levels']);

/**
 * Parses a request's query options, given as the (percent-decoded) key → value record the HTTP layer
 * produces. Names match with or without `$` and in any case (`$Filter`, `filter`). Returns the parsed
 * options; valid but unimplemented system options (`$apply`, `$compute`, unknown
 * `$`-options, ...) are listed in `unsupported` so the service can answer 501. Parameter aliases
 * (`@p=...`) are parsed as expressions; custom options (no `$`, not a system name) are ignored.
 * Throws ODataSyntaxError, with `option` set, for a malformed or repeated option.
 */
export function parseQueryOptions(query: Record<string, string | string[] | undefined>): ParsedQueryOptions {
  const options: ParsedQueryOptions = { unsupported: [] };
  const seen = new Set<string>();
  for (const [key, raw] of Object.entries(query)) {
    const isAlias = key.startsWith('@');
    const name = systemOptionName(key);
    if (raw === undefined || (!isAlias && !key.startsWith('$') && !SYSTEM_OPTIONS.has(name))) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (values.length > 1 || seen.has(name)) {
      throw new ODataSyntaxError(`The query option '${key}' is given more than once; give each option once`, 0, key);
    }
    seen.add(name);
    try {
      applyOption(options, key, name, values[0] ?? '');
    } catch (error) {
      if (!(error instanceof ODataSyntaxError)) throw error;
      throw new ODataSyntaxError(`Invalid ${key}: ${error.message}`, error.position, key);
    }
  }
  return options;
}

function applyOption(options: ParsedQueryOptions, key: string, name: string, value: string): void {
  if (name.startsWith('@')) {
    options.aliases = { ...options.aliases, [name.slice(1)]: parseExpression(value) };
  } else if (name === 'format') {
    // Content negotiation (Part 2 §5.1.8) belongs to the caller, which knows what it can produce.
    options.format = value;
  } else if (name === 'skiptoken') {
    if (value === '') throw new ODataSyntaxError('$skiptoken must not be empty', 0);
    options.skipToken = value;
  } else if (
    NOT_PARSED_AT_TOP_LEVEL.has(name) ||
    !applySystemOption(options, name, { text: value, start: 0, end: value.length, depth: 0 })
  ) {
    options.unsupported.push(key);
  }
}
