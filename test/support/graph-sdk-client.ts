import { AuthenticationProvider, BatchRequestStep, Client, Context, Middleware } from '@microsoft/microsoft-graph-client';

/** One request the SDK sent and what came back, for assertions on what went over the wire. */
export interface SdkExchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Headers;
}

export interface LoopbackGraphClient {
  readonly client: Client;
  /** `http://127.0.0.1:<port>`: the SDK's `baseUrl`. */
  readonly origin: string;
  /** Every request this client sent, in order. */
  readonly exchanges: SdkExchange[];
}

/**
 * `@microsoft/microsoft-graph-client` 3.0.7 pointed at the service on a loopback port, as a user
 * would configure it: `baseUrl` and `defaultVersion`, and an auth provider. Its default middleware
 * chain assumes https Graph hosts, so two of its links are replaced here (never the service):
 *
 * - Its `AuthenticationHandler` attaches the token only when the URL starts with `https://` and names
 *   a Graph host or one of `customHosts` (`isValidEndpoint` in GraphRequestUtil); for any other URL it
 *   deletes the Authorization header. `customHosts` cannot help on plain http, so `LoopbackBearer`
 *   attaches the provider's token to requests for this origin and to nothing else.
 * - `PageIterator` hands the absolute `@odata.nextLink` to `client.api()`, whose `parsePath` strips the
 *   host only from `https://` URLs; an `http://` link is appended to `baseUrl/version/` as a path.
 *   `LoopbackFetch` sends such a nested absolute URL as itself, then calls fetch as the SDK's
 *   `HTTPMessageHandler` does, and refuses any other origin so no token leaves the test.
 *
 * The SDK's retry, redirect and telemetry handlers are left out: none is needed against a local
 * service with throttling off, and the telemetry handler also only acts on https Graph hosts.
 */
export function loopbackGraphClient(port: number, authProvider: AuthenticationProvider, defaultVersion = 'beta'): LoopbackGraphClient {
  const origin = `http://127.0.0.1:${port}`;
  const exchanges: SdkExchange[] = [];
  const client = Client.initWithMiddleware({
    baseUrl: origin,
    defaultVersion,
    middleware: [new LoopbackBearer(origin, authProvider), new LoopbackFetch(origin, exchanges)],
  });
  return { client, origin, exchanges };
}

/**
 * A step of a `BatchRequestContent`. The SDK (3.0.7) turns the step's absolute URL into the batch
 * `url` by dropping only the scheme and host, so a version segment would stay in it (`/beta/…`)
 * while `$batch` URLs are relative to the version root (spec §12, as in Graph). Its maintainers'
 * advice for 3.0.7 (msgraph-sdk-javascript#1451) is to leave the version out of the step's URL.
 */
export function batchStep(origin: string, id: string, path: string, init: RequestInit = {}, dependsOn?: string[]): BatchRequestStep {
  return { id, request: new Request(`${origin}${path}`, init), ...(dependsOn ? { dependsOn } : {}) };
}

function urlOf(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

/** Attaches the provider's bearer token to requests for the service's origin (see above). */
class LoopbackBearer implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly origin: string,
    private readonly authProvider: AuthenticationProvider,
  ) {}

  async execute(context: Context): Promise<void> {
    if (urlOf(context).startsWith(`${this.origin}/`)) {
      const headers = new Headers(context.options?.headers);
      headers.set('Authorization', `Bearer ${await this.authProvider.getAccessToken()}`);
      context.options = { ...context.options, headers };
    }
    if (this.next === undefined) throw new Error('LoopbackBearer must be followed by a handler that sends the request');
    return this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Sends the request with fetch, un-nesting absolute nextLinks (see above), and records the exchange. */
class LoopbackFetch implements Middleware {
  constructor(
    private readonly origin: string,
    private readonly exchanges: SdkExchange[],
  ) {}

  async execute(context: Context): Promise<void> {
    const built = urlOf(context);
    // `{origin}/{version}/http://…`: an absolute link the SDK took for a path.
    const url = /^https?:\/\/[^/]+\/[^/?]+\/(https?:\/\/.*)$/.exec(built)?.[1] ?? built;
    if (!url.startsWith(`${this.origin}/`)) throw new Error(`the test's Graph client talks to ${this.origin} only, not to ${url}`);
    const response = await fetch(url, context.options);
    this.exchanges.push({ method: context.options?.method ?? 'GET', url, status: response.status, headers: response.headers });
    context.response = response;
  }
}
