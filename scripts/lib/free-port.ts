import { connect, createServer } from 'node:net';

/** A TCP port that is free right now on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return listenOn(0);
}

/** `preferred` when it is free right now on 127.0.0.1, otherwise any free port. */
export function freePortPreferring(preferred: number): Promise<number> {
  return listenOn(preferred).catch(() => findFreePort());
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
