/**
 * @module The client registry: every connected WebSocket and SSE client, connection limits
 * (total and per IP), a count of the per-client resources (subscriptions, timers) so tests
 * can prove they return to zero, the load-dependent batch window, and shutdown.
 */

/** What the registry knows about one client. */
export interface ClientHandle {
  /** `ws` or `sse`. */
  readonly transport: 'ws' | 'sse';
  /** Peer address (`unknown` when the runtime does not say). */
  readonly ip: string;
  /** Closes the client (1001 on shutdown). */
  close(code: number, reason: string): void;
  /** Events queued in the server for this client. */
  queuedEvents(): number;
  /** Bytes queued: server queue plus the socket's send buffer. */
  queuedBytes(): number;
  /** Whether the client currently has a subscription (counts towards batch sizing). */
  active(): boolean;
}

/** Kinds of per-client resources that are counted. */
export type ResourceKind = 'subscriptions' | 'timers' | 'pipelines';

/** Why a new client was refused. */
export type AdmissionRefusal = 'closing' | 'clients' | 'ip';

/** Options for {@link ClientRegistry}. */
export interface ClientRegistryOptions {
  /** Most clients in total. */
  maxClients: number;
  /** Most clients per peer address. */
  maxPerIp: number;
  /** Smallest batch window, ms (`server.batchMs`). */
  batchMs: number;
  /** Largest batch window, ms (default 200). */
  maxBatchMs?: number;
  /**
   * WebSocket frames per second the gateway aims to stay under; the batch window widens as
   * more clients are active so that `activeClients / window <= framesPerSecond`
   * (default 8000: a frame costs ~20 us of socket writes and ~20 us of pipeline here, so
   * about a third of a core; 1000 active clients get 125 ms windows, 100 get 12.5 ms).
   */
  framesPerSecond?: number;
}

/** Counts of open per-client resources. */
export interface ResourceCounts {
  clients: number;
  subscriptions: number;
  timers: number;
  pipelines: number;
}

/** The registry. */
export class ClientRegistry {
  readonly #options: Required<ClientRegistryOptions>;
  readonly #clients = new Set<ClientHandle>();
  readonly #perIp = new Map<string, number>();
  readonly #resources: Record<ResourceKind, number> = { subscriptions: 0, timers: 0, pipelines: 0 };
  #closing = false;
  #activeCount = 0;
  #activeCountedAt = -Infinity;

  constructor(options: ClientRegistryOptions) {
    this.#options = { maxBatchMs: 200, framesPerSecond: 8000, ...options };
  }

  /** True once {@link shutdown} started: new clients are refused. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Connected clients. */
  get size(): number {
    return this.#clients.size;
  }

  /** Clients from one address. */
  countForIp(ip: string): number {
    return this.#perIp.get(ip) ?? 0;
  }

  /**
   * Whether a client from `ip` would be admitted now.
   *
   * @param ip Peer address.
   * @returns Undefined when admitted, otherwise why not.
   */
  admission(ip: string): AdmissionRefusal | undefined {
    if (this.#closing) return 'closing';
    if (this.#clients.size >= this.#options.maxClients) return 'clients';
    if (this.countForIp(ip) >= this.#options.maxPerIp) return 'ip';
    return undefined;
  }

  /**
   * Registers a client if the limits allow it (checked again here: several upgrades may
   * pass the pre-upgrade check at once).
   *
   * @param client The client.
   * @returns Undefined when registered, otherwise why not.
   */
  add(client: ClientHandle): AdmissionRefusal | undefined {
    const refusal = this.admission(client.ip);
    if (refusal) return refusal;
    this.#clients.add(client);
    this.#perIp.set(client.ip, this.countForIp(client.ip) + 1);
    return undefined;
  }

  /** Unregisters a client (idempotent). */
  remove(client: ClientHandle): void {
    if (!this.#clients.delete(client)) return;
    const count = this.countForIp(client.ip) - 1;
    if (count > 0) this.#perIp.set(client.ip, count);
    else this.#perIp.delete(client.ip);
  }

  /** Every client, for metrics. */
  clients(): IterableIterator<ClientHandle> {
    return this.#clients.values();
  }

  /**
   * Counts one resource as open; the returned function releases it (idempotent).
   *
   * @param kind What is opened.
   * @returns The release function.
   */
  acquire(kind: ResourceKind): () => void {
    this.#resources[kind]++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#resources[kind]--;
    };
  }

  /** Open resources right now. */
  resources(): ResourceCounts {
    return { clients: this.#clients.size, ...this.#resources };
  }

  /**
   * The batch window to use for the next window of a client: `batchMs` while few clients
   * are active, widening with their number so the frame rate stays under budget.
   *
   * @param now Current time in ms (the active count is refreshed at most every 250 ms).
   * @returns Window length in ms.
   */
  batchWindowMs(now: number): number {
    if (now - this.#activeCountedAt > 250) {
      let active = 0;
      for (const client of this.#clients) if (client.active()) active++;
      this.#activeCount = active;
      this.#activeCountedAt = now;
    }
    const { batchMs, maxBatchMs, framesPerSecond } = this.#options;
    const needed = (this.#activeCount / framesPerSecond) * 1000;
    return Math.min(maxBatchMs, Math.max(batchMs, needed));
  }

  /**
   * Refuses new clients and closes every connected one.
   *
   * @param code Close code (1001).
   * @param reason Close reason.
   */
  shutdown(code: number, reason: string): void {
    this.#closing = true;
    for (const client of [...this.#clients]) {
      try {
        client.close(code, reason);
      } catch {
        // A socket that is already gone cannot be closed again; it is removed below.
      }
    }
  }
}
