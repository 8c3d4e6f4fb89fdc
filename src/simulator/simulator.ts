/**
 * @module `startSimulator`: a simulated TrinityCore 3.3.5 or AzerothCore worldserver — its
 * SOAP endpoint (byte-faithful answers, one request at a time), its world (a scripted
 * population on a tick loop), the drivers (seeded random "lively" mode, JSON scenarios) and
 * the test API (`login`, `restart`, `failNext`, `goDown`/`comeUp`, the `requests` log).
 */
import { type ConsoleResult, runConsoleCommand } from './commands/index.ts';
import { startLively } from './drivers/lively.ts';
import { playScenario, type ScenarioStep, type SimScenario } from './drivers/scenario.ts';
import { SerialHttpServer } from './soap/server.ts';
import {
  handleSoapRequest,
  httpErrorResponse,
  type SimFailureKind,
  type SimRequest,
} from './soap/service.ts';
import { populate, type SimAccountSpec } from './world/population.ts';
import type { SimCharacterInfo, SimChatChannel, SimFlavor } from './world/types.ts';
import { type ChatOptions, type LoginOptions, type MoveTarget, SimWorld } from './world/world.ts';
import type { Logger } from '../logger.ts';

/** Options for {@link startSimulator}. */
export interface SimulatorOptions {
  /** `tc` (TrinityCore 3.3.5, default) or `ac` (AzerothCore); long names are accepted too. */
  flavor?: SimFlavor | 'trinitycore' | 'azerothcore';
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port; the worldserver default is 7878). */
  port?: number;
  /** The SOAP account, created with security level 3 (default ADMIN / admin). */
  user?: string;
  password?: string;
  /** More accounts (name, password, level). */
  accounts?: readonly SimAccountSpec[];
  /** Seed of the generated population and of lively mode (default 42). */
  seed?: number;
  /** Generated characters online at start (default 0; the base roster starts offline). */
  players?: number;
  /** World tick in ms: each command is answered on the next tick (default 50; 0 = at once). */
  tickMs?: number;
  /** Random happenings every few seconds (default off); a number sets the mean interval. */
  lively?: boolean | number;
  /** A validated scenario to play from the start. */
  scenario?: SimScenario;
  /** World clock (default `Date.now`); tests freeze or step it. */
  now?: () => number;
  /** Idle receive timeout per connection (gSOAP `recv_timeout`, default 5000 ms). */
  receiveTimeoutMs?: number;
  /** Largest request body (default 1 MiB; larger gets 413). */
  maxBodyBytes?: number;
  /** How long the port stays closed when a scheduled restart runs out (default 3000 ms). */
  restartDowntimeMs?: number;
  /** How long an injected `timeout` failure keeps the connection silent (default 30 000 ms). */
  hangMs?: number;
  /** Realm name and MOTD. */
  realmName?: string;
  motd?: string;
  /** Typical world update diff in ms (default 12). */
  updateDiffMs?: number;
  /** Told about scenario steps that fail, restarts, shutdowns. */
  logger?: Logger;
}

/** What `failNext` injects. */
export interface SimFailure {
  /** `timeout` (silence), `garbage` (not HTTP), `fault` (SOAP fault), `http500`, `reset`. */
  kind: SimFailureKind;
  /** How many requests in a row (default 1). */
  count?: number;
}

/** A running simulator and its test API. */
export interface Simulator {
  /** `http://host:port/`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly flavor: SimFlavor;
  /** The world: state, and `events$` / `subscribe` for world events. */
  readonly world: SimWorld;
  /**
   * Received requests, oldest first (the last 1000), without passwords. A request appears once
   * it is answered (a command waiting for its world tick is not listed yet).
   */
  readonly requests: readonly SimRequest[];
  /** Whether the port is closed (`goDown`, or a shutdown ran out). */
  readonly down: boolean;
  login(name: string, options?: LoginOptions): SimCharacterInfo;
  logout(name: string): SimCharacterInfo;
  move(name: string, target: MoveTarget): SimCharacterInfo;
  setLevel(name: string, level: number): SimCharacterInfo;
  chat(name: string, channel: SimChatChannel, text: string, options?: ChatOptions): void;
  gmCommand(name: string, command: string, target?: string): void;
  /** Restarts the world at once: uptime resets, everyone is logged out; the port stays open. */
  restart(): void;
  /** Sets the world update diff (ms) and its random spread. */
  setUpdateDiff(ms: number, jitterMs?: number): void;
  /** Makes the next request(s) fail. */
  failNext(failure: SimFailure): void;
  /** Closes the listening port: new connections are refused. */
  goDown(): Promise<void>;
  /** Opens the port again, on the same port number. */
  comeUp(): Promise<void>;
  /** Stops everything. */
  close(): Promise<void>;
}

const MAX_LOGGED_REQUESTS = 1000;

function normalizeFlavor(flavor: SimulatorOptions['flavor']): SimFlavor {
  if (flavor === undefined || flavor === 'tc' || flavor === 'trinitycore') return 'tc';
  if (flavor === 'ac' || flavor === 'azerothcore') return 'ac';
  throw new Error(`unknown simulator flavor '${flavor}' (tc or ac)`);
}

/**
 * Starts a simulated worldserver.
 *
 * @param options Flavour, address, population, drivers, clock.
 * @returns The running simulator.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const flavor = normalizeFlavor(options.flavor);
  const host = options.host ?? '127.0.0.1';
  const tickMs = options.tickMs ?? 50;
  const world = new SimWorld({
    flavor,
    now: options.now,
    seed: options.seed,
    realmName: options.realmName,
    motd: options.motd,
    updateDiffMs: options.updateDiffMs,
    updateDiffJitterMs: options.lively ? 6 : 0,
  });
  populate(world, {
    seed: options.seed ?? 42,
    players: options.players ?? 0,
    accounts: [
      { name: options.user ?? 'ADMIN', password: options.password ?? 'admin', level: 3 },
      ...(options.accounts ?? []),
    ],
  });
  const requests: SimRequest[] = [];
  const failures: SimFailureKind[] = [];
  let pending: { command: string; resolve: (result: ConsoleResult) => void }[] = [];
  const stoppers: (() => void)[] = [];
  let closed = false;

  const server = new SerialHttpServer({
    host,
    port: options.port ?? 0,
    receiveTimeoutMs: options.receiveTimeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    onBadRequest: (status) => status === 413 ? httpErrorResponse(413, flavor) : undefined,
    handler: (request) =>
      handleSoapRequest(request, {
        flavor,
        world,
        hangMs: options.hangMs ?? 30_000,
        takeFailure: () => failures.shift(),
        log: (entry) => {
          requests.push(entry);
          if (requests.length > MAX_LOGGED_REQUESTS) requests.shift();
        },
        runCommand: (command) =>
          tickMs === 0
            ? Promise.resolve(runConsoleCommand(world, command))
            : new Promise((resolve) => pending.push({ command, resolve })),
      }),
  });

  const tick = () => {
    const stopped = world.update();
    if (stopped) onWorldStopped(stopped);
    const batch = pending;
    pending = [];
    for (const { command, resolve } of batch) resolve(runConsoleCommand(world, command));
  };
  const onWorldStopped = (mode: 'shutdown' | 'restart') => {
    options.logger?.info('simulated worldserver stopped', { mode });
    void server.stop();
    if (mode === 'restart') {
      const timer = setTimeout(async () => {
        if (closed) return;
        world.start();
        await server.listen();
        options.logger?.info('simulated worldserver restarted', { port: server.port });
      }, options.restartDowntimeMs ?? 3000);
      stoppers.push(() => clearTimeout(timer));
    }
  };
  const interval = setInterval(tick, tickMs > 0 ? tickMs : 50);
  (interval as { unref?: () => void }).unref?.();
  stoppers.push(() => clearInterval(interval));

  await server.listen();
  world.announceStarted();

  const simulator: Simulator = {
    get url() {
      return `http://${host.includes(':') ? `[${host}]` : host}:${server.port}/`;
    },
    host,
    get port() {
      return server.port;
    },
    flavor,
    world,
    get requests() {
      return [...requests];
    },
    get down() {
      return !server.listening;
    },
    login: (name, loginOptions) => world.describe(world.login(name, loginOptions)),
    logout: (name) => world.describe(world.logout(name)),
    move: (name, target) => world.describe(world.move(name, target)),
    setLevel: (name, level) => world.describe(world.setLevel(name, level)),
    chat: (name, channel, text, chatOptions) => world.chat(name, channel, text, chatOptions),
    gmCommand: (name, command, target) => world.gmCommand(name, command, target),
    restart: () => world.restart(),
    setUpdateDiff: (ms, jitterMs) => world.setUpdateDiff(ms, jitterMs),
    failNext: ({ kind, count = 1 }) => {
      for (let i = 0; i < Math.min(count, 10_000); i++) failures.push(kind);
    },
    goDown: () => server.stop(),
    comeUp: () => server.listen(),
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of stoppers.splice(0)) stop();
      for (const { resolve } of pending.splice(0)) resolve({ ok: false, output: '' });
      await server.close();
      world.dispose();
    },
  };

  const applyStep = async (step: ScenarioStep) => {
    switch (step.action) {
      case 'login': {
        const { at: _at, action: _action, character, ...rest } = step;
        world.login(character, rest);
        return;
      }
      case 'logout':
        world.logout(step.character);
        return;
      case 'move':
        world.move(step.character, { map: step.map ?? -1, zone: step.zone, area: step.area });
        return;
      case 'level':
        world.setLevel(step.character, step.level);
        return;
      case 'chat':
        world.chat(step.character, step.channel, step.text, {
          target: step.target,
          channelName: step.channelName,
        });
        return;
      case 'gm':
        world.gmCommand(step.character, step.command, step.target);
        return;
      case 'announce':
        world.announce(step.text);
        return;
      case 'motd':
        world.motd = step.text;
        return;
      case 'restart':
        world.restart();
        return;
      case 'lag':
        world.lag(step.ms, step.durationMs);
        return;
      case 'diff':
        world.setUpdateDiff(step.ms);
        return;
      case 'down':
        await server.stop();
        return;
      case 'up':
        await server.listen();
        return;
      case 'shutdown':
        world.scheduleShutdown(step.mode ?? 'shutdown', step.inSeconds);
        return;
      case 'cancel':
        world.cancelShutdown();
        return;
    }
  };
  if (options.scenario) {
    stoppers.push(playScenario(options.scenario, applyStep, (step, error) => {
      options.logger?.warn('scenario step failed', {
        at: step.at,
        action: step.action,
        error: (error as Error).message,
      });
    }));
  }
  if (options.lively) {
    stoppers.push(startLively(world, {
      seed: options.seed ?? 42,
      intervalMs: typeof options.lively === 'number' ? options.lively : undefined,
    }));
  }
  return simulator;
}
