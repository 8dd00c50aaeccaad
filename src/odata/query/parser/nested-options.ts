import { quote, syntaxError } from './parse-error';

/** One `name=value` pair inside parentheses, as offsets into the option value. */
export interface RawOption {
  name: string;
  position: number;
  valueStart: number;
  valueEnd: number;
}

const OPTION_NAME = /^[$@]?[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Splits `(name=value;name=value)` starting at the `(` at `open`, e.g. the options of
 * `$expand=items($filter=a eq 'x;y';$top=5)`. Quoted strings and bracketed parts are skipped so their
 * `;` and `)` do not end a value. Returns the options and the offset just after the closing `)`.
 */
export function scanNestedOptions(text: string, open: number, end: number): { options: RawOption[]; end: number } {
  const options: RawOption[] = [];
  let index = open + 1;
  for (;;) {
    const equals = findOptionEquals(text, index, end);
    const name = text.slice(index, equals);
    if (!OPTION_NAME.test(name)) throw syntaxError(`Expected a query option such as '$filter=...', found ${quote(name)}`, index);
    const valueEnd = findValueEnd(text, equals + 1, end, open);
    options.push({ name, position: index, valueStart: equals + 1, valueEnd });
    index = valueEnd + 1;
    if (text[valueEnd] === ')') return { options, end: index };
  }
}

function findOptionEquals(text: string, start: number, end: number): number {
  for (let index = start; index < end; index++) {
    const char = text[index];
    if (char === '=') return index;
    if (char === ';' || char === ')' || char === '(') break;
  }
  throw syntaxError("Expected an option like '$top=5' inside the parentheses", start);
}

/** Offset of the `;` or `)` that ends the value starting at `start`. */
function findValueEnd(text: string, start: number, end: number, open: number): number {
  let depth = 0;
  let index = start;
  while (index < end) {
    const char = text[index];
    if (char === "'") index = skipQuoted(text, index, end, "'");
    else if (char === '"') index = skipQuoted(text, index, end, '"');
    else if (char === '(' || char === '[' || char === '{') depth++;
    else if (char === ')' || char === ']' || char === '}') {
      if (depth === 0 && char === ')') return index;
      depth--;
    } else if (char === ';' && depth === 0) return index;
    index++;
  }
  throw syntaxError(`Missing ')' to close the '(' opened`, open);
}

/** Offset of the closing quote; `''` inside single quotes and `\"` inside double quotes are escapes. */
function skipQuoted(text: string, start: number, end: number, quoteChar: string): number {
  let index = start + 1;
  while (index < end) {
    if (quoteChar === '"' && text[index] === '\\') index += 2;
    else if (text[index] !== quoteChar) index++;
    else if (quoteChar === "'" && text[index + 1] === "'") index += 2;
    else return index;
  }
  throw syntaxError(`Unterminated ${quoteChar === "'" ? 'string literal' : 'JSON string'}`, start);
}
