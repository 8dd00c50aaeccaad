import { ExpandItem, NestedQueryOptions, OrderByItem, SelectItem } from './ast';
import { parseExpression, parseExpressionPrefix } from './expression-parser';
import { Lexer, Token, describeToken } from './lexer';
import { MAX_DEPTH } from './limits';
import { scanNestedOptions } from './nested-options';
import { systemOptionName } from './option-names';
import { quote, syntaxError } from './parse-error';
import { parseSearch } from './search-parser';

/**
 * Parsers for the option values other than `$filter` and `$search` (OData 4.01 Part 2 §5.1, ABNF §2),
 * and for the options nested in `$select`/`$expand` items. Whitespace after the commas of `$select`,
 * `$expand` and `$orderby` lists is tolerated although the ABNF has none: clients often send it.
 */

/** Parses `$orderby`: `expression [asc|desc]` items separated by commas. */
export function parseOrderBy(value: string): OrderByItem[] {
  return orderBy({ text: value, start: 0, end: value.length, depth: 0 });
}

/** Parses `$select`: `*`, `Namespace.*`, and paths with optional nested options. */
export function parseSelect(value: string): SelectItem[] {
  return select({ text: value, start: 0, end: value.length, depth: 0 });
}

/** Parses `$expand`: paths, `*`, `/$ref`, `/$count`, with nested options in parentheses. */
export function parseExpand(value: string): ExpandItem[] {
  return expand({ text: value, start: 0, end: value.length, depth: 0 });
}

/** Parses `$top` or `$skip`: a non-negative integer (ABNF `1*DIGIT`). */
export function parseNonNegativeInteger(value: string, option: string): number {
  return nonNegativeInteger({ text: value, start: 0, end: value.length, depth: 0 }, option);
}

/** Parses `$count`: `true` or `false`, in any case. */
export function parseCountOption(value: string): boolean {
  return countOption({ text: value, start: 0, end: value.length, depth: 0 });
}

/**
 * Applies one system query option to `options`. `name` is normalized (lower case, no `$`); returns
 * false when it is not one this parser interprets.
 */
export function applySystemOption(options: NestedQueryOptions, name: string, span: Span): boolean {
  switch (name) {
    case 'filter':
      options.filter = parseExpression(span.text, span.start, span.end, span.depth);
      return true;
    case 'search':
      options.search = parseSearch(span.text, span.start, span.end);
      return true;
    case 'orderby':
      options.orderBy = orderBy(span);
      return true;
    case 'select':
      options.select = select(span);
      return true;
    case 'expand':
      options.expand = expand(span);
      return true;
    case 'top':
    case 'skip':
      options[name] = nonNegativeInteger(span, `$${name}`);
      return true;
    case 'count':
      options.count = countOption(span);
      return true;
    case 'levels':
      options.levels = levels(span);
      return true;
    default:
      return false;
  }
}

/** A part of an option value: positions stay offsets in the whole value. */
export interface Span {
  text: string;
  start: number;
  end: number;
  /** Nesting already used by enclosing options, for the depth guard. */
  depth: number;
}

function orderBy(span: Span): OrderByItem[] {
  const lexer = new Lexer(span.text, span.start, span.end);
  return commaSeparated(lexer, '$orderby', () => {
    const expression = parseExpressionPrefix(lexer, span.depth);
    const space = lexer.peek();
    const word = lexer.tokenAt(space.end);
    const direction = word.text.toLowerCase();
    if (space.kind === 'whitespace' && word.kind === 'name' && (direction === 'asc' || direction === 'desc')) {
      lexer.position = word.end;
      return { expression, direction };
    }
    return { expression, direction: 'asc' };
  });
}

const SELECT_OPTIONS = new Set(['filter', 'search', 'count', 'orderby', 'skip', 'top', 'select', 'compute', 'alias']);
const EXPAND_OPTIONS = new Set([...SELECT_OPTIONS, 'expand', 'levels']);
const EXPAND_REF_OPTIONS = new Set(['filter', 'search', 'orderby', 'skip', 'top', 'count']);
const EXPAND_COUNT_OPTIONS = new Set(['filter', 'search']);
const EXPAND_STAR_OPTIONS = new Set(['levels']);
/** Valid nested options the service does not implement: reported in `unsupported`, never ignored. */
const UNSUPPORTED_OPTIONS = new Set(['compute', 'apply']);

function select(span: Span): SelectItem[] {
  const lexer = new Lexer(span.text, span.start, span.end);
  return commaSeparated(lexer, '$select', (): SelectItem => {
    const first = lexer.peek();
    if (isPunctuation(first, '*')) {
      lexer.next();
      return { kind: 'all', position: first.start };
    }
    if (first.kind === 'name' && isPunctuation(lexer.tokenAt(first.end), '.')) {
      lexer.position = first.end + 1;
      expectPunctuation(lexer, '*', `after ${quote(first.text + '.')} in $select`);
      return { kind: 'allOperations', namespace: first.text, position: first.start };
    }
    const path = pathSegments(lexer, '$select');
    if (!isPunctuation(lexer.peek(), '(')) return { kind: 'path', path, position: first.start };
    const parameterNames = functionParameterNames(lexer);
    if (parameterNames) return { kind: 'path', path, parameterNames, position: first.start };
    return { kind: 'path', path, options: nestedOptions(lexer, span.depth, SELECT_OPTIONS), position: first.start };
  });
}

/** `Model.f(p1,p2)` in `$select` names an overload by its parameter names (ABNF `parameterNames`). */
function functionParameterNames(lexer: Lexer): string[] | undefined {
  const names: string[] = [];
  let position = lexer.position + 1;
  for (;;) {
    const name = lexer.tokenAt(position);
    const after = lexer.tokenAt(name.end);
    if (name.kind !== 'name' || !(isPunctuation(after, ',') || isPunctuation(after, ')'))) return undefined;
    names.push(name.text);
    position = after.end;
    if (after.text === ')') {
      lexer.position = position;
      return names;
    }
  }
}

function expand(span: Span): ExpandItem[] {
  const lexer = new Lexer(span.text, span.start, span.end);
  return commaSeparated(lexer, '$expand', (): ExpandItem => {
    const first = lexer.peek();
    if (first.kind === 'dollarName' && first.text === '$value') {
      lexer.next();
      return { kind: 'entities', path: ['$value'], position: first.start };
    }
    const path = pathSegments(lexer, '$expand');
    const star = path[path.length - 1] === '*';
    let kind: ExpandItem['kind'] = 'entities';
    if (isPunctuation(lexer.peek(), '/')) {
      lexer.next();
      const marker = lexer.next();
      if (marker.text === '$ref') kind = 'ref';
      else if (marker.text === '$count' && !star) kind = 'count';
      else throw syntaxError(`Unexpected ${describeToken(marker)} in $expand: expected '$ref'${star ? '' : " or '$count'"}`, marker.start);
    }
    if (!isPunctuation(lexer.peek(), '(')) return { kind, path, position: first.start };
    const allowed = star
      ? kind === 'ref'
        ? new Set<string>()
        : EXPAND_STAR_OPTIONS
      : { entities: EXPAND_OPTIONS, ref: EXPAND_REF_OPTIONS, count: EXPAND_COUNT_OPTIONS }[kind];
    return { kind, path, options: nestedOptions(lexer, span.depth, allowed), position: first.start };
  });
}

/**
 * `segment/segment/...` of `$select`/`$expand`: names, qualified type casts, `@annotations`, and in
 * `$expand` a final `*`. Stops before `/$ref`, `/$count`, `(`, `,` or the end.
 */
function pathSegments(lexer: Lexer, option: string): string[] {
  const path: string[] = [];
  for (;;) {
    const segment = lexer.next();
    if (isPunctuation(segment, '*') && option === '$expand') {
      path.push('*');
      return path;
    }
    if (segment.kind !== 'name' && segment.kind !== 'annotation') {
      throw syntaxError(`Unexpected ${describeToken(segment)} in ${option}: expected a property name`, segment.start);
    }
    path.push(segment.text);
    if (!isPunctuation(lexer.peek(), '/') || lexer.tokenAt(lexer.position + 1).kind === 'dollarName') return path;
    lexer.next();
  }
}

/** `(option=value;...)` after a `$select`/`$expand` item; `allowed` holds normalized option names. */
function nestedOptions(lexer: Lexer, depth: number, allowed: ReadonlySet<string>): NestedQueryOptions {
  if (depth + 1 > MAX_DEPTH) throw syntaxError(`$select/$expand options are nested more than ${MAX_DEPTH} levels deep`, lexer.position);
  const scanned = scanNestedOptions(lexer.text, lexer.position, lexer.end);
  const options: NestedQueryOptions = { unsupported: [] };
  const seen = new Set<string>();
  for (const raw of scanned.options) {
    const name = systemOptionName(raw.name);
    const span: Span = { text: lexer.text, start: raw.valueStart, end: raw.valueEnd, depth: depth + 1 };
    if (seen.has(name)) throw syntaxError(`The option ${quote(raw.name)} is repeated`, raw.position);
    seen.add(name);
    if (name.startsWith('@') && allowed.has('alias')) {
      options.aliases = { ...options.aliases, [name.slice(1)]: parseExpression(span.text, span.start, span.end, span.depth) };
    } else if (allowed.has(name) && UNSUPPORTED_OPTIONS.has(name)) {
      options.unsupported.push(raw.name);
    } else if (!allowed.has(name) || !applySystemOption(options, name, span)) {
      const names = [...allowed].filter((option) => option !== 'alias').map((option) => `$${option}`);
      throw syntaxError(`The option ${quote(raw.name)} is not allowed here; allowed: ${names.join(', ') || 'none'}`, raw.position);
    }
  }
  lexer.position = scanned.end;
  return options;
}

/** Items separated by `,` filling the whole span. */
function commaSeparated<T>(lexer: Lexer, option: string, parseItem: () => T): T[] {
  const items: T[] = [];
  for (;;) {
    items.push(parseItem());
    const token = lexer.next();
    if (token.kind === 'end') return items;
    if (isPunctuation(token, ',')) {
      if (lexer.peek().kind === 'whitespace') lexer.next();
      continue;
    }
    const unexpected = token.kind === 'whitespace' && lexer.peek().kind !== 'end' ? lexer.peek() : token;
    const expected = option === '$orderby' ? "an operator, 'asc', 'desc', ','" : "','";
    throw syntaxError(
      `Unexpected ${describeToken(unexpected)} in ${option}: expected ${expected} or the end of the value`,
      unexpected.start,
    );
  }
}

function nonNegativeInteger(span: Span, option: string): number {
  const text = span.text.slice(span.start, span.end);
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw syntaxError(`${option} must be a non-negative integer, not ${quote(text)}`, span.start);
  }
  return value;
}

function countOption(span: Span): boolean {
  const text = span.text.slice(span.start, span.end).toLowerCase();
  if (text !== 'true' && text !== 'false') {
    throw syntaxError(`$count must be true or false, not ${quote(span.text.slice(span.start, span.end))}`, span.start);
  }
  return text === 'true';
}

/** `$levels`: a positive integer without leading zeros, or `max` (ABNF `levels`). */
function levels(span: Span): number | 'max' {
  const text = span.text.slice(span.start, span.end);
  if (text.toLowerCase() === 'max') return 'max';
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw syntaxError(`$levels must be a positive integer without leading zeros or 'max', not ${quote(text)}`, span.start);
  }
  return Number(text);
}

function isPunctuation(token: Token, char: string): boolean {
  return token.kind === 'punctuation' && token.text === char;
}

function expectPunctuation(lexer: Lexer, char: string, context: string): void {
  const token = lexer.next();
  if (!isPunctuation(token, char)) throw syntaxError(`Expected '${char}' ${context} but found ${describeToken(token)}`, token.start);
}
