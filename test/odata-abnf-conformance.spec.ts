import * as fs from 'fs';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { ABNF_EXCLUSIONS } from './support/abnf-exclusions';
import {
  Expression,
  LiteralType,
  ODataSyntaxError,
  ParsedQueryOptions,
  parseDateTimeOffsetValue,
  parseDateValue,
  parseDurationValue,
  parseEnumValue,
  parseExpression,
  parseNumberValue,
  parseQueryOptions,
  parseSearch,
  parseTimeOfDayValue,
} from '../src/odata/query/parser';

/**
 * Runs the OASIS OData ABNF test cases (test/fixtures/odata-abnf, vendored with their license) against the parser
 * in syntax-only mode: there is no model, so any identifier is a valid property or function name.
 *
 * Percent-encoding: the service hands the parser percent-decoded option values, so for rules that
 * describe URL text this harness decodes the input first (after splitting `name=value`). Rules for
 * payload values (`*Value`: decimalValue, timeOfDayValue, ...) are not URL text and are used as is,
 * which is why `11%3A22` is rejected there as the test cases require.
 */
const TEST_CASES_FILE = path.resolve(__dirname, 'fixtures/odata-abnf/odata-abnf-testcases.yaml');

interface AbnfTestCase {
  Name: string;
  Rule: string;
  Input: string;
  FailAt?: number;
}

/** The harness refused a parse result (e.g. `0` for rule `boolean` parses, but not as a boolean). */
class Rejected extends Error {}

const decode = (input: string) => decodeURIComponent(input);

function expectLiteral(...types: LiteralType[]) {
  return (input: string) => {
    const expression = parseExpression(decode(input));
    if (expression.kind !== 'literal' || !types.includes(expression.type)) throw new Rejected(`parsed as ${summarize(expression)}`);
  };
}

/** A URL literal that may also be written without its prefix, i.e. as a string (`'Yellow'`, `'P1D'`). */
function expectPrefixedOrString(kind: 'enum' | 'literal', type: LiteralType | undefined, checkString: (value: string) => unknown) {
  return (input: string) => {
    const expression = parseExpression(decode(input));
    if (expression.kind === 'literal' && expression.type === 'Edm.String') checkString(expression.value as string);
    else if (expression.kind !== kind || (expression.kind === 'literal' && expression.type !== type))
      throw new Rejected(`parsed as ${summarize(expression)}`);
  };
}

function expectKind(check: (expression: Expression) => boolean, prefix = '') {
  return (input: string) => {
    const expression = parseExpression(prefix + decode(input));
    if (!check(expression)) throw new Rejected(`parsed as ${summarize(expression)}`);
  };
}

/** `name=value` for one system query option, through the service's entry point parseQueryOptions. */
function expectOption(field: keyof ParsedQueryOptions) {
  return (input: string) => {
    const equals = input.indexOf('=');
    if (equals < 0) throw new Rejected('no "=" in the query option');
    // An unencoded '&' would end the option in a URL, so the input is not a single option.
    if (input.includes('&')) throw new Rejected("an unencoded '&' separates query options");
    const key = decode(input.slice(0, equals));
    const options = parseQueryOptions({ [key]: decode(input.slice(equals + 1)) });
    if (options[field] === undefined) throw new Rejected(`${JSON.stringify(key)} is not the ${field} option`);
  };
}

/** A whole query string `a=1&b=2`, split the way the HTTP layer splits it. */
function expectQuery(input: string): void {
  if (input.includes('#')) throw new Rejected("an unencoded '#' starts the URL fragment");
  const query: Record<string, string[]> = {};
  for (const part of input.split('&')) {
    const equals = part.indexOf('=');
    const key = decode(equals < 0 ? part : part.slice(0, equals));
    (query[key] ??= []).push(equals < 0 ? '' : decode(part.slice(equals + 1)));
  }
  parseQueryOptions(query);
}

const MEMBER_KINDS = new Set<Expression['kind']>(['property', 'variable', 'alias', 'call', 'lambda', 'count', 'filterSegment', 'key']);
const isMember = (expression: Expression) => MEMBER_KINDS.has(expression.kind);

/** Which parser entry point each ABNF rule maps to; a rule not listed here is not run. */
const RULES: Record<string, (input: string) => void> = {
  commonExpr: expectKind(() => true),
  boolCommonExpr: expectKind(() => true),
  boolcommonExpr: expectKind(() => true),
  filter: expectOption('filter'),
  orderby: expectOption('orderBy'),
  orderBy: expectOption('orderBy'),
  select: expectOption('select'),
  expand: expectOption('expand'),
  search: expectOption('search'),
  skiptoken: expectOption('skipToken'),
  queryOptions: expectQuery,
  searchExpr: (input) => parseSearch(decode(input)),
  firstMemberExpr: expectKind(isMember),
  propertyPathExpr: expectKind(isMember),
  // `any(...)` is the segment after a collection path, so it is parsed after one.
  anyExpr: expectKind((expression) => expression.kind === 'lambda', 'collection/'),
  notExpr: expectKind((expression) => expression.kind === 'unary' && expression.operator === 'not'),
  isofExpr: expectKind((expression) => expression.kind === 'call' && expression.name.toLowerCase() === 'isof'),
  stringLiteral: expectLiteral('Edm.String'),
  int: expectLiteral('Edm.Int32', 'Edm.Int64'),
  boolean: expectLiteral('Edm.Boolean'),
  null: expectLiteral('null'),
  guid: expectLiteral('Edm.Guid'),
  date: expectLiteral('Edm.Date'),
  enumLiteral: expectPrefixedOrString('enum', undefined, parseEnumValue),
  durationLiteral: expectPrefixedOrString('literal', 'Edm.Duration', parseDurationValue),
  primitiveLiteral: expectKind((expression) => expression.kind === 'literal' || expression.kind === 'enum'),
  decimalValue: (input) => parseNumberValue(input),
  doubleValue: (input) => parseNumberValue(input),
  dateValue: (input) => parseDateValue(input),
  dateTimeOffsetValue: (input) => parseDateTimeOffsetValue(input),
  timeOfDayValue: (input) => parseTimeOfDayValue(input),
  durationValue: (input) => parseDurationValue(input),
  enumValue: (input) => parseEnumValue(input),
};

function summarize(expression: Expression): string {
  return expression.kind === 'literal' ? `a literal of type ${expression.type}` : `a '${expression.kind}' expression`;
}

function loadTestCases(): AbnfTestCase[] {
  const document = parseYaml(fs.readFileSync(TEST_CASES_FILE, 'utf8')) as { TestCases?: AbnfTestCase[] };
  if (!document.TestCases?.length) throw new Error(`No TestCases found in ${TEST_CASES_FILE}`);
  return document.TestCases.filter((testCase) => testCase.Rule in RULES);
}

const exclusionOf = (testCase: AbnfTestCase) =>
  ABNF_EXCLUSIONS.find((exclusion) => exclusion.rule === testCase.Rule && exclusion.input === testCase.Input);
const title = (testCase: AbnfTestCase) =>
  `${testCase.Rule} | ${testCase.Name} | ${JSON.stringify(testCase.Input)}${testCase.FailAt === undefined ? '' : ' (must fail)'}`;

/** Runs one case; returns true when the parser's verdict matches the test case. */
function conforms(testCase: AbnfTestCase): boolean {
  try {
    RULES[testCase.Rule](testCase.Input);
  } catch (error) {
    if (!(error instanceof ODataSyntaxError || error instanceof Rejected || error instanceof URIError)) throw error;
    if (testCase.FailAt === undefined) throw new Error(`rejected: ${error.message}`, { cause: error });
    return true;
  }
  if (testCase.FailAt !== undefined) throw new Error('accepted although the test case requires a failure');
  return true;
}

const testCases = loadTestCases();
const included = testCases.filter((testCase) => !exclusionOf(testCase));
const excluded = testCases.filter((testCase) => exclusionOf(testCase));
const tally = new Map<string, { passed: number; total: number }>(Object.keys(RULES).map((rule) => [rule, { passed: 0, total: 0 }]));

describe('OData ABNF conformance (syntax only)', () => {
  afterAll(() => {
    const lines = [...tally].filter(([, count]) => count.total > 0).map(([rule, count]) => `  ${rule}: ${count.passed}/${count.total}`);
    const missing = [...tally].filter(([, count]) => count.total === 0).map(([rule]) => rule);
    console.log(
      `ABNF conformance: ${included.length} cases run, ${excluded.length} excluded (see abnf-exclusions.ts)\n${lines.join('\n')}` +
        (missing.length ? `\n  rules without test cases in the file: ${missing.join(', ')}` : ''),
    );
  });

  it.each(included.map((testCase) => [title(testCase), testCase] as const))('%s', (_title, testCase) => {
    const count = tally.get(testCase.Rule) as { passed: number; total: number };
    count.total++;
    expect(conforms(testCase)).toBe(true);
    count.passed++;
  });

  it('lists only exclusions that match a test case', () => {
    const unmatched = ABNF_EXCLUSIONS.filter((exclusion) => !testCases.some((testCase) => exclusionOf(testCase) === exclusion));
    expect(unmatched).toEqual([]);
  });

  // An excluded case that starts conforming should leave the exclusion list.
  it.each(excluded.map((testCase) => [title(testCase), testCase] as const))('excluded, still not conforming: %s', (_title, testCase) => {
    expect(() => conforms(testCase)).toThrow();
  });
});
