/**
 * @module Test helper: a `ws` client that collects JSON messages and waits for them with a
 * bounded timeout (tests never hang).
 */
import WebSocket from 'ws';

/** A connected test client. */
export interface TestClient {
  readonly socket: WebSocket;
  /** Every JSON message received so far. */
  readonly messages: Array<Record<string, unknown>>;
  /** Sends a JSON message. */
  send(message: unknown): void;
  /** Resolves with the first message (already received or future) matching `predicate`. */
  next(
    predicate: (message: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** Resolves with the close code and reason. */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  /** Closes the socket. */
  close(): void;
}

/**
 * Opens a WebSocket and resolves once it is open (or rejects on failure).
 *
 * @param url ws:// URL.
 * @param options Headers and subprotocols.
 * @returns The client.
 */
export function openClient(
  url: string,
  options: { headers?: Record<string, string>; protocols?: string[]; timeoutMs?: number } = {},
): Promise<TestClient> {
  const socket = new WebSocket(url, options.protocols ?? [], { headers: options.headers });
  const messages: Array<Record<string, unknown>> = [];
  const waiters = new Set<() => void>();
  let closeInfo: { code: number; reason: string } | undefined;
  socket.on('message', (data) => {
    messages.push(JSON.parse(String(data)));
    for (const wake of [...waiters]) wake();
  });
  socket.on('close', (code, reason) => {
    closeInfo = { code, reason: String(reason) };
    for (const wake of [...waiters]) wake();
  });
  const client: TestClient = {
    socket,
    messages,
    send: (message) => socket.send(JSON.stringify(message)),
    next(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(predicate);
          if (found) {
            cleanup();
            resolve(found);
          } else if (closeInfo) {
            cleanup();
            reject(
              new Error(
                `socket closed (${closeInfo.code} ${closeInfo.reason}) before the message arrived`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `timed out after ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    closed(timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (closeInfo) {
            cleanup();
            resolve(closeInfo);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`socket not closed after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error('connect timed out'));
    }, options.timeoutMs ?? 5000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve(client);
    });
    socket.once('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(
        Object.assign(new Error(`HTTP ${response.statusCode}`), { status: response.statusCode }),
      );
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
