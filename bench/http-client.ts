/** One HTTP exchange with a deadline, so no request of the harness can hang the run. */

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface HttpRequest {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function send(
  url: string,
  { method = 'GET', headers = {}, body, timeoutMs = DEFAULT_TIMEOUT_MS }: HttpRequest = {},
): Promise<HttpAnswer> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.text() };
}

/** The body of a JSON answer with the expected status, or an error naming what came back instead. */
export async function sendForJson<T>(url: string, expectedStatus: number, request: HttpRequest = {}): Promise<T> {
  const answer = await send(url, request);
  if (answer.status !== expectedStatus) {
    throw new Error(
      `${request.method ?? 'GET'} ${new URL(url).pathname} answered ${answer.status}, expected ${expectedStatus}: ${answer.body.slice(0, 300)}`,
    );
  }
  return JSON.parse(answer.body) as T;
}
