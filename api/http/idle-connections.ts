import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Each connection's unanswered requests, so a closing server can close every connection that
 * carries none, as soon as it carries none. Node's `closeIdleConnections()` is not enough for a
 * graceful shutdown: it leaves alone a connection that has not sent its first request yet (undici
 * and browsers open one ahead of need), and it acts once, so a connection whose answer ends later
 * (an event stream ended by the shutdown) stays open. Either held the close until its client hung
 * up: about 4 s for undici, the keep-alive timeout for others.
 */
export class IdleConnections {
  readonly #unanswered = new Map<Socket, number>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.#unanswered.set(socket, 0);
      socket.once('close', () => this.#unanswered.delete(socket));
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const socket = request.socket;
      this.#unanswered.set(socket, (this.#unanswered.get(socket) ?? 0) + 1);
      response.once('close', () => {
        const left = this.#unanswered.get(socket);
        if (left !== undefined) this.#unanswered.set(socket, left - 1);
      });
    });
  }

  /** Closes the connections that carry no request now and every `everyMs` after, until the returned function is called. */
  closeWhileIdle(everyMs: number): () => void {
    const sweep = () => {
      for (const [socket, unanswered] of this.#unanswered) if (unanswered === 0) socket.destroy();
    };
    sweep();
    const timer = setInterval(sweep, everyMs).unref();
    return () => clearInterval(timer);
  }
}
