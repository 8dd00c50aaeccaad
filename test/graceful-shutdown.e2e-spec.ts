import { request as httpRequest } from 'node:http';
import { activationCodes, poolBody } from './support/fixtures';
import { sendWhole } from './support/raw-http';
import { withReadyService } from './support/service-process';
import { POOLS } from './support/test-app';

describe('graceful shutdown (a process of its own)', () => {
  jest.setTimeout(120_000);

  it('on SIGTERM during a 100,000-code create, sends the complete 201 body, then exits 0', async () => {
    await withReadyService({}, async (service, token) => {
      const codes = activationCodes(100_000);
      const body = JSON.stringify(poolBody('Created while shutting down', codes));
      const response = await sendWhole(
        service.port,
        { method: 'POST', path: POOLS, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body },
        // The whole body has left: the service is reading or writing it when the signal comes.
        () => service.child.kill('SIGTERM'),
      );
      expect(response.status).toBe(201);
      const created = JSON.parse(response.text) as { id: string; activationCodeCount: number; activationCodes: unknown[] };
      expect(created.activationCodeCount).toBe(100_000);
      expect(created.activationCodes).toHaveLength(100_000);
      expect(await service.exited).toBe(0);
      const log = service.stdout();
      expect(log).toMatch(/"signal":"SIGTERM".*shutting down/);
      expect(log).toMatch(/shut down cleanly/);
      // The request completed after the signal, inside the grace period.
      expect(log.indexOf('shutting down')).toBeLessThan(log.indexOf('"status":201'));
    });
  });

  it('on SIGTERM during a $batch, runs its remaining requests before exiting 0', async () => {
    await withReadyService({}, async (service, token) => {
      const body = JSON.stringify({
        requests: [
          {
            id: 'create',
            method: 'POST',
            url: '/deviceManagement/embeddedSIMActivationCodePools',
            body: poolBody('Batched while shutting down', activationCodes(50_000)),
          },
          // Sent only once the create has answered, well after the signal.
          { id: 'read', method: 'GET', url: '$create', dependsOn: ['create'] },
        ],
      });
      const response = await sendWhole(
        service.port,
        { method: 'POST', path: '/beta/$batch', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body },
        () => service.child.kill('SIGTERM'),
      );
      expect(response.status).toBe(200);
      const { responses } = JSON.parse(response.text) as {
        responses: { id: string; status: number; body: { activationCodeCount: number } }[];
      };
      expect(responses.map(({ id, status }) => [id, status])).toEqual([
        ['create', 201],
        ['read', 200],
      ]);
      expect(responses[1].body.activationCodeCount).toBe(50_000);
      expect(await service.exited).toBe(0);
    });
  });

  it('on SIGINT with nothing in flight, exits 0 at once', async () => {
    await withReadyService({}, async (service) => {
      const started = Date.now();
      service.child.kill('SIGINT');
      expect(await service.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(service.stdout()).toMatch(/"signal":"SIGINT".*shutting down/);
    });
  });

  it('closes the connection of a request that outlives the grace period, and still exits 0', async () => {
    await withReadyService({ SHUTDOWN_GRACE_SECONDS: '1' }, async (service, token) => {
      // A body that never finishes arriving keeps its request in flight forever.
      const stalled = httpRequest({
        host: '127.0.0.1',
        port: service.port,
        method: 'POST',
        path: POOLS,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '1000' },
      });
      const closed = new Promise<string>((resolve) => {
        stalled.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
        stalled.on('response', (response) => resolve(String(response.statusCode)));
      });
      stalled.write('{"displayName":');
      await new Promise((resolve) => setTimeout(resolve, 300));
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
      expect(await closed).toMatch(/ECONNRESET|socket hang up/);
      expect(service.stdout()).toMatch(/grace period over/);
    });
  });
});
