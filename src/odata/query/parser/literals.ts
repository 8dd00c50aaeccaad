import { GUID_PATTERN } from '../../../common/guid';
import { LiteralType } from './ast';
import { IDENTIFIER_PATTERN } from './characters';
import { quote, syntaxError } from './parse-error';

/**
 * Validation and normalization of primitive literal text (OData ABNF §7 "Literal Data Values"). The
 * lexer finds where a literal ends; these functions check the whole text and return its canonical
 * value. Each takes the literal's `position` so errors point into the option value.
 */

export interface TypedValue {
  type: LiteralType;
  value: string | number;
}

const NUMBER = /^(?:-INF|INF|NaN|[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Decimal literals with more significant digits than this would lose precision as a JS number. */
const MAX_EXACT_DIGITS = 15;

/**
 * Parses `decimalValue`/`doubleValue`/`int64Value` text: integers become Edm.Int32 or Edm.Int64,
 * plain decimals Edm.Decimal, exponent notation and `INF`/`-INF`/`NaN` Edm.Double. Values that a JS
 * number cannot hold exactly are returned as canonical text.
 */
export function parseNumberValue(text: string, position = 0): TypedValue {
  if (!NUMBER.test(text)) throw syntaxError(`Invalid number ${quote(text)}`, position);
  if (text === 'NaN') return { type: 'Edm.Double', value: NaN };
  if (text === 'INF') return { type: 'Edm.Double', value: Infinity };
  if (text === '-INF') return { type: 'Edm.Double', value: -Infinity };
  const canonical = text.startsWith('+') ? text.slice(1) : text;
  if (/[eE]/.test(canonical)) {
    const value = Number(canonical);
    return Number.isFinite(value) ? { type: 'Edm.Double', value } : { type: 'Edm.Decimal', value: canonical };
  }
  if (canonical.includes('.')) {
    const significantDigits = canonical.replace(/^-?0*/, '').replace('.', '').replace(/^0*/, '').length;
    return { type: 'Edm.Decimal', value: significantDigits <= MAX_EXACT_DIGITS ? Number(canonical) : canonical };
  }
  const value = Number(canonical);
  if (Number.isSafeInteger(value)) {
    return { type: value >= INT32_MIN && value <= INT32_MAX ? 'Edm.Int32' : 'Edm.Int64', value };
  }
  const big = BigInt(canonical);
  return { type: big >= INT64_MIN && big <= INT64_MAX ? 'Edm.Int64' : 'Edm.Decimal', value: big.toString() };
}

const DATE = /^(-?)(\d{4,})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses `date` (`2012-09-03`, `-10000-04-01`); returns it unchanged once the calendar checks pass. */
export function parseDateValue(text: string, position = 0): string {
  const match = DATE.exec(text);
  if (!match) throw syntaxError(`Invalid date ${quote(text)}: expected YYYY-MM-DD`, position);
  const [, sign, yearText, monthText, dayText] = match;
  if (yearText.length > 4 && yearText.startsWith('0')) {
    throw syntaxError(`Invalid date ${quote(text)}: a year of more than four digits cannot start with 0`, position);
  }
  const year = Number(sign + yearText);
  const month = Number(monthText);
  const day = Number(dayText);
  if (month < 1 || month > 12) throw syntaxError(`Invalid month in date ${quote(text)}`, position + sign.length + yearText.length + 1);
  const isLeapYear = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const maxDay = month === 2 && !isLeapYear ? 28 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > maxDay) throw syntaxError(`Invalid day in date ${quote(text)}`, position + text.length - 2);
  return text;
}

const TIME_OF_DAY = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?$/;

/** Parses `timeOfDayValue` (`11:22`, `11:22:33.4444`); the canonical form always has seconds. */
export function parseTimeOfDayValue(text: string, position = 0): string {
  const match = TIME_OF_DAY.exec(text);
  if (!match) throw syntaxError(`Invalid time of day ${quote(text)}: expected hh:mm[:ss[.fffffffffff]]`, position);
  const [, hour, minute, second = '00', fraction] = match;
  if (Number(hour) > 23) throw syntaxError(`Invalid hour in ${quote(text)}: must be 00 to 23`, position);
  if (Number(minute) > 59) throw syntaxError(`Invalid minute in ${quote(text)}: must be 00 to 59`, position + 3);
  // 60 is allowed for leap seconds (ABNF rule `second`).
  if (Number(second) > 60) throw syntaxError(`Invalid second in ${quote(text)}: must be 00 to 60`, position + 6);
  return `${hour}:${minute}:${second}${fraction === undefined ? '' : `.${fraction}`}`;
}

const TIME_ZONE = /^(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * Parses `dateTimeOffsetValue` (`2012-09-03T13:52Z`, `2012-09-03T14:53+02:00`); the canonical form has
 * an upper-case `T`/`Z` and seconds, and keeps the offset as written.
 */
export function parseDateTimeOffsetValue(text: string, position = 0): string {
  const separator = text.search(/[Tt]/);
  if (separator < 0) throw syntaxError(`Invalid date-time ${quote(text)}: expected YYYY-MM-DDThh:mm[:ss]Z`, position);
  const date = parseDateValue(text.slice(0, separator), position);
  const rest = text.slice(separator + 1);
  const zoneStart = rest.search(/[Zz+-]/);
  if (zoneStart < 0)
    throw syntaxError(`Invalid date-time ${quote(text)}: missing time zone ('Z' or an offset like +01:00)`, position + text.length);
  const time = parseTimeOfDayValue(rest.slice(0, zoneStart), position + separator + 1);
  const zone = rest.slice(zoneStart);
  const zoneMatch = TIME_ZONE.exec(zone);
  const zonePosition = position + separator + 1 + zoneStart;
  if (!zoneMatch) throw syntaxError(`Invalid time zone ${quote(zone)} in ${quote(text)}`, zonePosition);
  if (zoneMatch[1] !== undefined && (Number(zoneMatch[1]) > 23 || Number(zoneMatch[2]) > 59)) {
    throw syntaxError(`Invalid time zone offset ${quote(zone)}`, zonePosition);
  }
  return `${date}T${time}${zone.toUpperCase()}`;
}

const DURATION = /^-?P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/i;

/** Parses `durationValue` (`P1D`, `-P6DT23H59M59.9999S`): days and time only, no years or months. */
export function parseDurationValue(text: string, position = 0): string {
  const hasComponent = /\d/.test(text) && !/T$/i.test(text);
  if (!DURATION.test(text) || !hasComponent) {
    throw syntaxError(`Invalid duration ${quote(text)}: expected a day-time duration such as P1DT2H30M`, position);
  }
  return text.toUpperCase();
}

/** Parses `guid` (8-4-4-4-12 hexadecimal digits); the canonical form is lower-case. */
export function parseGuidValue(text: string, position = 0): string {
  if (!GUID_PATTERN.test(text)) throw syntaxError(`Invalid GUID ${quote(text)}`, position);
  return text.toLowerCase();
}

const ENUM_MEMBER = new RegExp(`^(?:${IDENTIFIER_PATTERN}|[+-]?\\d{1,19})$`, 'u');

/** Parses `enumValue`: comma-separated member names or integers, e.g. `Solid,Yellow,+42`. */
export function parseEnumValue(text: string, position = 0): string {
  let offset = 0;
  for (const member of text.split(',')) {
    if (!ENUM_MEMBER.test(member)) {
      throw syntaxError(`Invalid enumeration member ${quote(member)}: expected a member name or an integer`, position + offset);
    }
    offset += member.length + 1;
  }
  return text;
}

const BINARY = /^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}[AEIMQUYcgkosw048]=?|[A-Za-z0-9_-][AQgw](?:==)?)?$/;

/** Parses `binaryValue`: base64url (RFC 4648 §5), returned as written. */
export function parseBinaryValue(text: string, position = 0): string {
  if (!BINARY.test(text)) throw syntaxError(`Invalid base64url binary value ${quote(text)}`, position);
  return text;
}
