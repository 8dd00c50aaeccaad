/**
 * `text` with the character at `index` replaced by a different one, always: a tamper test that
 * writes a fixed character would leave the text unchanged whenever it already held that character.
 */
export function changeCharacterAt(text: string, index: number): string {
  const at = index < 0 ? text.length + index : index;
  const replacement = text[at] === 'A' ? 'B' : 'A';
  return `${text.slice(0, at)}${replacement}${text.slice(at + 1)}`;
}
