/**
 * Character classes shared by the scanners (OData ABNF §6 "Names and identifiers", §9 "Punctuation").
 * Identifiers accept Unicode letters as the ABNF comment on `identifierLeadingCharacter` allows.
 */
export const IDENTIFIER_PATTERN = '[\\p{L}\\p{Nl}_][\\p{L}\\p{Nl}\\p{Nd}\\p{Mn}\\p{Mc}\\p{Pc}\\p{Cf}]*';

/** `odataIdentifier` is at most 128 characters. */
export const MAX_IDENTIFIER_LENGTH = 128;

const IDENTIFIER_CHARACTER = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]/u;

/** True when the character at `index` could continue an identifier (used to reject `42abc`). */
export function isIdentifierCharacterAt(text: string, index: number): boolean {
  if (index >= text.length) return false;
  const codePoint = text.codePointAt(index) as number;
  return IDENTIFIER_CHARACTER.test(String.fromCodePoint(codePoint));
}

/** RWS/BWS after percent-decoding: space or horizontal tab. */
export function isWhitespace(char: string | undefined): boolean {
  return char === ' ' || char === '\t';
}
