/**
 * @module The listening side of the simulated SOAP endpoint, on raw `node:net` for byte-exact
 * answers. Like gSOAP's single SOAP thread it serves one connection at a time in arrival
 * order (later ones wait, unread, as in the listen backlog), closes a connection that stays
 * silent for the receive timeout, and closes every connection after one answer.
 * It can go down (port closed: ECONNREFUSED) and come back on the same port.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { type HttpLimits, type HttpRequest, HttpRequestReader } from './httpRequest.ts';

/** What to do with a received request. */
export type ServerAction =
  /** Send these bytes and close. */
  | { readonly type: 'respond'; readonly bytes: Uint8Array }
  /** Abort the connection (TCP reset when the runtime supports it). */
  | { readonly type: 'reset' }
  /** Say nothing; close when the client gives up or after `maxMs`. */
  | { readonly type: 'hang'; readonly maxMs: number };

/** Handles one complete request. */
export type RequestHandler = (request: HttpRequest) => Promise<ServerAction>;

/** Options for {@link SerialHttpServer}. */
export interface SerialHttpServerOptions extends HttpLimits {
  host: string;
  port: number;
  /** Idle time allowed between bytes of a request (gSOAP `recv_timeout`, default 5000 ms). */
  receiveTimeoutMs?: number;
  /** Time allowed to flush an answer (gSOAP `send_timeout`, default 5000 ms). */
  sendTimeoutMs?: number;
  /** Connections waiting their turn (the listen backlog, default 100); more are dropped. */
  backlog?: number;
  /** Answer for a request that could not be read (bad syntax, too large). */
  onBadRequest: (status: 400 | 413, reason: string) => Uint8Array | undefined;
  handler: RequestHandler;
}

/** A single-threaded HTTP/1.1 server. */
export class SerialHttpServer {
  readonly #options: SerialHttpServerOptions;
  readonly #waiting: Socket[] = [];
  #server?: Server;
  #current?: Socket;
  #port: number;
  #closed = false;

  constructor(options: SerialHttpServerOptions) {
    this.#options = options;
    this.#port = options.port;
  }

  /** The bound port (after `listen`). */
  get port(): number {
    return this.#port;
  }

  /** Whether the port is open. */
  get listening(): boolean {
    return this.#server !== undefined;
  }

  /** Opens the port (the same one again after `stop`). */
  async listen(): Promise<void> {
    if (this.#server || this.#closed) return;
    const server = createServer({ pauseOnConnect: true }, (socket) => this.#accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: this.#options.host, port: this.#port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', () => {});
    const address = server.address();
    if (address && typeof address === 'object') this.#port = address.port;
    this.#server = server;
  }

  /** Closes the port and drops every connection (clients see resets or refusals). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#waiting.splice(0)) socket.destroy();
    this.#current?.destroy();
    this.#current = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Stops for good. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.stop();
  }

  #accept(socket: Socket): void {
    socket.on('error', () => {});
    if (this.#waiting.length >= (this.#options.backlog ?? 100)) {
      socket.destroy();
      return;
    }
    this.#waiting.push(socket);
    socket.once('close', () => {
      const index = this.#waiting.indexOf(socket);
      if (index >= 0) this.#waiting.splice(index, 1);
    });
    if (!this.#current) this.#next();
  }

  #next(): void {
    this.#current = undefined;
    if (!this.#server) return;
    const socket = this.#waiting.shift();
    if (!socket) return;
    this.#current = socket;
    this.#serve(socket).catch(() => socket.destroy()).finally(() => {
      if (this.#current === socket) this.#next();
    });
  }

  async #serve(socket: Socket): Promise<void> {
    if (socket.destroyed) return;
    const read = await this.#read(socket);
    if (!read) return;
    if ('answer' in read) {
      await this.#send(socket, read.answer);
      return;
    }
    const { request } = read;
    socket.pause();
    const action = await this.#options.handler(request);
    if (socket.destroyed || this.#current !== socket) return;
    if (action.type === 'reset') {
      if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
      else socket.destroy();
      return;
    }
    if (action.type === 'hang') {
      await waitForClose(socket, action.maxMs);
      socket.destroy();
      return;
    }
    await this.#send(socket, action.bytes);
  }

  #send(socket: Socket, bytes: Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => socket.destroy(), this.#options.sendTimeoutMs ?? 5000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end(bytes, () => {
        clearTimeout(timer);
        socket.destroy();
        resolve();
      });
    });
  }

  #read(
    socket: Socket,
  ): Promise<{ request: HttpRequest } | { answer: Uint8Array } | undefined> {
    const reader = new HttpRequestReader(this.#options);
    const timeoutMs = this.#options.receiveTimeoutMs ?? 5000;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (result: { request: HttpRequest } | { answer: Uint8Array } | undefined) => {
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onClose);
        resolve(result);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          socket.destroy();
          finish(undefined);
        }, timeoutMs);
      };
      const onClose = () => finish(undefined);
      const onData = (chunk: Uint8Array) => {
        arm();
        const state = reader.push(chunk);
        if (state.state === 'continue') socket.write('HTTP/1.1 100 Continue\r\n\r\n');
        else if (state.state === 'done') finish({ request: state.request });
        else if (state.state === 'error') {
          const answer = this.#options.onBadRequest(state.status, state.reason);
          if (answer) finish({ answer });
          else {
            socket.destroy();
            finish(undefined);
          }
        }
      };
      socket.on('data', onData);
      socket.once('close', onClose);
      arm();
      socket.resume();
    });
  }
}

function waitForClose(socket: Socket, maxMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    socket.once('close', done);
    socket.once('end', done);
    socket.resume();
  });
}
