/** One range of an `Accept` header: `type/subtype;param=value;q=0.5` (RFC 9110 §12.5.1). */
export interface MediaRange {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
  /** Lower-cased parameters other than `q`, e.g. `odata.metadata`. */
  readonly parameters: Readonly<Record<string, string>>;
}

export function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part) => {
    const [mediaRange, ...rawParameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const [type, subtype] = mediaRange.split('/');
    if (!type || !subtype) return [];
    const parameters: Record<string, string> = {};
    let q = 1;
    for (const parameter of rawParameters) {
      const [name, value = ''] = parameter.split('=', 2).map((piece) => piece.trim());
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
      else if (name !== '') parameters[name] = value.replace(/^"|"$/g, '');
    }
    return [{ type, subtype, q, parameters }];
  });
}

/** The range that decides `mediaType`'s quality: the most specific one matching it (RFC 9110 §12.5.1). */
export function decidingRange(ranges: readonly MediaRange[], mediaType: string): MediaRange | undefined {
  const [type, subtype] = mediaType.split('/');
  let best: { specificity: number; range: MediaRange } | undefined;
  for (const range of ranges) {
    const specificity =
      range.type === type && range.subtype === subtype
        ? 2
        : range.type === type && range.subtype === '*'
          ? 1
          : range.type === '*' && range.subtype === '*'
            ? 0
            : -1;
    if (specificity >= 0 && (best === undefined || specificity > best.specificity)) best = { specificity, range };
  }
  return best?.range;
}

/** How much a client wants `mediaType`: 0 when its `Accept` rules it out. */
export function qualityOf(ranges: readonly MediaRange[], mediaType: string): number {
  return decidingRange(ranges, mediaType)?.q ?? 0;
}
