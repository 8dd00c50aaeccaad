import { createServer, connect, Server, Socket } from 'node:net';
import { activationCodes, poolBody } from './support/fixtures';
import { expectGraphError } from './support/graph-assertions';
import { usePostgresDatabase } from './support/postgres-database';
import { POOLS, startTestApp, TestApp } from './support/test-app';

/**
 * A TCP relay to the test server's PostgreSQL, which a test cuts as a network partition or a restart
 * of PostgreSQL would: open connections are torn down, new ones refused.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on `port` (a free one at first), and returns it. */
  async open(port = 0): Promise<number> {
    const server = createServer((client) => {
      const upstream = connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.once('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.server = server;
    return (server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const closed = new Promise((resolve) => this.server?.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

/**
 * Issue #11: PostgreSQL out of reach is a 503 `serviceNotAvailable` with Retry-After (never a 500 with
 * details), readiness says so, and the service recovers by itself once PostgreSQL is back. On a
 * PostgreSQL database of its own whatever TEST_DB says.
 */
describe('PostgreSQL out of reach', () => {
  const database = usePostgresDatabase();
  let relay: Relay;
  let port: number;
  let t: TestApp;

  beforeAll(async () => {
    const url = new URL(database.url());
    relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    port = await relay.open();
    url.host = `127.0.0.1:${port}`;
    t = await startTestApp({ DB_TYPE: 'postgres', DATABASE_URL: url.toString() });
  });
  afterAll(async () => {
    await t.close();
    await relay.cut();
  });

  it('answers 503 with Retry-After, reports itself unready, and serves again once PostgreSQL is back', async () => {
    const { body: pool } = await t.http
      .post(POOLS)
      .send(poolBody('Before the outage', activationCodes(3)))
      .expect(201);
    await relay.cut();

    for (const response of [
      await t.http.get(`${POOLS}/${pool.id}`),
      await t.http.get(POOLS),
      await t.http.post(POOLS).send(poolBody('During the outage', activationCodes(3))),
      await t.http.delete(`${POOLS}/${pool.id}`),
    ]) {
      expectGraphError(response, 503, 'serviceNotAvailable', /database cannot take this request right now/);
      expect(response.headers['retry-after']).toMatch(/^\d+$/);
      expect(response.text).not.toMatch(/ECONN|127\.0\.0\.1|postgres:/);
    }
    const ready = await t.http.get('/health/ready').expect(503);
    expect(ready.body.error.database.status).toBe('down');

    await relay.open(port);
    await t.http.get('/health/ready').expect(200);
    const { body: read } = await t.http.get(`${POOLS}/${pool.id}`).expect(200);
    expect(read.displayName).toBe('Before the outage');
    expect((await t.http.get(POOLS).expect(200)).body.value.map((item: { displayName: string }) => item.displayName)).toEqual([
      'Before the outage',
    ]);
  });
});
