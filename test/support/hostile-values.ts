import fc from 'fast-check';

/**
 * Values that break parsers, encoders, validators and databases, as fast-check arbitraries: odd
 * Unicode, very long strings, extreme numbers, deep nesting, and JSON only raw text can hold
 * (duplicate keys, `__proto__` members, numbers beyond a double). Shared by the fuzz suites.
 */

/** Names every JavaScript object answers to through its prototype. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

/** Strings each known to have broken some layer somewhere. */
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'pool\u0000name',
  '\ud800',
  'a\udc00b',
  '\ud83d',
  '\u202eRTL override\u202c',
  '\u200f\u2067isolate\u2069',
  '\u200b',
  '\ufeff',
  '\ufffd',
  '\uffff',
  '🏳️‍🌈',
  '👩‍👩‍👧‍👦',
  '𝕳𝖊𝖑𝖑𝖔',
  'Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349',
  'İıßẞǅﬀK',
  '８９４４',
  '٨٩٤٤٥',
  '\r\n',
  '\t',
  "'",
  "''",
  "O'Brien",
  '"',
  '\\',
  '\\u0000',
  '%',
  '%00',
  '%zz',
  '%E0%A4%A',
  '$',
  '$1',
  '/',
  '..',
  '../..',
  '?',
  '#',
  '&',
  '=',
  ',',
  ';',
  '(',
  ')',
  '*',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  "'; DROP TABLE pools; --",
  "' OR 1=1 --",
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  ...PROTOTYPE_KEYS,
];

/** A string that is long for any field here: over every length limit, up to a few times the largest. */
const longString = fc
  .tuple(fc.constantFrom('x', 'é', '€', '😀', '\u0000', "'", 'ab-'), fc.integer({ min: 200, max: 20_000 }))
  .map(([unit, count]) => unit.repeat(count));

/** Odd strings, short and long: mostly the list above and random Unicode, sometimes glued together. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...ODD_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...ODD_STRINGS), { minLength: 2, maxLength: 4 }).map((parts) => parts.join('')) },
);

/** Keys that are not properties of anything here, or that JavaScript objects treat specially. */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    '__defineGetter__',
    '__lookupSetter__',
    'isPrototypeOf',
    '@odata.type',
    '@odata.id',
    '@odata.etag',
    '@odata.context',
    '@odata.bind',
    'displayName@odata.type',
    '@microsoft.graph.conflictBehavior',
    'id',
    'DisplayName',
    'displayname',
    'displayName ',
    'displayName\u0000',
    'activationCodes',
    'activationCodeCount',
    'target',
    'state',
    '',
    '\ud800',
  ),
  oddString,
);

/**
 * Raw JSON text standing for one value: written into the body as it is. The only way to send what
 * `JSON.stringify` cannot write (numbers beyond a double, repeated keys, `__proto__` members,
 * escapes of lone surrogates, nesting deeper than a JavaScript value could be built).
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON object written with its members in this order, repeats included. */
export class JsonMembers {
  constructor(readonly members: readonly (readonly [string, unknown])[]) {}
}

/** JSON text of a value that may hold `RawJson` and `JsonMembers` anywhere; undefined members are left out, as `JSON.stringify` does. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = value instanceof JsonMembers ? value.members : Object.entries(value);
    return `{${members
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}:${toJsonText(item)}`)
      .join(',')}}`;
  }
  // An undefined array item has no JSON form; null keeps its place, as JSON.stringify writes it.
  return JSON.stringify(value) ?? 'null';
}

/** Numbers as JSON text: beyond a double, below its precision, negative zero, exponents of every form. */
export const extremeNumber: fc.Arbitrary<RawJson> = fc
  .oneof(
    fc.constantFrom(
      '1e308',
      '1e309',
      '-1e309',
      '1e-400',
      '-0',
      '0.0',
      '1E+2',
      '9007199254740993',
      '9223372036854775808',
      '-9223372036854775809',
      '123456789012345678901234567890123456789',
      '0.1000000000000000055511151231257827',
      '2147483648',
      '-2147483649',
    ),
    fc.bigInt().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  )
  .map((text) => new RawJson(text));

/** Arrays or objects nested `depth` deep, around the 32-level limit of spec §2 and far beyond it. */
export const deepNesting: fc.Arbitrary<RawJson> = fc
  .tuple(
    fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constantFrom(31, 32, 33, 1_000, 100_000)),
    fc.constantFrom('array', 'object', 'alternating'),
  )
  .map(([depth, shape]) => {
    const open = (level: number) => (shape === 'array' || (shape === 'alternating' && level % 2 === 0) ? '[' : '{"a":');
    const close = (level: number) => (shape === 'array' || (shape === 'alternating' && level % 2 === 0) ? ']' : '}');
    const levels = Array.from({ length: depth }, (_, level) => level);
    return new RawJson(levels.map(open).join('') + '0' + levels.reverse().map(close).join(''));
  });

/** Strings as JSON text with escapes `JSON.stringify` never writes: lone surrogates, NUL, escaped slashes. */
const escapedString = fc
  .constantFrom('"\\ud800"', '"a\\udfffb"', '"\\u0000"', '"\\/"', '"\\ud83d\\ude00"', '"\\uD800\\uDC00"', '"\\uFEFF"')
  .map((text) => new RawJson(text));

/** Objects with repeated or prototype-polluting members. */
const trickyObject: fc.Arbitrary<JsonMembers> = fc.oneof(
  fc.constant(new JsonMembers([['__proto__', { polluted: true }]])),
  fc.constant(new JsonMembers([['constructor', { prototype: { polluted: true } }]])),
  fc.constant(new JsonMembers([['constructor', null]])),
  fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 1 }), fc.jsonValue({ maxDepth: 1 })).map(
    ([key, first, second]) =>
      new JsonMembers([
        [key, first],
        [key, second],
      ]),
  ),
);

/** Any value of the wrong type for whatever property it lands in, or odd enough to break a check. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddString },
  { weight: 2, arbitrary: extremeNumber },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[]], [{}]) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: escapedString },
  { weight: 1, arbitrary: trickyObject },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/** Text that is not one JSON value, or not JSON at all. */
export const brokenJsonText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '\n', '{', '}', '[', '{"a":', '{"a" 1}', "{'a': 1}", '{"a":1,}', '[1,]', 'nul', 'NaN', 'undefined', '{"a":01}'),
  fc.constantFrom('{"a":"\u0000"}', '{"a":"\t"}', '{"a":"\\x41"}', '{"a":"\\u12"}', '"unterminated', '{"a":1}{"b":2}', '{"a":1} x'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);

/** Ways to mangle JSON text that was valid: cut it, add a byte order mark, prepend or append garbage. */
export function mangledJsonText(text: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: Math.max(0, text.length - 1) }).map((end) => text.slice(0, end)),
    fc.constant(`\ufeff${text}`),
    fc.constant(`${text}\u0000`),
    oddString.map((garbage) => `${text}${garbage}`),
    oddString.map((garbage) => `${garbage}${text}`),
  );
}

/**
 * `text` as UTF-8 with every byte percent-encoded except those `keep` allows. A lone surrogate, which
 * has no UTF-8 form, becomes the bytes of its CESU-8 encoding (ED A0 80): what a careless client sends.
 */
export function percentEncoded(text: string, keep: RegExp): string {
  let encoded = '';
  for (const character of text) {
    if (keep.test(character)) {
      encoded += character;
      continue;
    }
    const code = character.codePointAt(0) ?? 0;
    const bytes =
      code >= 0xd800 && code <= 0xdfff
        ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        : [...Buffer.from(character, 'utf8')];
    encoded += bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return encoded;
}

/** Percent sequences that do not decode to UTF-8: cut, not hexadecimal, overlong, a surrogate, beyond U+10FFFF. */
export const brokenPercentSequence: fc.Arbitrary<string> = fc.constantFrom(
  '%',
  '%2',
  '%zz',
  '%E0%A4%A',
  '%C3%28',
  '%C0%AF',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%FF',
  '%80',
  '%%',
);

/** Byte sequences that are not UTF-8: a stray continuation byte, bytes UTF-8 never uses, a cut sequence, a CESU-8 surrogate. */
const INVALID_UTF8 = [[0x80], [0xff], [0xfe, 0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xc0, 0xaf]].map((bytes) =>
  Buffer.from(bytes),
);

/** `text` as a request payload: mostly its UTF-8 form, sometimes with bytes that are no UTF-8 spliced in, or as UTF-16. */
export function payloadOf(text: string): fc.Arbitrary<string | Buffer> {
  const utf8 = Buffer.from(text, 'utf8');
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant(text) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.nat({ max: utf8.length }), fc.constantFrom(...INVALID_UTF8))
        .map(([at, bytes]) => Buffer.concat([utf8.subarray(0, at), bytes, utf8.subarray(at)])),
    },
    { weight: 1, arbitrary: fc.constant(Buffer.from(`\ufeff${text}`, 'utf16le')) },
  );
}
