import { GUID_SOURCE } from '../../../common/guid';
import { IDENTIFIER_PATTERN, MAX_IDENTIFIER_LENGTH, isIdentifierCharacterAt, isWhitespace } from './characters';
import { quote, syntaxError } from './parse-error';

/**
 * Splits an (already percent-decoded) option value into tokens on demand. Whitespace is a token of its
 * own because the ABNF makes it significant: `a eq b` needs it (RWS) where `a eq'b'` is an error.
 */
export type TokenKind =
  | 'whitespace'
  | 'name'
  | 'dollarName'
  | 'annotation'
  | 'string'
  | 'jsonString'
  | 'number'
  | 'guid'
  | 'date'
  | 'dateTimeOffset'
  | 'timeOfDay'
  | 'prefixedString'
  | 'punctuation'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The text as written. */
  text: string;
  /**
   * The content: unquoted and unescaped for strings (also the quoted part of a prefixed string),
   * without `@` for annotations, otherwise the same as `text`.
   */
  value: string;
  /** Prefix of a prefixed string: `duration`, `binary`, `geography`, or an enum type name. */
  prefix?: string;
  start: number;
  end: number;
}

/** Names may be namespace-qualified (`microsoft.graph.group`); `$it`, `$count` are dollar names. */
const NAME = new RegExp(`${IDENTIFIER_PATTERN}(?:\\.${IDENTIFIER_PATTERN})*`, 'uy');
const DOLLAR_NAME = new RegExp(`\\$${IDENTIFIER_PATTERN}`, 'uy');
/** `@alias`, `@Namespace.Term`, `@Term#Qualifier`. */
const ANNOTATION = new RegExp(`@${IDENTIFIER_PATTERN}(?:\\.${IDENTIFIER_PATTERN})*(?:#${IDENTIFIER_PATTERN})?`, 'uy');
/** Shapes only; literals.ts validates the values. The time zone is optional here to report it clearly. */
const DATE_OR_DATE_TIME = /-?\d{4,}-\d{2}-\d{2}(?:[Tt]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:\d{2})?)?/y;
const TIME_OF_DAY = /\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?/y;
const GUID = new RegExp(GUID_SOURCE, 'y');
const NUMBER = /-INF|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', '/', ':', ';', '=', '*', '.', '-']);
/** Tried in this order because a number is a prefix of the others. */
const LITERAL_SHAPES: readonly [RegExp, TokenKind][] = [
  [DATE_OR_DATE_TIME, 'date'],
  [TIME_OF_DAY, 'timeOfDay'],
  [GUID, 'guid'],
  [NUMBER, 'number'],
];

export class Lexer {
  private cached: Token | undefined;

  constructor(
    readonly text: string,
    /** Offset of the next token; callers may move it back to backtrack. */
    public position: number,
    readonly end: number,
  ) {}

  peek(): Token {
    if (this.cached?.start !== this.position) this.cached = this.tokenAt(this.position);
    return this.cached;
  }

  next(): Token {
    const token = this.peek();
    this.position = token.end;
    return token;
  }

  /** The token starting at `start`, without moving. */
  tokenAt(start: number): Token {
    const { text, end } = this;
    if (start >= end) return this.token('end', start, start);
    const char = text[start];
    if (isWhitespace(char)) {
      let stop = start + 1;
      while (stop < end && isWhitespace(text[stop])) stop++;
      return this.token('whitespace', start, stop);
    }
    if (char === "'") return this.quotedString(start, start);
    if (char === '"') return this.jsonString(start);
    if (char === '$') return this.matchName(DOLLAR_NAME, 'dollarName', start) ?? this.unexpected(start);
    if (char === '@') return this.matchName(ANNOTATION, 'annotation', start) ?? this.unexpected(start);
    const literal = this.matchLiteral(start);
    if (literal) return literal;
    const name = this.matchName(NAME, 'name', start);
    if (name) return text[name.end] === "'" ? this.quotedString(start, name.end) : name;
    if (PUNCTUATION.has(char)) return this.token('punctuation', start, start + 1);
    return this.unexpected(start);
  }

  private token(kind: TokenKind, start: number, stop: number, value?: string): Token {
    const text = this.text.slice(start, stop);
    return { kind, text, value: value ?? text, start, end: stop };
  }

  /** `'...'` with `''` for a quote; `prefixEnd > start` makes it a prefixed literal like `duration'P1D'`. */
  private quotedString(start: number, prefixEnd: number): Token {
    const { text, end } = this;
    let value = '';
    let index = prefixEnd + 1;
    for (;;) {
      const close = text.indexOf("'", index);
      if (close < 0 || close >= end) {
        throw syntaxError("Unterminated string literal: it needs a closing ' (a quote inside a string is written '')", start);
      }
      value += text.slice(index, close);
      if (text[close + 1] !== "'" || close + 1 >= end) {
        if (prefixEnd === start) return this.token('string', start, close + 1, value);
        return { ...this.token('prefixedString', start, close + 1, value), prefix: text.slice(start, prefixEnd) };
      }
      value += "'";
      index = close + 2;
    }
  }

  /** A JSON string inside an array or object literal (OData ABNF §5 "JSON format for queries"). */
  private jsonString(start: number): Token {
    const { text, end } = this;
    let index = start + 1;
    while (index < end && text[index] !== '"') index += text[index] === '\\' ? 2 : 1;
    if (index >= end) throw syntaxError('Unterminated JSON string', start);
    const raw = text.slice(start, index + 1);
    try {
      return this.token('jsonString', start, index + 1, JSON.parse(raw) as string);
    } catch {
      throw syntaxError(`Invalid JSON string ${quote(raw)}`, start);
    }
  }

  private matchName(pattern: RegExp, kind: TokenKind, start: number): Token | undefined {
    pattern.lastIndex = start;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    const stop = start + match[0].length;
    if (match[0].split(/[.#]/).some((part) => part.replace(/^[$@]/, '').length > MAX_IDENTIFIER_LENGTH)) {
      throw syntaxError(`Identifier ${quote(match[0])} is longer than ${MAX_IDENTIFIER_LENGTH} characters`, start);
    }
    return this.token(kind, start, stop, kind === 'annotation' ? match[0].slice(1) : undefined);
  }

  /** Dates, date-times, times of day, GUIDs and numbers; a literal glued to a word (`42abc`) is an error. */
  private matchLiteral(start: number): Token | undefined {
    for (const [pattern, kind] of LITERAL_SHAPES) {
      pattern.lastIndex = start;
      const match = pattern.exec(this.text);
      if (!match) continue;
      const stop = start + match[0].length;
      if (isIdentifierCharacterAt(this.text, stop) && stop < this.end) {
        // `-INFO` is the negation of a property, not a broken `-INF`.
        if (match[0] === '-INF') return undefined;
        let wordEnd = stop;
        while (wordEnd < this.end && isIdentifierCharacterAt(this.text, wordEnd)) wordEnd++;
        throw syntaxError(`Invalid literal ${quote(this.text.slice(start, wordEnd))}`, start);
      }
      return this.token(kind === 'date' && /[Tt]/.test(match[0]) ? 'dateTimeOffset' : kind, start, stop);
    }
    return undefined;
  }

  private unexpected(start: number): never {
    throw syntaxError(`Unexpected character ${quote(this.text[start])}`, start);
  }
}

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  if (token.kind === 'end') return 'the end of the value';
  if (token.kind === 'whitespace') return 'whitespace';
  return quote(token.text);
}
