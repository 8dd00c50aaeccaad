import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServiceProcess, untilReady, withReadyService } from './support/service-process';
import { removeTestData } from './support/test-database';

/** Whether a TCP connection to `host:port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** What an operator sees when the service refuses to start: exit code 1 and one line on stderr. */
async function expectRefusedStart(env: Record<string, string>, reason: RegExp, options: { uid?: number } = {}) {
  const service = await startServiceProcess(env, options);
  try {
    expect(await untilReady(service)).toBe('exited');
    expect(await service.exited).toBe(1);
    const stderr = service.stderr().trim();
    expect(stderr.split('\n')[0]).toMatch(/^graph-esim-service cannot start: /);
    expect(stderr).toMatch(reason);
    expect(stderr).not.toMatch(/\n\s+at /);
    return stderr;
  } finally {
    await service.stop();
  }
}

describe('the service as a process: start-up refusals and secure defaults', () => {
  jest.setTimeout(60_000);

  it('refuses to run the dev mode (self-minted tokens) under NODE_ENV=production', async () => {
    await expectRefusedStart(
      { NODE_ENV: 'production' },
      /NODE_ENV: is production, where AUTH_MODE=dev .* must not run; use AUTH_MODE=jwks/,
    );
  });

  it('refuses the dev mode on a non-loopback HOST unless AUTH_DEV_REMOTE=true', async () => {
    await expectRefusedStart({ HOST: '0.0.0.0' }, /HOST: must be a loopback address while AUTH_MODE=dev.*AUTH_DEV_REMOTE=true/);
    // Ready is the whole check: withReadyService fails unless the service starts.
    await withReadyService({ HOST: '0.0.0.0', AUTH_DEV_REMOTE: 'true' }, () => Promise.resolve());
  });

  it('listens on loopback only by default in dev mode', async () => {
    await withReadyService({}, async (service) => {
      expect(service.stdout()).toContain(`ready on http://127.0.0.1:${service.port}/beta`);
      expect(await accepts('127.0.0.1', service.port)).toBe(true);
      const external = Object.values(networkInterfaces())
        .flat()
        .find((address) => address !== undefined && address.family === 'IPv4' && !address.internal);
      if (external !== undefined) expect(await accepts(external.address, service.port)).toBe(false);
    });
  });

  it('never prints the value of a secret setting it refuses', async () => {
    const secret = Buffer.alloc(31, 7).toString('base64');
    const stderr = await expectRefusedStart({ ESIM_CODE_KEY: secret }, /ESIM_CODE_KEY: must be 32 bytes/);
    expect(stderr).not.toContain(secret);
  });

  it('reports a busy port in one line and exits 1', async () => {
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as { port: number };
    try {
      await expectRefusedStart({ PORT: String(port) }, new RegExp(`127\\.0\\.0\\.1:${port} is already in use`));
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('reports a data directory it cannot write in one line and exits 1', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'esim-readonly-'));
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o555);
    // Root writes anywhere: run the service as an unprivileged user then.
    const options = process.getuid?.() === 0 ? { uid: 65534 } : {};
    chmodSync(parent, 0o755);
    try {
      await expectRefusedStart(
        { DATA_DIR: dataDir },
        /cannot be written or opened \(EACCES\): DATA_DIR and DB_PATH must be writable/,
        options,
      );
    } finally {
      chmodSync(dataDir, 0o755);
      await removeTestData(dataDir);
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
