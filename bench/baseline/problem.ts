/** A failure the baseline answers with a Graph error body (spec §7). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new Problem(400, 'invalidRequest', message);
export const notFound = (message: string) => new Problem(404, 'itemNotFound', message);
export const notSupported = (message: string) => new Problem(501, 'notSupported', message);
