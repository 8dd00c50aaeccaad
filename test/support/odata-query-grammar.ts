import fc from 'fast-check';
import { EdmModel } from '../../src/odata/edm/edm-model';
import { oddString, percentEncoded, brokenPercentSequence } from './hostile-values';

/**
 * OData query options (spec §5) as fast-check arbitraries, built from a small grammar over the
 * model: `wellTypedQuery` writes only what the service documents and must answer 200 to (every
 * property by its type, literals of every type, the implemented functions, `in`, `not`, arithmetic,
 * `$expand` with nested options); `syntacticQuery` writes any OData the parser knows (unknown names,
 * unimplemented functions, lambdas, casts, aliases, literals of types the service has no property
 * of); `mutatedText` then breaks either with character edits, and `encodedQuery` and
 * `hostileQueryString` encode options the ways clients do and some ways they should not.
 */

/** What a query over one entity type may name, read from the model. */
export interface QueryVocabulary {
  readonly typeName: string;
  /** Readable primitive properties by kind. */
  readonly strings: readonly string[];
  readonly integers: readonly string[];
  readonly dateTimes: readonly string[];
  readonly enums: readonly EnumProperty[];
  /** Properties no query may name (spec §4). */
  readonly writeOnly: readonly string[];
  /** Navigation properties, with what a query over their targets may name. */
  readonly navigations: Readonly<Record<string, QueryVocabulary>>;
  /** Whether `$search` applies (the type has search properties). */
  readonly searchable: boolean;
  /** Complex and collection properties, which only the syntactic grammar names (in paths, casts and lambdas). */
  readonly structured: readonly string[];
}

export interface EnumProperty {
  readonly name: string;
  readonly typeName: string;
  readonly members: readonly string[];
}

/** The vocabulary of `typeName` in `model`, its navigations' included. */
export function vocabularyOf(model: EdmModel, typeName: string): QueryVocabulary {
  const readable = model.properties(typeName).filter((property) => !property.writeOnly);
  const ofType = (type: string) => readable.filter((property) => property.type === type && !property.collection).map(({ name }) => name);
  const enums = readable.flatMap((property) => {
    const type = model.findType(property.type);
    return type?.kind === 'enum' ? [{ name: property.name, typeName: property.type, members: type.members.map(({ name }) => name) }] : [];
  });
  return {
    typeName,
    strings: ofType('Edm.String'),
    integers: ofType('Edm.Int32'),
    dateTimes: ofType('Edm.DateTimeOffset'),
    enums,
    writeOnly: model
      .properties(typeName)
      .filter((property) => property.writeOnly)
      .map(({ name }) => name),
    navigations: Object.fromEntries(model.navigationProperties(typeName).map(({ name, type }) => [name, vocabularyOf(model, type)])),
    searchable: (model.structuredType(typeName).searchProperties ?? []).length > 0,
    structured: readable
      .filter((property) => property.collection || model.findType(property.type)?.kind === 'complex')
      .map(({ name }) => name),
  };
}

/** One of `names`, or nothing when there are none (so that a vocabulary without, say, dates simply has no date properties). */
const oneOfNames = (names: readonly string[]) => (names.length === 0 ? [] : [fc.constantFrom(...names)]);

const quoted = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Text for string literals: plain words, odd Unicode, quotes and percent signs, which the URL encoding must carry. */
const stringContent = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('Pool', 'pool 1', 'Contoso', 'installed', 'a', '', ' ', "O'Brien", '100%', '_', '[x]', '\\') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: oddString.filter((text) => text.length < 100) },
);

/**
 * String literals the service compares: their text has a UTF-8 form (no lone surrogate) and no
 * U+0000, which nothing stored can hold (spec §2).
 */
const stringLiteral = stringContent.filter((text) => text.isWellFormed() && !text.includes('\u0000')).map(quoted);
/** String literals of any text, lone surrogates included (which cannot be percent-encoded as UTF-8). */
const anyStringLiteral = stringContent.map(quoted);

/** Integers arithmetic can take without leaving the range of a database integer. */
const smallIntegerLiteral = fc.integer({ min: -5, max: 30 }).map(String);

const integerLiteral = fc.oneof(
  { weight: 4, arbitrary: smallIntegerLiteral },
  fc.constantFrom('0', '-0', '2147483647', '-2147483648', '2147483648', '9223372036854775807', '-9223372036854775808'),
);

const decimalLiteral = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => (/[.e]/.test(String(value)) ? String(value) : `${value}.0`)),
  fc.constantFrom(
    '0.5',
    '-1.25',
    '1e308',
    '-1.5e308',
    '1e999',
    '1E-400',
    '12345678901234567890.123456789',
    '99999999999999999999',
    'INF',
    '-INF',
    'NaN',
  ),
);

const dateTimeLiteral = fc.oneof(
  fc
    .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc.constantFrom('2026-06-01T00:00:00Z', '2026-06-01T00:00:00+02:00', '2026-06-01T00:00Z', '2026-11-28T15:42:51.1234567-08:00'),
);

const dateLiteral = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

const timeLiteral = fc.constantFrom('00:00', '12:00:00', '23:59:59.999', '08:15:30.1234567');

const guidLiteral = fc.uuid();

/**
 * A Boolean `$filter` expression over `vocabulary` that the service documents and implements (spec
 * §5): every operand of the type its operator or function takes, so the answer must be a 200.
 * Binary operations are parenthesized, so that the text means what the generator built.
 */
function wellTypedFilter(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  const { strings, integers, dateTimes, enums } = vocabulary;
  const depth = { depthSize: 'xsmall', maxDepth: 3, depthIdentifier: 'filter' } as const;
  const expressions = fc.letrec<{ string: string; number: string; dateTime: string; date: string; time: string; boolean: string }>(
    (tie) => ({
      string: fc.oneof(
        depth,
        ...oneOfNames(strings),
        stringLiteral,
        fc.tuple(fc.constantFrom('tolower', 'toupper', 'trim'), tie('string')).map(([name, arg]) => `${name}(${arg})`),
        fc.tuple(tie('string'), tie('string')).map(([a, b]) => `concat(${a},${b})`),
        fc
          .tuple(tie('string'), tie('number'), fc.option(tie('number'), { nil: undefined }))
          .map(([text, start, length]) => `substring(${text},${start}${length === undefined ? '' : `,${length}`})`),
      ),
      // Integers, which substring needs, small enough that no arithmetic here leaves the range of a
      // database integer or divides by zero (a 400 by design); extremes are only compared.
      number: fc.oneof(
        depth,
        ...oneOfNames(integers),
        smallIntegerLiteral,
        tie('string').map((text) => `length(${text})`),
        fc.tuple(tie('string'), tie('string')).map(([text, part]) => `indexof(${text},${part})`),
        fc.tuple(fc.constantFrom('year', 'month', 'day'), fc.oneof(tie('dateTime'), tie('date'))).map(([part, arg]) => `${part}(${arg})`),
        fc
          .tuple(fc.constantFrom('hour', 'minute', 'second'), fc.oneof(tie('dateTime'), tie('time')))
          .map(([part, arg]) => `${part}(${arg})`),
        fc.tuple(tie('number'), fc.constantFrom('add', 'sub'), tie('number')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        fc
          .tuple(tie('number'), fc.constantFrom('mul', 'div', 'mod'), fc.integer({ min: 1, max: 9 }))
          .map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('number').map((operand) => `-(${operand})`),
      ),
      dateTime: fc.oneof(depth, ...oneOfNames(dateTimes), dateTimeLiteral),
      date: fc.oneof(depth, dateLiteral, ...oneOfNames(dateTimes).map((property) => property.map((name) => `date(${name})`))),
      time: fc.oneof(depth, timeLiteral, ...oneOfNames(dateTimes).map((property) => property.map((name) => `time(${name})`))),
      boolean: fc.oneof(
        depth,
        ...comparisons(tie, 'string', stringLiteral),
        ...comparisons(tie, 'number', fc.oneof(integerLiteral, decimalLiteral)),
        ...comparisons(tie, 'dateTime', dateTimeLiteral),
        ...comparisons(tie, 'date', dateLiteral),
        ...comparisons(tie, 'time', timeLiteral),
        ...enums.map((property) => enumComparison(property)),
        ...oneOfNames(strings).map((property) => fc.tuple(property, guidLiteral).map(([name, guid]) => `(${name} eq ${guid})`)),
        ...oneOfNames([...strings, ...dateTimes, ...enums.map(({ name }) => name)]).map((property) =>
          fc
            .tuple(property, fc.constantFrom('eq', 'ne'), fc.boolean())
            .map(([name, op, nullFirst]) => (nullFirst ? `(null ${op} ${name})` : `(${name} ${op} null)`)),
        ),
        fc
          .tuple(fc.constantFrom('contains', 'startswith', 'endswith'), tie('string'), tie('string'))
          .map(([name, text, part]) => `${name}(${text},${part})`),
        fc.tuple(tie('boolean'), fc.constantFrom('and', 'or', 'eq', 'ne'), tie('boolean')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('boolean').map((operand) => `not (${operand})`),
        fc.constantFrom('true', 'false'),
      ),
    }),
  );
  return expressions.boolean;
}

type Tie = fc.LetrecTypedTie<{ string: string; number: string; dateTime: string; date: string; time: string; boolean: string }>;

/** Comparisons of two values of one kind, and `in` lists of its literals. */
function comparisons(
  tie: Tie,
  kind: 'string' | 'number' | 'dateTime' | 'date' | 'time',
  literal: fc.Arbitrary<string>,
): fc.Arbitrary<string>[] {
  return [
    fc
      .tuple(tie(kind), fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le'), fc.oneof(tie(kind), literal))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    // `in` binds tighter than unary minus (OData Part 2 §5.1.1.17), so its left side is parenthesized.
    fc.tuple(tie(kind), fc.array(literal, { maxLength: 4 })).map(([value, list]) => `((${value}) in (${list.join(',')}))`),
  ];
}

/** An enumeration property against its members, named plainly or with the type's prefix (spec §5). */
function enumComparison({ name, typeName, members }: EnumProperty): fc.Arbitrary<string> {
  const member = fc
    .tuple(fc.constantFrom(...members), fc.boolean())
    .map(([value, prefixed]) => (prefixed ? `${typeName}'${value}'` : `'${value}'`));
  return fc.oneof(
    fc
      .tuple(member, fc.constantFrom('eq', 'ne'), fc.boolean())
      .map(([value, op, propertyFirst]) => (propertyFirst ? `(${name} ${op} ${value})` : `(${value} ${op} ${name})`)),
    fc.array(member, { maxLength: 4 }).map((list) => `(${name} in (${list.join(',')}))`),
  );
}

const sortable = (vocabulary: QueryVocabulary) => [
  ...vocabulary.strings,
  ...vocabulary.integers,
  ...vocabulary.dateTimes,
  ...vocabulary.enums.map(({ name }) => name),
];

/** `$orderby` of distinct properties, each ascending, descending or neither (at most 5 items, the limit). */
function wellTypedOrderBy(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  return fc
    .uniqueArray(fc.constantFrom(...sortable(vocabulary)), { minLength: 1, maxLength: 3 })
    .chain((names) => fc.tuple(...names.map((name) => fc.constantFrom(name, `${name} asc`, `${name} desc`, `${name} DESC`))))
    .map((items) => items.join(','));
}

function wellTypedSelect(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  return fc
    .uniqueArray(fc.constantFrom(...sortable(vocabulary), ...vocabulary.structured), { minLength: 1, maxLength: 4 })
    .map((names) => names.join(','));
}

/** `$search` as spec §5 documents it: words, phrases, AND, OR, NOT and grouping. */
const wellTypedSearch: fc.Arbitrary<string> = fc.letrec<{ search: string }>((tie) => ({
  search: fc.oneof(
    { depthSize: 'xsmall', maxDepth: 3 },
    fc.constantFrom('pool', 'Contoso', 'CONTOSO-LT', 'adele', 'x1', 'ÄÖÜ', '日本'),
    fc
      .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789 -.'), minLength: 1, maxLength: 12 })
      .map((phrase) => `"${phrase}"`),
    fc.tuple(tie('search'), fc.constantFrom(' AND ', ' OR ', ' '), tie('search')).map(([a, op, b]) => `(${a}${op}${b})`),
    tie('search').map((term) => `NOT ${term}`),
  ),
})).search;

/** Query options as name and value, before any encoding. */
export type QueryOptions = readonly (readonly [string, string])[];

/** A system query option's name as clients write it: with or without `$`, in any case (spec §5). */
const optionName = (name: string) => fc.constantFrom(`$${name}`, `$${name}`, `$${name}`, name, `$${name.toUpperCase()}`);

/** An option's name (without `$`) and the grammar of its values. */
type OptionGrammar = readonly [string, fc.Arbitrary<string>];

/** Any of `options`, each at most once, each name written some way clients write it. */
const someOptions = (options: readonly OptionGrammar[]): fc.Arbitrary<QueryOptions> =>
  fc.subarray([...options]).chain((chosen) => fc.tuple(...chosen.map(([name, value]) => fc.tuple(optionName(name), value))));

/** Options for a collection of `vocabulary`: any combination the service documents, each option once. */
export function wellTypedCollectionQuery(vocabulary: QueryVocabulary, depth = 0): fc.Arbitrary<QueryOptions> {
  const options: OptionGrammar[] = [
    ['filter', wellTypedFilter(vocabulary)],
    ['orderby', wellTypedOrderBy(vocabulary)],
    ['select', wellTypedSelect(vocabulary)],
    ['top', fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(1000)).map(String)],
    ['skip', fc.oneof(fc.integer({ min: 0, max: 10 }), fc.constantFrom(1_000_000)).map(String)],
    ['count', fc.constantFrom('true', 'false', 'TRUE')],
    ...(vocabulary.searchable ? [['search', wellTypedSearch] as const] : []),
    ...(depth === 0 && Object.keys(vocabulary.navigations).length > 0 ? [['expand', wellTypedExpand(vocabulary)] as const] : []),
  ];
  return someOptions(options);
}

/** `$expand` of navigation properties, each with nested options of its own type (`;`-separated). */
function wellTypedExpand(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  const items = Object.entries(vocabulary.navigations).map(([name, target]) =>
    fc
      .option(wellTypedCollectionQuery(target, 1), { nil: undefined })
      .map((nested) =>
        nested === undefined || nested.length === 0 ? name : `${name}(${nested.map(([option, value]) => `${option}=${value}`).join(';')})`,
      ),
  );
  return fc
    .subarray(items, { minLength: 1 })
    .chain((chosen) => fc.tuple(...chosen))
    .map((parts) => parts.join(','));
}

/** Options for one entity of `vocabulary`: `$select` and `$expand`, as spec §5 allows there. */
export function wellTypedEntityQuery(vocabulary: QueryVocabulary): fc.Arbitrary<QueryOptions> {
  const options: OptionGrammar[] = [
    ['select', wellTypedSelect(vocabulary)],
    ...(Object.keys(vocabulary.navigations).length > 0 ? [['expand', wellTypedExpand(vocabulary)] as const] : []),
  ];
  return someOptions(options);
}

/** Options for `…/$count`: `$filter` and `$search`. */
export function wellTypedCountQuery(vocabulary: QueryVocabulary): fc.Arbitrary<QueryOptions> {
  const options: OptionGrammar[] = [
    ['filter', wellTypedFilter(vocabulary)],
    ...(vocabulary.searchable ? [['search', wellTypedSearch] as const] : []),
  ];
  return someOptions(options);
}

const identifier = fc.oneof(
  fc.constantFrom('x', 'Name', 'unknownProperty', 'ID', '_a1', 'displayname', 'DisplayName'),
  fc
    .string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCXYZ_0123456789'), minLength: 1, maxLength: 10 })
    .filter((name) => /^[A-Za-z_]/.test(name)),
);

const enumLiteral = fc.constantFrom(
  "microsoft.graph.embeddedSIMDeviceStateValue'installed'",
  "microsoft.graph.embeddedSIMDeviceStateValue'installed,failed'",
  "ns.Color'Red'",
);

/** Primitive literals of every type the OData ABNF has, the service's properties or not. */
const primitiveLiteral = fc.oneof(
  anyStringLiteral,
  integerLiteral,
  decimalLiteral,
  dateTimeLiteral,
  dateLiteral,
  timeLiteral,
  guidLiteral,
  fc.constantFrom(
    'true',
    'false',
    'null',
    "duration'P1DT2H'",
    "binary'AAECAw=='",
    "geography'SRID=4326;POINT(1 2)'",
    "geometry'SRID=0;POINT(1 2)'",
  ),
  enumLiteral,
);

/** OData 4.01 JSON array and object literals. */
const jsonLiteral = fc.constantFrom('["a","b"]', '[1,2,3]', '[]', '{"a":1}');

/** Function names by the number of arguments they get here: implemented ones, unimplemented ones (a 501), one that is none (a 400). */
const FUNCTIONS_BY_ARITY: Readonly<Record<number, readonly string[]>> = {
  0: ['now', 'maxdatetime', 'mindatetime'],
  1: [
    'length',
    'tolower',
    'toupper',
    'trim',
    'year',
    'month',
    'day',
    'hour',
    'minute',
    'second',
    'date',
    'time',
    'round',
    'floor',
    'ceiling',
    'totaloffsetminutes',
    'fractionalseconds',
    'totalseconds',
    'geo.length',
    'unknownfunction',
  ],
  2: [
    'contains',
    'startswith',
    'endswith',
    'indexof',
    'concat',
    'substring',
    'matchesPattern',
    'hassubset',
    'hassubsequence',
    'geo.distance',
    'geo.intersects',
    'Contains',
    'STARTSWITH',
  ],
  3: ['substring', 'concat'],
};

/**
 * Any `$filter` the OData ABNF accepts, over the vocabulary's names and names it does not have:
 * every operator, all canonical functions, `has`, `in` with lists and arrays, lambdas over
 * navigations and collections, paths with casts, `$it`, `$root`, parameter aliases, `$count`
 * segments. The parser must take all of it; the service answers each with a 200, 400 or 501.
 */
export function syntacticFilter(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  const names = [
    ...vocabulary.strings,
    ...vocabulary.integers,
    ...vocabulary.dateTimes,
    ...vocabulary.enums.map(({ name }) => name),
    ...vocabulary.writeOnly,
    ...vocabulary.structured,
    ...Object.keys(vocabulary.navigations),
  ];
  const member = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    identifier,
    fc.constantFrom(
      'target/groupId',
      'target/microsoft.graph.groupAssignmentTarget/groupId',
      'target/deviceAndAppManagementAssignmentFilterType',
      '$it/displayName',
      '$root/deviceManagement/id',
      '@p',
      'activationCodes/integratedCircuitCardIdentifier',
      'microsoft.graph.embeddedSIMActivationCodePool/displayName',
    ),
  );
  const collection = fc.constantFrom(...vocabulary.writeOnly, ...vocabulary.structured, ...Object.keys(vocabulary.navigations), 'items');
  const depth = { depthSize: 'xsmall', maxDepth: 4, depthIdentifier: 'syntax' } as const;
  return fc.letrec<{ expression: string }>((tie) => ({
    expression: fc.oneof(
      depth,
      member,
      primitiveLiteral,
      jsonLiteral,
      fc
        .tuple(
          fc.constantFrom('eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'add', 'sub', 'mul', 'div', 'divby', 'mod'),
          tie('expression'),
          tie('expression'),
        )
        .map(([op, a, b]) => `(${a} ${op} ${b})`),
      // The ABNF's hasExpr takes an enumeration literal on its right.
      fc.tuple(tie('expression'), enumLiteral).map(([value, flags]) => `(${value} has ${flags})`),
      fc.tuple(tie('expression'), fc.array(primitiveLiteral, { maxLength: 3 })).map(([value, list]) => `(${value} in (${list.join(',')}))`),
      fc.tuple(tie('expression'), jsonLiteral).map(([value, array]) => `(${value} in ${array})`),
      tie('expression').map((operand) => `not (${operand})`),
      tie('expression').map((operand) => `-(${operand})`),
      fc
        .integer({ min: 0, max: 3 })
        .chain((arity) =>
          fc.tuple(fc.constantFrom(...FUNCTIONS_BY_ARITY[arity]), fc.array(tie('expression'), { minLength: arity, maxLength: arity })),
        )
        .map(([name, args]) => `${name}(${args.join(',')})`),
      fc
        .tuple(
          fc.constantFrom('cast', 'isof'),
          fc.option(tie('expression'), { nil: undefined }),
          fc.constantFrom('Edm.String', 'Edm.Int32', 'microsoft.graph.groupAssignmentTarget'),
        )
        .map(([name, value, type]) => `${name}(${value === undefined ? '' : `${value},`}${type})`),
      fc
        .tuple(collection, fc.constantFrom('any', 'all'), fc.constantFrom('a', 'd', 'x'), tie('expression'))
        .map(([path, operator, variable, predicate]) => `${path}/${operator}(${variable}:${variable}/id eq ${predicate})`),
      collection.map((path) => `${path}/any()`),
      fc
        .tuple(collection, fc.option(tie('expression'), { nil: undefined }))
        .map(([path, filter]) => `${path}/$count${filter === undefined ? '' : `($filter=${filter})`}`),
    ),
  })).expression;
}

/** `$orderby` over any names, with expressions (which the service refuses with a 501) and directions. */
export function syntacticOrderBy(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(fc.oneof(syntacticFilter(vocabulary), fc.constantFrom(...sortable(vocabulary))), fc.constantFrom('', ' asc', ' desc')),
      { minLength: 1, maxLength: 7 },
    )
    .map((items) => items.map(([expression, direction]) => `${expression}${direction}`).join(','));
}

function syntacticSelect(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        fc.constantFrom(...sortable(vocabulary), ...vocabulary.writeOnly, ...vocabulary.structured, ...Object.keys(vocabulary.navigations)),
        fc.constantFrom('*', 'microsoft.graph.*', 'microsoft.graph.assign', 'target/groupId', 'displayName($top=1)', '@odata.type'),
        identifier,
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((items) => items.join(','));
}

/** `$search` with everything its grammar has, and words it has not. */
const syntacticSearch = fc.oneof(
  wellTypedSearch,
  fc.constantFrom('AND', 'NOT', '"', '""', '()', 'a AND', 'OR b', '"unterminated', 'a OR OR b', '(a', 'a)', '-a', 'a*', '%', "'"),
  stringContent,
);

/**
 * `$expand` with nested options of any kind: unknown and write-only navigations, `*`, `$ref`,
 * `$count`, `$levels`, `$expand` inside `$expand`.
 */
function syntacticExpand(vocabulary: QueryVocabulary): fc.Arbitrary<string> {
  const navigations = Object.entries(vocabulary.navigations);
  const nested = (target: QueryVocabulary) =>
    fc
      .array(
        fc.oneof(
          syntacticFilter(target).map((value) => `$filter=${value}`),
          syntacticSelect(target).map((value) => `$select=${value}`),
          syntacticOrderBy(target).map((value) => `$orderby=${value}`),
          syntacticSearch.map((value) => `$search=${value}`),
          fc.constantFrom(
            '$top=2',
            '$skip=1',
            '$count=true',
            '$levels=2',
            '$levels=max',
            '$expand=*',
            '$expand=assignments',
            '$top=-1',
            '$apply=x',
            '$unknown=1',
          ),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((options) => options.join(';'));
  const item = fc.oneof(
    ...navigations.map(([name, target]) =>
      fc.option(nested(target), { nil: undefined }).map((options) => (options === undefined ? name : `${name}(${options})`)),
    ),
    fc.constantFrom(
      '*',
      '*/$ref',
      'assignments/$ref',
      'deviceStates/$count',
      ...vocabulary.writeOnly,
      'unknown',
      'displayName',
      'assignments/target',
    ),
  );
  return fc.array(item, { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
}

/** A tampered, truncated or invented `$skiptoken` (spec §5: a 400), or one of the service's own when `tokens` has any. */
function skipToken(tokens: readonly string[]): fc.Arbitrary<string> {
  const real = tokens.length === 0 ? [] : [fc.constantFrom(...tokens)];
  return fc.oneof(
    ...real,
    ...real.map((token) => token.chain((text) => mutatedText(text))),
    fc.base64String({ maxLength: 60 }).map((text) => text.replace(/[+/=]/g, '')),
    fc.tuple(fc.base64String(), fc.base64String()).map(([payload, signature]) => `${payload}.${signature}`),
    fc.constantFrom('', '.', 'a.b', 'e30.AAAA', 'eyJ0b3AiOjF9.x', '1', '-1'),
  );
}

/** Options a collection query may carry, from any part of the OData grammar, each probably once; some unknown or unimplemented. */
export function syntacticCollectionQuery(vocabulary: QueryVocabulary, tokens: readonly string[] = []): fc.Arbitrary<QueryOptions> {
  const option = fc.oneof(
    fc.tuple(optionName('filter'), syntacticFilter(vocabulary)),
    fc.tuple(optionName('orderby'), syntacticOrderBy(vocabulary)),
    fc.tuple(optionName('select'), syntacticSelect(vocabulary)),
    fc.tuple(optionName('expand'), syntacticExpand(vocabulary)),
    fc.tuple(optionName('search'), syntacticSearch),
    fc.tuple(optionName('top'), fc.oneof(integerLiteral, decimalLiteral, stringContent)),
    fc.tuple(optionName('skip'), fc.oneof(integerLiteral, decimalLiteral, stringContent)),
    fc.tuple(optionName('count'), fc.constantFrom('true', 'false', 'True', '1', 'yes', '')),
    fc.tuple(optionName('skiptoken'), skipToken(tokens)),
    fc.tuple(
      fc.constantFrom(
        '$apply',
        '$compute',
        '$deltatoken',
        '$format',
        '$id',
        '$index',
        '$levels',
        '$schemaversion',
        '$unknown',
        '@p',
        '@alias',
        'custom',
        '$',
      ),
      fc.oneof(
        primitiveLiteral,
        stringContent,
        fc.constantFrom('json', 'xml', 'application/json;odata.metadata=full', 'groupby((displayName))'),
      ),
    ),
  );
  return fc.array(option, { maxLength: 4 });
}

/** Edits of one character each: inserted, deleted, swapped with the next, doubled, replaced; or the text cut short. */
interface TextEdit {
  readonly at: number;
  readonly kind: 'insert' | 'delete' | 'swap' | 'double' | 'replace' | 'truncate';
  readonly character: string;
}

/** Characters OData text gives meaning to, and some it should never meet. */
const editCharacter = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...`'"()[]{},;:/$@=&%+-*. \t`.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('a', 'Z', '0', '9', 'e', 'E', 'T', 'Z', '\u0000', 'é', '€', '😀', '\ud800', '\u202e', '\n') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

const textEdit: fc.Arbitrary<TextEdit> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('insert', 'delete', 'swap', 'double', 'replace', 'truncate'),
  character: editCharacter,
});

function applyEdit(text: string, { at, kind, character }: TextEdit): string {
  const index = text.length === 0 ? 0 : at % text.length;
  switch (kind) {
    case 'insert':
      return text.slice(0, index) + character + text.slice(index);
    case 'delete':
      return text.slice(0, index) + text.slice(index + 1);
    case 'swap':
      return text.slice(0, index) + text.slice(index + 1, index + 2) + text.slice(index, index + 1) + text.slice(index + 2);
    case 'double':
      return text.slice(0, index + 1) + text.slice(index);
    case 'replace':
      return text.slice(0, index) + character + text.slice(index + 1);
    case 'truncate':
      return text.slice(0, index);
  }
}

/** `text` after one to three character edits. */
export function mutatedText(text: string): fc.Arbitrary<string> {
  return fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce(applyEdit, text));
}

/** Options with one value (or name) edited. */
export function mutatedOptions(options: QueryOptions): fc.Arbitrary<QueryOptions> {
  if (options.length === 0) return fc.constant(options);
  return fc
    .tuple(fc.nat({ max: options.length - 1 }), fc.boolean())
    .chain(([index, inName]) =>
      mutatedText(options[index][inName ? 0 : 1]).map((edited) =>
        options.map(([name, value], i): readonly [string, string] =>
          i !== index ? [name, value] : inName ? [edited, value] : [name, edited],
        ),
      ),
    );
}

/** Characters a careful client sends unencoded in a query value: RFC 3986 unreserved only. */
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
/** What many clients leave unencoded, as OData's own examples do: everything but the query's delimiters, `%`, `+`, spaces and non-ASCII. */
const LOOSE = /^[A-Za-z0-9\-_.~'()$,;:@!*/=?[\]]$/;

/** A query string for `options` as a well-behaved client writes it: each name and value percent-encoded strictly or loosely, spaces as `%20` or `+`. */
export function encodedQuery(options: QueryOptions): fc.Arbitrary<string> {
  const encode = (text: string, keep: RegExp) => percentEncoded(text, keep);
  return fc.constantFrom('strict', 'loose', 'loose', 'plus').map((style) =>
    options
      .map(([name, value]) => {
        const keep = style === 'strict' ? UNRESERVED : LOOSE;
        const encodedValue = encode(value, keep);
        return `${encode(name, keep)}=${style === 'plus' ? encodedValue.replace(/%20/g, '+') : encodedValue}`;
      })
      .join('&'),
  );
}

/** A query string for `options` as `encodedQuery` writes it, or with a percent sequence that does not decode spliced in, or stray separators. */
export function hostileQueryString(options: QueryOptions): fc.Arbitrary<string> {
  const encoded = encodedQuery(options);
  return fc.oneof(
    { weight: 8, arbitrary: encoded },
    {
      weight: 1,
      arbitrary: fc.tuple(encoded, fc.nat(), brokenPercentSequence).map(([query, at, broken]) => {
        const index = query.length === 0 ? 0 : at % query.length;
        return query.slice(0, index) + broken + query.slice(index);
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(encoded, fc.constantFrom('&', '&&', '&=', '=', '&$filter', '&$top=1&$top=2', '&$filter=true', ';'))
        .map(([query, extra]) => query + extra),
    },
  );
}
