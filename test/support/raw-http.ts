import { request as httpRequest } from 'node:http';
import { connect, Socket } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface RawResponse {
  /** Interim responses first (`100 Continue`), then the final one. */
  readonly statuses: number[];
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** When the server closed the connection, in ms after the request was first written. */
  readonly closedAfterMs: number;
}

/** The app's port on 127.0.0.1, listening on a free one first if it is not listening yet. */
export async function portOf(app: NestFastifyApplication): Promise<number> {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the app listens on no TCP port');
  return address.port;
}

/** The port of a `useTestApp()` application, listening from before the block's tests on. */
export function useListeningPort(t: { readonly app: NestFastifyApplication }): () => number {
  let port: number | undefined;
  beforeAll(async () => {
    port = await portOf(t.app);
  });
  return () => {
    if (port === undefined) throw new Error('useListeningPort: the port is read outside the tests of its block');
    return port;
  };
}

/**
 * A request written byte for byte on a fresh connection, for what an HTTP client library would not
 * send (malformed requests, absolute-form targets, stalled bodies). `write` gets the socket to send
 * the request itself; the response is read until the server closes the connection or `settleMs`
 * passes after the final response.
 */
export function rawRequest(port: number, write: (socket: Socket) => void | Promise<void>, settleMs = 300): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    let settleTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(settleTimer);
      socket.destroy();
      try {
        resolve({ ...parseResponses(received), closedAfterMs: Date.now() - started });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (hasFinalResponse(received)) {
        clearTimeout(settleTimer);
        settleTimer = setTimeout(finish, settleMs);
      }
    });
    socket.on('close', finish);
    socket.on('error', () => undefined);
    socket.on('connect', () => void Promise.resolve(write(socket)).catch(reject));
  });
}

function hasFinalResponse(text: string): boolean {
  const responses = splitResponses(text);
  const last = responses[responses.length - 1];
  return last !== undefined && last.status >= 200 && last.complete;
}

function parseResponses(text: string): Omit<RawResponse, 'closedAfterMs'> {
  const responses = splitResponses(text);
  const final = responses[responses.length - 1];
  if (final === undefined) return { statuses: [], status: 0, headers: {}, body: '' };
  return { statuses: responses.map((response) => response.status), status: final.status, headers: final.headers, body: final.body };
}

function splitResponses(text: string) {
  const responses: { status: number; headers: Record<string, string>; body: string; complete: boolean }[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    if (headEnd === -1) break;
    const [statusLine, ...headerLines] = rest.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    const body = Buffer.from(rest.slice(headEnd + 4), 'latin1')
      .subarray(0, length)
      .toString('utf8');
    const status = Number(statusLine.split(' ')[1]);
    responses.push({ status, headers, body, complete: Buffer.byteLength(rest.slice(headEnd + 4), 'latin1') >= length });
    rest = rest.slice(headEnd + 4 + (status >= 200 ? length : 0));
  }
  return responses;
}

/** How a request sent with `sendWhole` ended: its whole response, or how its connection failed. */
export interface WholeResponse {
  /** Undefined when the connection failed first. */
  readonly status?: number;
  readonly text: string;
  /** The error code of a connection that broke before the response ended (a killed server: ECONNRESET). */
  readonly failure?: string;
}

/**
 * A request sent with node:http to 127.0.0.1 (with its Content-Length), resolving once its response
 * has ended or its connection has failed; `onSent` runs once the whole body has left, for tests that
 * act on the server (a signal, a kill) while it handles the request.
 */
export function sendWhole(
  port: number,
  { method, path, headers, body }: { method: string; path: string; headers: Record<string, string>; body: string },
  onSent: () => void = () => undefined,
): Promise<WholeResponse> {
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) => resolve({ text: '', failure: error.code ?? error.message });
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', failed);
      },
    );
    outgoing.on('error', failed);
    outgoing.end(body, onSent);
  });
}
