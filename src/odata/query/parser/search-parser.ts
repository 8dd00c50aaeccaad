import { SearchExpression } from './ast';
import { isWhitespace } from './characters';
import { MAX_DEPTH } from './limits';
import { quote, syntaxError } from './parse-error';

/**
 * Parses a `$search` value (OData 4.01 Part 2 §5.1.7, ABNF `search`). Precedence is NOT > AND > OR;
 * adjacent terms are joined by an implicit AND. `AND`, `OR` and `NOT` are operators only in upper case
 * and only where an operand follows; elsewhere they are plain words (`$search=NOT` finds "NOT").
 * Leading whitespace is allowed (ABNF `BWS`); the single-quoted form `'...'` is one phrase.
 */
export function parseSearch(text: string, start = 0, end = text.length): SearchExpression {
  return new SearchParser(text, start, end).parseAll();
}

class SearchParser {
  private position: number;
  private depth = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    this.position = start;
  }

  parseAll(): SearchExpression {
    this.skipWhitespace();
    if (this.position >= this.end) throw syntaxError('$search must not be empty', this.position);
    if (this.text[this.position] === "'") return this.quotedSearch();
    const expression = this.parseOr();
    if (this.position < this.end)
      throw syntaxError(`Unexpected ${quote(this.text.slice(this.position, this.end))} in $search`, this.position);
    return expression;
  }

  private parseOr(): SearchExpression {
    let left = this.parseAnd();
    while (this.operatorAhead('OR')) {
      const position = this.position;
      this.position = this.afterWord(this.afterWhitespace(this.position));
      this.skipWhitespace();
      left = { kind: 'or', left, right: this.parseAnd(), position };
    }
    return left;
  }

  private parseAnd(): SearchExpression {
    let left = this.parseUnary();
    for (;;) {
      const afterSpace = this.afterWhitespace(this.position);
      if (afterSpace === this.position || !this.startsOperand(afterSpace) || this.operatorAhead('OR')) return left;
      const position = this.position;
      this.position = this.operatorAhead('AND') ? this.afterWhitespace(this.afterWord(afterSpace)) : afterSpace;
      left = { kind: 'and', left, right: this.parseUnary(), position };
    }
  }

  private parseUnary(): SearchExpression {
    const position = this.position;
    if (this.wordAt(position) === 'NOT') {
      const operandStart = this.afterWhitespace(this.afterWord(position));
      if (operandStart > position + 3 && this.startsOperand(operandStart)) {
        this.position = operandStart;
        return this.nested(() => ({ kind: 'not', operand: this.parseUnary(), position }));
      }
    }
    return this.parsePrimary();
  }

  private parsePrimary(): SearchExpression {
    const position = this.position;
    const char = this.text[position];
    if (char === '(') {
      this.position++;
      this.skipWhitespace();
      const inner = this.nested(() => this.parseOr());
      this.skipWhitespace();
      if (this.text[this.position] !== ')')
        throw syntaxError(`Expected ')' to close the '(' at position ${position} in $search`, this.position);
      this.position++;
      return inner;
    }
    if (char === '"') return this.phrase();
    if (!this.startsOperand(position)) {
      const found = position >= this.end ? 'the end of the value' : quote(char);
      throw syntaxError(`Expected a search term, a "phrase" or '(' but found ${found}`, position);
    }
    this.position = this.afterWord(position);
    return { kind: 'term', value: this.text.slice(position, this.position), position };
  }

  private phrase(): SearchExpression {
    const position = this.position;
    const close = this.text.indexOf('"', position + 1);
    if (close < 0 || close >= this.end) throw syntaxError('Unterminated "phrase" in $search', this.end);
    if (close === position + 1) throw syntaxError('A $search phrase must not be empty', position);
    this.position = close + 1;
    return { kind: 'phrase', value: this.text.slice(position + 1, close), position };
  }

  /** ABNF `searchExpr-incomplete`: the whole value is `'...'`, with `''` for a quote. */
  private quotedSearch(): SearchExpression {
    const position = this.position;
    const body = this.text.slice(position + 1, this.end - 1);
    if (this.end - position < 2 || this.text[this.end - 1] !== "'" || body.replace(/''/g, '').includes("'")) {
      throw syntaxError("A single-quoted $search must be one quoted string, with '' for a quote inside", position);
    }
    this.position = this.end;
    return { kind: 'phrase', value: body.replace(/''/g, "'"), position };
  }

  private nested(parse: () => SearchExpression): SearchExpression {
    if (++this.depth > MAX_DEPTH) throw syntaxError(`$search is nested more than ${MAX_DEPTH} levels deep`, this.position);
    const result = parse();
    this.depth--;
    return result;
  }

  /** True when whitespace, `word` and whitespace followed by an operand come next. */
  private operatorAhead(word: 'AND' | 'OR'): boolean {
    const wordStart = this.afterWhitespace(this.position);
    if (wordStart === this.position || this.wordAt(wordStart) !== word) return false;
    const wordEnd = wordStart + word.length;
    const operandStart = this.afterWhitespace(wordEnd);
    return operandStart > wordEnd && this.startsOperand(operandStart);
  }

  /** A word (not starting with a single quote), a phrase or a parenthesized expression starts here. */
  private startsOperand(index: number): boolean {
    if (index >= this.end) return false;
    const char = this.text[index];
    return char === '(' || char === '"' || (this.isWordChar(char) && char !== "'");
  }

  private wordAt(index: number): string {
    return this.text.slice(index, this.afterWord(index));
  }

  private afterWord(index: number): number {
    let stop = index;
    while (stop < this.end && this.isWordChar(this.text[stop])) stop++;
    return stop;
  }

  private isWordChar(char: string): boolean {
    return !isWhitespace(char) && char !== '(' && char !== ')' && char !== '"';
  }

  private afterWhitespace(index: number): number {
    let stop = index;
    while (stop < this.end && isWhitespace(this.text[stop])) stop++;
    return stop;
  }

  private skipWhitespace(): void {
    this.position = this.afterWhitespace(this.position);
  }
}
