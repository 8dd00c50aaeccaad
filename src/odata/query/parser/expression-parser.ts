import { ArrayNode, BinaryOperator, CountNode, Expression, LiteralNode, NamedArgument, ObjectNode } from './ast';
import { Lexer, Token, describeToken } from './lexer';
import { MAX_DEPTH } from './limits';
import {
  parseBinaryValue,
  parseDateTimeOffsetValue,
  parseDateValue,
  parseDurationValue,
  parseEnumValue,
  parseGuidValue,
  parseNumberValue,
  parseTimeOfDayValue,
} from './literals';
import { scanNestedOptions } from './nested-options';
import { systemOptionName } from './option-names';
import { quote, syntaxError } from './parse-error';
import { parseSearch } from './search-parser';

/**
 * Parses an OData common expression (ABNF `commonExpr`; `$filter` is the same syntax): the value of
 * `$filter`, an `$orderby` item, a parameter alias. Operators, built-in function names and
 * `true`/`false` are case-insensitive. Parses `text` between `start` and `end`, and positions in
 * errors and nodes are offsets in `text`; `depth` is the nesting already used by enclosing options.
 */
export function parseExpression(text: string, start = 0, end = text.length, depth = 0): Expression {
  return new ExpressionParser(new Lexer(text, start, end), depth, []).parseAll();
}

/**
 * Parses a common expression at the lexer's position and stops before the first token that cannot
 * continue it (for `$orderby`, where ` asc` may follow). Used by the other option parsers.
 */
export function parseExpressionPrefix(lexer: Lexer, depth: number): Expression {
  return new ExpressionParser(lexer, depth, []).parseCommonExpr();
}

/**
 * Binary operators from loosest to tightest binding (OData 4.01 Part 2 §5.1.1.17 Operator Precedence).
 * `has` and `in` bind tightest of all and are handled with the primary expressions.
 */
const BINARY_LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['or'],
  ['and'],
  ['eq', 'ne'],
  ['lt', 'le', 'gt', 'ge'],
  ['add', 'sub'],
  ['mul', 'div', 'divby', 'mod'],
];
const POSTFIX_OPERATORS: readonly BinaryOperator[] = ['has', 'in'];

class ExpressionParser {
  constructor(
    private readonly lexer: Lexer,
    private depth: number,
    /** Lambda variables in scope, innermost last. */
    private readonly lambdaVariables: string[],
  ) {}

  parseAll(): Expression {
    const expression = this.parseCommonExpr();
    const token = this.lexer.peek();
    if (token.kind === 'end') return expression;
    if (token.kind === 'whitespace') {
      const next = this.lexer.tokenAt(token.end);
      if (next.kind === 'end') throw syntaxError('Unexpected whitespace at the end of the expression', token.start);
      throw syntaxError(`Unexpected ${describeToken(next)}: expected an operator such as 'eq', 'and' or 'or'`, next.start);
    }
    throw syntaxError(`Unexpected ${describeToken(token)} after the expression`, token.start);
  }

  parseCommonExpr(): Expression {
    return this.nested(() => this.parseBinary(0));
  }

  /** Precedence climbing over BINARY_LEVELS; a loop, so long `a and b and c ...` chains cost no stack. */
  private parseBinary(level: number): Expression {
    if (level === BINARY_LEVELS.length) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (let operator = this.operatorAhead(BINARY_LEVELS[level]); operator; operator = this.operatorAhead(BINARY_LEVELS[level])) {
      const right = this.parseBinary(level + 1);
      left = { kind: 'binary', operator, left, right, position: left.position };
    }
    return left;
  }

  private parseUnary(): Expression {
    const token = this.lexer.peek();
    if (token.kind === 'punctuation' && token.text === '-') {
      this.lexer.next();
      this.skipWhitespace();
      return this.nested(() => ({ kind: 'unary', operator: 'negate', operand: this.parseUnary(), position: token.start }));
    }
    // `not(x)` is accepted as well as the ABNF's `not x`: clients commonly write it that way.
    if (token.kind === 'name' && token.text.toLowerCase() === 'not') {
      const after = this.lexer.tokenAt(token.end);
      if (after.kind === 'whitespace' || after.text === '(') {
        this.lexer.position = after.kind === 'whitespace' ? after.end : token.end;
        return this.nested(() => ({ kind: 'unary', operator: 'not', operand: this.parseUnary(), position: token.start }));
      }
    }
    return this.parsePostfix();
  }

  /** `has` and `in` bind tighter than unary operators (§5.1.1.17), so they apply right after a primary. */
  private parsePostfix(): Expression {
    let expression = this.parsePrimary();
    for (let operator = this.operatorAhead(POSTFIX_OPERATORS); operator; operator = this.operatorAhead(POSTFIX_OPERATORS)) {
      if (operator === 'in') {
        expression = this.parseInOperand(expression);
      } else {
        expression = { kind: 'binary', operator, left: expression, right: this.parsePrimary(), position: expression.position };
      }
    }
    return expression;
  }

  /** `in (literal, ...)`, `in [..]`, or `in <collection>` (ABNF `inExpr`, `listExpr`). */
  private parseInOperand(left: Expression): Expression {
    const position = left.position;
    const token = this.lexer.peek();
    if (token.text === '[' && token.kind === 'punctuation') {
      return { kind: 'in', left, list: this.parseArray().items, position };
    }
    if (token.text !== '(' || token.kind !== 'punctuation') {
      return { kind: 'binary', operator: 'in', left, right: this.parsePrimary(), position };
    }
    this.lexer.next();
    this.skipWhitespace();
    if (this.acceptPunctuation(')')) return { kind: 'in', left, list: [], position };
    const first = this.parseCommonExpr();
    this.skipWhitespace();
    if (this.acceptPunctuation(')')) {
      // `x in (y)` with a non-literal y is a parenthesized collection, not a one-item list.
      return isLiteral(first)
        ? { kind: 'in', left, list: [first], position }
        : { kind: 'binary', operator: 'in', left, right: first, position };
    }
    const list = [first];
    while (this.acceptPunctuation(',')) {
      this.skipWhitespace();
      list.push(this.parseCommonExpr());
      this.skipWhitespace();
    }
    this.expectPunctuation(')', `to close the 'in' list opened at position ${token.start}`);
    const nonLiteral = list.find((item) => !isLiteral(item));
    if (nonLiteral) {
      throw syntaxError("The list after 'in' may contain only literals such as 'a' or 42", nonLiteral.position);
    }
    return { kind: 'in', left, list, position };
  }

  private parsePrimary(): Expression {
    const token = this.lexer.peek();
    switch (token.kind) {
      case 'punctuation':
        return this.parsePunctuationPrimary(token);
      case 'string':
        this.lexer.next();
        return literal('Edm.String', token.value, token);
      case 'number': {
        this.lexer.next();
        const { type, value } = parseNumberValue(token.text, token.start);
        return literal(type, value, token);
      }
      case 'date':
        this.lexer.next();
        return literal('Edm.Date', parseDateValue(token.text, token.start), token);
      case 'dateTimeOffset':
        this.lexer.next();
        return literal('Edm.DateTimeOffset', parseDateTimeOffsetValue(token.text, token.start), token);
      case 'timeOfDay':
        this.lexer.next();
        return literal('Edm.TimeOfDay', parseTimeOfDayValue(token.text, token.start), token);
      case 'guid':
        this.lexer.next();
        return literal('Edm.Guid', parseGuidValue(token.text, token.start), token);
      case 'prefixedString':
        this.lexer.next();
        return this.prefixedLiteral(token);
      case 'dollarName':
        return this.parseVariable(token);
      case 'annotation':
        return this.parseAnnotationOrAlias(token);
      case 'name':
        return this.parseName(token);
      case 'jsonString':
        throw syntaxError(
          `Unexpected ${describeToken(token)}: string literals use single quotes, double quotes only inside [...] or {...}`,
          token.start,
        );
      case 'end':
        throw syntaxError('Expected an expression but found the end of the value', token.start);
      default:
        throw syntaxError(`Unexpected ${describeToken(token)}: expected a property, literal or function call`, token.start);
    }
  }

  private parsePunctuationPrimary(token: Token): Expression {
    if (token.text === '[') return this.parseArray();
    if (token.text === '{') return this.parseObject();
    if (token.text !== '(')
      throw syntaxError(`Unexpected ${describeToken(token)}: expected a property, literal or function call`, token.start);
    this.lexer.next();
    this.skipWhitespace();
    const inner = this.parseCommonExpr();
    this.skipWhitespace();
    if (this.lexer.peek().text === ',') {
      throw syntaxError("Unexpected ',': a parenthesized list is only allowed after 'in'", this.lexer.peek().start);
    }
    this.expectPunctuation(')', `to close the '(' at position ${token.start}`);
    return inner;
  }

  /** `duration'P1D'`, `binary'...'`, `geography'...'`, or an enum literal `Namespace.Type'Member'`. */
  private prefixedLiteral(token: Token): Expression {
    const prefix = token.prefix as string;
    const valuePosition = token.start + prefix.length + 1;
    switch (prefix.toLowerCase()) {
      case 'duration':
        return literal('Edm.Duration', parseDurationValue(token.value, valuePosition), token);
      case 'binary':
        return literal('Edm.Binary', parseBinaryValue(token.value, valuePosition), token);
      case 'geography':
      case 'geometry':
        // The well-known-text body is kept unparsed: the service rejects geo values as unsupported.
        if (!/^SRID=\d{1,5};/i.test(token.value)) throw syntaxError(`Invalid ${prefix} literal: expected SRID=<number>;...`, valuePosition);
        return literal(prefix.toLowerCase() === 'geography' ? 'Edm.Geography' : 'Edm.Geometry', token.value, token);
    }
    if (!prefix.includes('.')) {
      throw syntaxError(
        `Unknown literal prefix ${quote(prefix)}: expected duration, binary, geography, geometry or a namespace-qualified enum type`,
        token.start,
      );
    }
    return { kind: 'enum', typeName: prefix, value: parseEnumValue(token.value, valuePosition), position: token.start };
  }

  /** `$it`, `$this` or `$root/...` (OData 4.01 Part 2 §5.1.1.14.4-6). */
  private parseVariable(token: Token): Expression {
    if (token.text !== '$it' && token.text !== '$this' && token.text !== '$root') {
      throw syntaxError(`Unexpected ${describeToken(token)}: expected a property, literal or function call`, token.start);
    }
    this.lexer.next();
    if (token.text === '$root' && this.lexer.peek().text !== '/') throw syntaxError("'$root' must be followed by '/'", token.end);
    return this.parseMemberChain({ kind: 'variable', name: token.text, position: token.start });
  }

  /**
   * `@Namespace.Term`, `@Term#Qualifier` or `@Term/...` are annotation paths (§5.1.1.16); a plain `@p`
   * is a parameter alias (§5.3).
   */
  private parseAnnotationOrAlias(token: Token): Expression {
    this.lexer.next();
    if (/[.#]/.test(token.value) || this.lexer.peek().text === '/') {
      return this.parseMemberChain({ kind: 'property', path: [token.text], position: token.start });
    }
    return { kind: 'alias', name: token.value, position: token.start };
  }

  private parseName(token: Token): Expression {
    this.lexer.next();
    const next = this.lexer.peek();
    if (next.text === '(' && next.kind === 'punctuation') return this.parseCall(token);
    if (next.text !== '/') {
      const keyword = keywordLiteral(token);
      if (keyword) return keyword;
      if (token.text.includes('.')) {
        throw syntaxError(
          `Unexpected ${quote(token.text)}: a namespace-qualified name must be followed by '/' (type cast) or '(' (function call)`,
          token.end,
        );
      }
    }
    if (this.lambdaVariables.includes(token.text)) {
      return this.parseMemberChain({ kind: 'variable', name: token.text, position: token.start });
    }
    return this.parseMemberChain({ kind: 'property', path: [token.text], position: token.start });
  }

  /** Continues a path: `/segment`, `/$count`, `/$filter(...)`, `/any(...)`, bound calls, key predicates. */
  private parseMemberChain(base: Expression): Expression {
    let current = base;
    for (;;) {
      const token = this.lexer.peek();
      if (token.text === '(' && token.kind === 'punctuation' && current.kind === 'filterSegment') {
        current = { kind: 'key', collection: current, ...this.parseArguments(), position: current.position };
        continue;
      }
      if (token.text !== '/' || token.kind !== 'punctuation') return current;
      this.lexer.next();
      const segment = this.lexer.next();
      const followedByParen = this.lexer.peek().text === '(' && this.lexer.peek().kind === 'punctuation';
      if (segment.kind === 'name' && followedByParen) {
        const lower = segment.text.toLowerCase();
        if (lower === 'any' || lower === 'all') return this.parseLambda(current, lower);
        current = this.parseCall(segment, current);
      } else if (segment.kind === 'name' || segment.kind === 'annotation') {
        if (current.kind === 'property') current.path.push(segment.text);
        else current = { kind: 'property', path: [segment.text], source: current, position: segment.start };
      } else if (segment.kind === 'dollarName' && segment.text === '$count') {
        return this.parseCount(current);
      } else if (segment.kind === 'dollarName' && segment.text === '$filter' && followedByParen) {
        this.lexer.next();
        const predicate = this.parseCommonExpr();
        this.expectPunctuation(')', `to close '$filter(' at position ${segment.start}`);
        current = { kind: 'filterSegment', collection: current, predicate, position: current.position };
      } else {
        throw syntaxError(`Unexpected ${describeToken(segment)} after '/': expected a property, type or function name`, segment.start);
      }
    }
  }

  /** `name(args)`; bound when `source` is given. Calls may be followed by more path segments. */
  private parseCall(nameToken: Token, source?: Expression): Expression {
    const lower = nameToken.text.toLowerCase();
    if (!source && (lower === 'any' || lower === 'all')) {
      throw syntaxError(`'${lower}' must follow a collection path, e.g. items/${lower}(x: x/name eq 'a')`, nameToken.end);
    }
    const args = !source && (lower === 'cast' || lower === 'isof') ? { args: this.parseTypeArguments(lower) } : this.parseArguments();
    return this.parseMemberChain({
      kind: 'call',
      name: nameToken.text,
      ...args,
      ...(source && { source }),
      position: source?.position ?? nameToken.start,
    });
  }

  /**
   * `( [arg *( , arg )] )` with positional arguments, or named ones `(name=value, ...)` as OData
   * functions and key predicates use (ABNF `functionExprParameters`).
   */
  private parseArguments(): { args: Expression[]; namedArgs?: NamedArgument[] } {
    const open = this.lexer.next();
    this.skipWhitespace();
    const args: Expression[] = [];
    const namedArgs: NamedArgument[] = [];
    if (!this.acceptPunctuation(')')) {
      do {
        this.skipWhitespace();
        const argument = this.lexer.peek();
        const isNamed = argument.kind === 'name' && this.lexer.tokenAt(argument.end).text === '=';
        if (args.length + namedArgs.length > 0 && isNamed !== namedArgs.length > 0) {
          throw syntaxError('Do not mix named (name=value) and positional arguments', argument.start);
        }
        if (isNamed) {
          this.lexer.position = argument.end + 1;
          namedArgs.push({ name: argument.text, value: this.parseCommonExpr() });
        } else {
          args.push(this.parseCommonExpr());
        }
        this.skipWhitespace();
      } while (this.acceptPunctuation(','));
      this.expectPunctuation(')', `to close the '(' at position ${open.start}`);
    }
    return namedArgs.length > 0 ? { args, namedArgs } : { args };
  }

  /** `cast([expression,] Type)` and `isof([expression,] Type)`: the last argument is a type name. */
  private parseTypeArguments(functionName: string): Expression[] {
    this.lexer.next();
    this.skipWhitespace();
    const args: Expression[] = [];
    for (;;) {
      const token = this.lexer.peek();
      const afterName = this.lexer.tokenAt(token.end);
      const closeAt = afterName.kind === 'whitespace' ? this.lexer.tokenAt(afterName.end) : afterName;
      if (token.kind === 'name' && closeAt.text === ')') {
        this.lexer.position = closeAt.end;
        args.push({ kind: 'typeName', name: token.text, position: token.start });
        return args;
      }
      if (args.length === 1) throw syntaxError(`The last argument of ${functionName} must be a type name such as Edm.String`, token.start);
      args.push(this.parseCommonExpr());
      this.skipWhitespace();
      this.expectPunctuation(',', `in ${functionName}(...): the type name argument is missing`);
      this.skipWhitespace();
    }
  }

  /** `any( [v : predicate] )` and `all( v : predicate )` (ABNF `anyExpr`, `allExpr`). */
  private parseLambda(collection: Expression, operator: 'any' | 'all'): Expression {
    const open = this.lexer.next();
    this.skipWhitespace();
    const position = collection.position;
    if (this.acceptPunctuation(')')) {
      if (operator === 'all') throw syntaxError("all() needs a lambda expression, e.g. all(x: x/name ne 'a')", open.end);
      return { kind: 'lambda', operator, collection, position };
    }
    const variable = this.lexer.next();
    if (variable.kind !== 'name' || variable.text.includes('.')) {
      throw syntaxError(`Expected a lambda variable name after '${operator}(' but found ${describeToken(variable)}`, variable.start);
    }
    this.skipWhitespace();
    this.expectPunctuation(':', `after the lambda variable ${quote(variable.text)}`);
    this.skipWhitespace();
    this.lambdaVariables.push(variable.text);
    const predicate = this.parseCommonExpr();
    this.lambdaVariables.pop();
    this.skipWhitespace();
    this.expectPunctuation(')', `to close '${operator}(' at position ${open.start}`);
    return { kind: 'lambda', operator, collection, variable: variable.text, predicate, position };
  }

  /** `/$count` with optional `($filter=...;$search=...)` (ABNF `collectionPathExpr`). */
  private parseCount(collection: Expression): CountNode {
    const count: CountNode = { kind: 'count', collection, position: collection.position };
    const open = this.lexer.peek();
    if (open.text !== '(' || open.kind !== 'punctuation') return count;
    const { text, end } = this.lexer;
    const scanned = scanNestedOptions(text, open.start, end);
    for (const option of scanned.options) {
      const name = systemOptionName(option.name);
      if ((name !== 'filter' && name !== 'search') || count[name] !== undefined) {
        throw syntaxError(`Unexpected ${quote(option.name)} in $count(...): only one $filter and one $search are allowed`, option.position);
      }
      if (name === 'filter') {
        const nested = new ExpressionParser(new Lexer(text, option.valueStart, option.valueEnd), this.depth + 1, this.lambdaVariables);
        count.filter = nested.parseAll();
      } else {
        count.search = parseSearch(text, option.valueStart, option.valueEnd);
      }
    }
    this.lexer.position = scanned.end;
    return count;
  }

  private parseArray(): ArrayNode {
    const open = this.lexer.next();
    const items = this.parseJsonList(']', () => this.parseJsonValue());
    return { kind: 'array', items, position: open.start };
  }

  private parseObject(): ObjectNode {
    const open = this.lexer.next();
    const members = this.parseJsonList('}', () => {
      const name = this.lexer.next();
      if (name.kind !== 'jsonString') throw syntaxError(`Expected a "member name" but found ${describeToken(name)}`, name.start);
      this.skipWhitespace();
      this.expectPunctuation(':', `after the member name ${quote(name.text)}`);
      this.skipWhitespace();
      return { name: name.value, value: this.parseJsonValue() };
    });
    return { kind: 'object', members, position: open.start };
  }

  /** Items separated by `,` up to `close`, with optional whitespace around the punctuation. */
  private parseJsonList<T>(close: string, parseItem: () => T): T[] {
    const items: T[] = [];
    this.skipWhitespace();
    if (this.acceptPunctuation(close)) return items;
    do {
      this.skipWhitespace();
      items.push(parseItem());
      this.skipWhitespace();
    } while (this.acceptPunctuation(','));
    this.expectPunctuation(close, `to close the '${close === ']' ? '[' : '{'}'`);
    return items;
  }

  /** ABNF `valueInUrl`: a JSON string or any common expression. */
  private parseJsonValue(): Expression {
    const token = this.lexer.peek();
    if (token.kind !== 'jsonString') return this.parseCommonExpr();
    this.lexer.next();
    return literal('Edm.String', token.value, token);
  }

  /**
   * If whitespace, one of `operators` and whitespace come next, consumes them and returns the
   * operator; otherwise leaves the position unchanged.
   */
  private operatorAhead(operators: readonly BinaryOperator[]): BinaryOperator | undefined {
    const space = this.lexer.peek();
    if (space.kind !== 'whitespace') return undefined;
    const word = this.lexer.tokenAt(space.end);
    if (word.kind !== 'name') return undefined;
    const operator = operators.find((candidate) => candidate === word.text.toLowerCase());
    if (!operator) return undefined;
    const after = this.lexer.tokenAt(word.end);
    if (after.kind === 'end') throw syntaxError(`Missing the right operand of ${quote(word.text)}`, after.start);
    if (after.kind !== 'whitespace') throw syntaxError(`Expected whitespace after the operator ${quote(word.text)}`, after.start);
    this.lexer.position = after.end;
    return operator;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw syntaxError(`The expression is nested more than ${MAX_DEPTH} levels deep`, this.lexer.position);
    }
    const result = parse();
    this.depth--;
    return result;
  }

  private skipWhitespace(): void {
    if (this.lexer.peek().kind === 'whitespace') this.lexer.next();
  }

  private acceptPunctuation(char: string): boolean {
    const token = this.lexer.peek();
    if (token.kind !== 'punctuation' || token.text !== char) return false;
    this.lexer.next();
    return true;
  }

  private expectPunctuation(char: string, context: string): void {
    if (this.acceptPunctuation(char)) return;
    const token = this.lexer.peek();
    throw syntaxError(`Expected '${char}' ${context} but found ${describeToken(token)}`, token.start);
  }
}

function literal(type: LiteralNode['type'], value: LiteralNode['value'], token: Token): LiteralNode {
  return { kind: 'literal', type, value, position: token.start };
}

/** `true`/`false` (any case), `null`, `INF`, `NaN` (ABNF `boolean`, `null`, `nanInfinity`). */
function keywordLiteral(token: Token): LiteralNode | undefined {
  const lower = token.text.toLowerCase();
  if (lower === 'true' || lower === 'false') return literal('Edm.Boolean', lower === 'true', token);
  if (token.text === 'null') return literal('null', null, token);
  if (token.text === 'INF' || token.text === 'NaN') return literal('Edm.Double', token.text === 'INF' ? Infinity : NaN, token);
  return undefined;
}

function isLiteral(expression: Expression): boolean {
  return expression.kind === 'literal' || expression.kind === 'enum';
}
