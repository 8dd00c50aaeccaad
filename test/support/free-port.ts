import { createServer } from 'node:net';

/**
 * A free TCP port on 127.0.0.1 (there is a small window in which another process could take it). In a
 * module of its own, importing nothing of the service, for harnesses outside jest (bench, postman).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
