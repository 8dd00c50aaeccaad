import { connect, Socket } from 'node:net';

/**
 * A crowd without tokens stalling 16 MiB uploads (`node … stalled-uploads.ts <port> <connections> <seconds>`):
 * each connection sends the headers and 64 KiB of body, then nothing; whenever the service closes one,
 * another takes its place. Prints "ready" once all are open, then "done <answers> <closes>".
 */
const SIXTEEN_MIB = 16 * 1024 * 1024;

function main(): void {
  const [port, connections, seconds] = process.argv.slice(2).map(Number);
  let answers = 0;
  let closes = 0;
  let open = 0;
  let stopping = false;
  const sockets = new Set<Socket>();
  const start = () => {
    if (stopping) return;
    const socket = connect(port, '127.0.0.1');
    sockets.add(socket);
    socket.on('connect', () => {
      open++;
      if (open === connections) console.log('ready');
      socket.write(
        `POST /beta/deviceManagement/embeddedSIMActivationCodePools HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${SIXTEEN_MIB}\r\n\r\n`,
      );
      socket.write(Buffer.alloc(64 * 1024, 0x20));
    });
    socket.on('data', () => answers++);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      closes++;
      start();
    });
  };
  for (let i = 0; i < connections; i++) start();
  setTimeout(() => {
    stopping = true;
    for (const socket of sockets) socket.destroy();
    console.log(`done ${answers} ${closes}`);
  }, seconds * 1000);
}

main();
