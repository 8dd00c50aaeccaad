/** A failure the baseline answers with a Graph error body (spec §7), with any headers of its own as a flat name/value list. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: readonly string[] = [],
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new Problem(400, 'invalidRequest', message);
export const notFound = (message: string) => new Problem(404, 'itemNotFound', message);
export const notSupported = (message: string) => new Problem(501, 'notSupported', message);
