import { randomUUID } from 'node:crypto';
import { createConnection, createServer, Socket } from 'node:net';
import { Redis } from 'ioredis';

/** Every machine the tests run on, CI's included, has a Redis here. */
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';
const LOCAL_REDIS_PORT = 6379;

/** A key prefix of its own for one test run, so that runs sharing the Redis never see each other's keys. */
export function uniqueKeyPrefix(): string {
  return `esim-test:${randomUUID()}:`;
}

/** A plain client of the local Redis, for looking at what a test left there. */
export function localRedis(): Redis {
  return new Redis(LOCAL_REDIS_URL, { lazyConnect: true });
}

/** Deletes every key under `prefix`. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = localRedis();
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** The local Redis behind a proxy that holds each of its replies for `delayMs`: a slow Redis for one client, leaving others alone. */
export interface SlowRedisProxy {
  readonly url: string;
  /** Changeable at any time; replies keep their order. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startSlowRedisProxy(): Promise<SlowRedisProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const redis = createConnection(LOCAL_REDIS_PORT, '127.0.0.1');
    sockets.add(client).add(redis);
    client.pipe(redis);
    let delivered = Promise.resolve();
    redis.on('data', (reply: Buffer) => {
      const due = Date.now() + proxy.delayMs;
      delivered = delivered
        .then(() => new Promise((resolve) => setTimeout(resolve, due - Date.now())))
        .then(() => {
          if (!client.destroyed) client.write(reply);
        });
    });
    const closeBoth = () => {
      client.destroy();
      redis.destroy();
      sockets.delete(client);
      sockets.delete(redis);
    };
    for (const socket of [client, redis]) socket.on('close', closeBoth).on('error', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const proxy: SlowRedisProxy = {
    url: `redis://127.0.0.1:${port}`,
    delayMs: 0,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return proxy;
}
