import { createServer, type Socket } from 'node:net';

/**
 * A webhook receiver that never finishes its answer: one byte of a status line and a header every
 * `everyMs`, forever (../shared/evidence/dripping-receiver.mjs, the reporter's). A socket idle
 * timeout never fires on it; only an overall deadline does. Counts the connections it got.
 */
export interface DrippingReceiver {
  url: string;
  connections(): number;
  /** Connections still open (the sender has not given up on them). */
  open(): number;
  stop(): Promise<void>;
}

export async function startDrippingReceiver(everyMs = 4_000): Promise<DrippingReceiver> {
  const reply = 'HTTP/1.1 200 OK\r\nX-Slow: ';
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    let i = 0;
    const timer = setInterval(() => socket.write(reply[i++] ?? 'a'), everyMs);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    connections: () => connections,
    open: () => sockets.size,
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
