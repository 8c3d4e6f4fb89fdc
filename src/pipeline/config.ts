/**
 * @module The gateway configuration: schema (valibot, unknown keys rejected), defaults,
 * `env:NAME` secrets, and loading from JSON or from a `.ts`/`.js` module.
 */
import * as v from 'valibot';
import type { CustomPipeline } from './customPipelines.ts';
import { EVENT_TYPES } from './events.ts';

const MiB = 1024 * 1024;

const positiveInt = (fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) =>
  v.optional(v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max)), fallback);
const realmId = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'realm ids are 1-64 letters, digits, _ . -'),
);
const eventTypePattern = v.pipe(
  v.string(),
  v.check(
    (pattern) =>
      pattern === '*' ||
      EVENT_TYPES.some((type) =>
        pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern
      ),
    'unknown event type (or wildcard matching none)',
  ),
);

const serverSchema = v.strictObject({
  host: v.optional(v.string(), '127.0.0.1'),
  port: positiveInt(8787, 0, 65535),
  allowedOrigins: v.optional(v.array(v.string()), []),
  maxMessageBytes: positiveInt(64 * 1024, 256),
  maxClients: positiveInt(5000),
  maxConnectionsPerIp: positiveInt(256),
  maxSubscriptions: positiveInt(16),
  maxFilters: positiveInt(16),
  authTimeoutMs: positiveInt(10_000),
  heartbeatIntervalMs: positiveInt(25_000),
  heartbeatTimeoutMs: positiveInt(10_000),
  clientQueueBytes: positiveInt(4 * MiB, 1024),
  clientQueueEvents: positiveInt(20_000),
  slowClientMs: positiveInt(30_000),
  batchMs: positiveInt(5, 0),
  clientRatePerSecond: positiveInt(2_000),
  clientBurst: positiveInt(4_000),
});

const tokenSchema = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  token: v.pipe(v.string(), v.minLength(16, 'tokens must be at least 16 characters')),
  role: v.picklist(['viewer', 'admin']),
  realms: v.optional(v.array(realmId)),
  types: v.optional(v.array(eventTypePattern)),
});

const authSchema = v.strictObject({
  tokens: v.optional(v.array(tokenSchema), []),
});

const historySchema = v.strictObject({
  maxEvents: positiveInt(10_000),
  maxBytes: positiveInt(16 * MiB, 1024),
});

const pollCommandSchema = v.strictObject({
  enabled: v.optional(v.boolean(), true),
  intervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100))),
});

const realmSchema = v.strictObject({
  id: realmId,
  name: v.optional(v.pipe(v.string(), v.maxLength(128))),
  flavor: v.picklist(['trinitycore', 'azerothcore']),
  soap: v.optional(v.strictObject({
    url: v.pipe(v.string(), v.url()),
    username: v.pipe(v.string(), v.minLength(1)),
    password: v.string(),
    timeoutMs: positiveInt(10_000, 100),
  })),
  simulate: v.optional(v.strictObject({
    seed: positiveInt(42, 0),
    players: positiveInt(25, 0, 5000),
    tickMs: positiveInt(50, 0),
    lively: v.optional(v.boolean(), true),
  })),
  poll: v.optional(
    v.strictObject({
      intervalMs: positiveInt(5_000, 100),
      serverInfo: v.optional(pollCommandSchema, {}),
      onlineList: v.optional(pollCommandSchema, {}),
      pinfo: v.optional(
        v.strictObject({
          enabled: v.optional(v.boolean(), false),
          intervalMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(100))),
          perPoll: positiveInt(2),
        }),
        {},
      ),
      backoffMaxMs: positiveInt(60_000, 100),
    }),
    {},
  ),
  lag: v.optional(
    v.strictObject({ thresholdMs: positiveInt(300), clearMs: positiveInt(200) }),
    {},
  ),
  metrics: v.optional(
    v.strictObject({
      enabled: v.optional(v.boolean(), false),
      database: v.optional(v.pipe(v.string(), v.minLength(1))),
    }),
    {},
  ),
  log: v.optional(v.strictObject({
    path: v.pipe(v.string(), v.minLength(1)),
    fromStart: v.optional(v.boolean(), false),
    pollMs: positiveInt(250, 10),
    utcOffsetMinutes: v.optional(
      v.pipe(v.number(), v.integer(), v.minValue(-840), v.maxValue(840)),
    ),
  })),
  formats: v.optional(v.record(v.string(), v.string()), {}),
  dedupeWindowMs: positiveInt(15_000),
  dedupeHoldMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

const ingestSchema = v.strictObject({
  allowUnauthenticatedFrom: v.optional(v.array(v.string()), ['127.0.0.1', '::1']),
  maxBodyBytes: positiveInt(MiB, 1024),
  keepUnknown: v.optional(v.boolean(), true),
  forwardUrl: v.optional(v.pipe(v.string(), v.url())),
});

const recordingSchema = v.strictObject({
  dir: v.optional(v.string(), 'recordings'),
  auto: v.optional(v.boolean(), false),
  gzip: v.optional(v.boolean(), false),
  redact: v.optional(v.array(v.string()), ['data.ip']),
  maxEvents: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  maxBytes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1024))),
  flushMs: positiveInt(1_000, 10),
});

const statsSchema = v.strictObject({
  windowMs: positiveInt(5_000, 0),
});

const allowRuleSchema = v.strictObject({
  command: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  args: v.optional(v.pipe(v.string(), v.maxLength(256))),
});

/** The read-only console commands allowed when `console.allow` is not given. */
export const DEFAULT_CONSOLE_ALLOW = [
  { command: 'server info' },
  { command: 'server motd' },
  { command: 'account onlinelist' },
  { command: 'pinfo', args: '^[A-Za-z\\p{L}]{2,12}$' },
  { command: 'gm list' },
  { command: 'gm ingame' },
  { command: 'lookup player account', args: '^[A-Za-z0-9_]{1,32}$' },
];

const consoleSchema = v.strictObject({
  enabled: v.optional(v.boolean(), false),
  allow: v.optional(v.array(allowRuleSchema), DEFAULT_CONSOLE_ALLOW),
  maxLength: positiveInt(256, 1, 4096),
  perMinute: positiveInt(30),
  auditLog: v.optional(v.string(), 'audit/commands.jsonl'),
});

/** The whole configuration schema. */
export const configSchema = v.strictObject({
  server: v.optional(serverSchema, {}),
  auth: v.optional(authSchema, {}),
  history: v.optional(historySchema, {}),
  stats: v.optional(statsSchema, {}),
  realms: v.pipe(
    v.optional(v.array(realmSchema), []),
    v.check(
      (realms) => new Set(realms.map((realm) => realm.id)).size === realms.length,
      'realm ids must be unique',
    ),
    v.check(
      (realms) => realms.every((realm) => realm.soap || realm.simulate),
      'each realm needs "soap" (a worldserver) or "simulate" (the built-in simulator)',
    ),
  ),
  ingest: v.optional(ingestSchema, {}),
  recording: v.optional(recordingSchema, {}),
  console: v.optional(consoleSchema, {}),
  diagnostics: v.optional(v.strictObject({ dir: v.optional(v.string(), 'diagnostics') }), {}),
  pipelines: v.optional(
    v.array(
      v.custom<CustomPipeline>(
        (value) => typeof value === 'function',
        'a pipeline is a function: export it from a .ts/.js config module',
      ),
    ),
    [],
  ),
});

/** The configuration as written (every field optional where a default exists). */
export type ConfigInput = v.InferInput<typeof configSchema>;
/** The configuration after validation, with every default filled in. */
export type Config = v.InferOutput<typeof configSchema>;
/** One realm's configuration. */
export type RealmConfig = Config['realms'][number];
/** One access token. */
export type TokenConfig = Config['auth']['tokens'][number];

/** A configuration that failed validation or could not be read; lists every problem. */
export class ConfigError extends Error {
  /** One line per problem, `path: message`. */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [], options?: ErrorOptions) {
    super(problems.length ? `${message}\n  - ${problems.join('\n  - ')}` : message, options);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Reads environment variables; injected so the pipeline never touches `process`. */
export type EnvReader = (name: string) => string | undefined;

/**
 * The configuration used when none is given: one simulated TrinityCore realm, no tokens
 * (the CLI generates an admin token), everything else at its default.
 *
 * @returns A validated config.
 */
export function defaultConfig(): Config {
  return parseConfig({
    realms: [{ id: 'sim', name: 'Simulated Realm', flavor: 'trinitycore', simulate: {} }],
  });
}

/**
 * Replaces every string `"env:NAME"` in `input` by the variable's value.
 *
 * @param input Parsed JSON.
 * @param env Variable reader.
 * @returns A copy with secrets filled in.
 * @throws ConfigError naming every missing variable (never their values).
 */
export function resolveEnvReferences(input: unknown, env: EnvReader): unknown {
  const missing: string[] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (typeof value === 'string' && value.startsWith('env:')) {
      const name = value.slice(4);
      const resolved = env(name);
      if (resolved === undefined) missing.push(`${path}: environment variable ${name} is not set`);
      return resolved ?? '';
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        out[key] = walk(item, path ? `${path}.${key}` : key);
      }
      return out;
    }
    return value;
  };
  const resolved = walk(input, '');
  if (missing.length) throw new ConfigError('configuration refers to missing secrets', missing);
  return resolved;
}

/**
 * Validates a configuration object and fills in defaults.
 *
 * @param input The object (after `env:` resolution).
 * @returns The complete configuration.
 * @throws ConfigError listing every problem with its path.
 */
export function parseConfig(input: unknown): Config {
  const result = v.safeParse(configSchema, input);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new ConfigError('invalid configuration', problems);
}

/**
 * Parses configuration text (JSON), resolving `env:` references first.
 *
 * @param text File contents.
 * @param env Variable reader.
 * @param origin File name for error messages.
 * @returns The complete configuration.
 */
export function parseConfigText(text: string, env: EnvReader, origin = 'config'): Config {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${origin} is not valid JSON: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  return parseConfig(resolveEnvReferences(json, env));
}

/**
 * Loads a configuration file: `.json`, or a `.ts`/`.js`/`.mjs` module whose default export
 * (or `config` export) is the same object.
 *
 * @param path File path.
 * @param env Variable reader.
 * @returns The complete configuration.
 */
export async function loadConfigFile(path: string, env: EnvReader): Promise<Config> {
  const { readFile } = await import('node:fs/promises');
  if (/\.(m?[jt]s)$/.test(path)) {
    const { pathToFileURL } = await import('node:url');
    const { resolve } = await import('node:path');
    const module = await import(pathToFileURL(resolve(path)).href) as Record<string, unknown>;
    const exported = module.default ?? module.config;
    if (exported === undefined) {
      throw new ConfigError(`${path} has no default export (or "config" export)`);
    }
    return parseConfig(resolveEnvReferences(exported, env));
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`, [], { cause: error });
  }
  return parseConfigText(text, env, path);
}
