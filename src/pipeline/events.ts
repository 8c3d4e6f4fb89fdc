/**
 * @module The realm event model: the `RealmEvent` envelope, priorities, sources, and the
 * event catalog as code. Every event type's `data` shape is a valibot schema, so the
 * TypeScript types, runtime validation and `docs/events.md` come from one place.
 */
import * as v from 'valibot';

/** Delivery priority; queues drop lower priorities first and never drop `critical`. */
export const PRIORITIES = ['critical', 'high', 'normal', 'low'] as const;
/** Delivery priority of an event. */
export type Priority = (typeof PRIORITIES)[number];

/** Rank of a priority: 0 is the most important. */
export const PRIORITY_RANK: Readonly<Record<Priority, number>> = {
  critical: 0,
  high: 1,
  normal: 2,
  low: 3,
};

/** Where an event came from. */
export const EVENT_SOURCES = ['soap', 'metric', 'log', 'replay', 'gateway', 'ingest'] as const;
/** Where an event came from. */
export type EventSource = (typeof EVENT_SOURCES)[number];

const text = (description: string) => v.pipe(v.string(), v.description(description));
const num = (description: string) => v.pipe(v.number(), v.description(description));
const int = (description: string) => v.pipe(v.number(), v.integer(), v.description(description));
const bool = (description: string) => v.pipe(v.boolean(), v.description(description));
const opt = <T extends v.GenericSchema>(schema: T) => v.optional(schema);

const outageSchema = v.pipe(
  v.object({
    from: int('last successful poll before the outage (ms epoch)'),
    to: int('first successful poll after it (ms epoch)'),
  }),
  v.description('the window in which the change happened (approximate events only)'),
);
const sourcesSchema = v.pipe(
  v.array(v.picklist(EVENT_SOURCES)),
  v.description('every source that reported this event (set by the dedupe operator)'),
);
const rosterPlayerSchema = v.object({
  character: text('character name'),
  account: opt(text('account name')),
  map: opt(int('map id')),
  zone: opt(int('zone id')),
  level: opt(int('character level')),
});

/** One entry of the catalog: the type's priority, a summary, and the `data` schema. */
export interface CatalogEntry<S extends v.GenericSchema = v.GenericSchema> {
  /** Default priority assigned to events of this type. */
  readonly priority: Priority;
  /** One sentence saying when the event is emitted. */
  readonly summary: string;
  /** Which sources can produce it. */
  readonly sources: readonly EventSource[];
  /** The shape of `data`. */
  readonly data: S;
}

function entry<S extends v.GenericSchema>(
  priority: Priority,
  sources: readonly EventSource[],
  summary: string,
  data: S,
): CatalogEntry<S> {
  return { priority, summary, sources, data };
}

/**
 * The event catalog: every event type realmstream emits, with its default priority and
 * the schema of its `data`. `docs/events.md` is generated from it (`npm run docs:events`)
 * and a test fails when the two disagree.
 */
export const EVENT_CATALOG = {
  'player.login': entry(
    'high',
    ['soap', 'metric', 'log'],
    'A character entered the world.',
    v.object({
      character: text('character name'),
      account: opt(text('account name (SOAP) or id (log)')),
      map: opt(int('map id')),
      zone: opt(int('zone id')),
      level: opt(int('character level, when known')),
      ip: opt(text('remote address (redacted in recordings by default)')),
      approximate: opt(bool('true when derived across an outage: the exact time is unknown')),
      outage: opt(outageSchema),
      confirmedBy: opt(sourcesSchema),
    }),
  ),
  'player.logout': entry(
    'high',
    ['soap', 'metric', 'log'],
    'A character left the world (or the world restarted under it).',
    v.object({
      character: text('character name'),
      account: opt(text('account name (SOAP) or id (log)')),
      sessionSeconds: opt(num('how long the character was seen online, when known')),
      reason: opt(
        v.pipe(v.picklist(['logout', 'restart']), v.description('why the session ended')),
      ),
      approximate: opt(bool('true when derived across an outage: the exact time is unknown')),
      outage: opt(outageSchema),
      confirmedBy: opt(sourcesSchema),
    }),
  ),
  'player.zone': entry(
    'normal',
    ['soap'],
    'A character changed zone or map between two polls.',
    v.object({
      character: text('character name'),
      account: opt(text('account name')),
      fromMap: int('previous map id'),
      fromZone: int('previous zone id'),
      map: int('new map id'),
      zone: int('new zone id'),
      approximate: opt(bool('true when derived across an outage')),
    }),
  ),
  'player.level': entry(
    'normal',
    ['soap', 'log'],
    'A character level changed (seen by pinfo polling).',
    v.object({
      character: text('character name'),
      from: int('previous level'),
      to: int('new level'),
    }),
  ),
  'realm.roster': entry(
    'normal',
    ['soap'],
    'Who is online: after start and after each recovery from an outage, instead of a login burst.',
    v.object({
      reason: v.pipe(v.picklist(['start', 'recovery']), v.description('why a roster was sent')),
      count: int('number of characters online'),
      players: v.pipe(v.array(rosterPlayerSchema), v.description('the characters online')),
    }),
  ),
  'server.info': entry(
    'low',
    ['soap', 'metric'],
    'A sample of the server state (from `server info` or the Metric push).',
    v.object({
      version: opt(text('the full version line')),
      onlinePlayers: opt(int('characters in world')),
      maxPlayers: opt(int('peak characters since start (TC)')),
      activeConnections: opt(int('connected sessions')),
      queuedConnections: opt(int('sessions waiting in the login queue')),
      connectionPeak: opt(int('connection peak (AC)')),
      uptimeSeconds: opt(int('server uptime in seconds')),
      updateDiffMs: opt(num('last world update time diff in ms')),
      updateDiffMeanMs: opt(num('mean update diff (AC summary)')),
      updateDiffMedianMs: opt(num('median update diff (AC summary)')),
      updateDiffP95Ms: opt(num('95th percentile update diff (AC summary)')),
      updateDiffP99Ms: opt(num('99th percentile update diff (AC summary)')),
      updateDiffMaxMs: opt(num('max update diff (AC summary)')),
      shutdownInSeconds: opt(int('seconds until a pending shutdown/restart')),
    }),
  ),
  'server.restart': entry(
    'critical',
    ['soap'],
    'The worldserver restarted: its uptime went down between two samples.',
    v.object({
      previousUptimeSeconds: int('uptime at the last sample before the restart'),
      uptimeSeconds: int('uptime at the first sample after it'),
    }),
  ),
  'server.lag': entry(
    'high',
    ['soap', 'metric'],
    'The world update diff crossed the lag threshold (with hysteresis).',
    v.object({
      state: v.pipe(v.picklist(['started', 'ended']), v.description('lag began or ended')),
      updateDiffMs: num('the update diff that crossed the threshold'),
      thresholdMs: num('the configured threshold'),
    }),
  ),
  'server.shutdown.scheduled': entry(
    'critical',
    ['soap'],
    'A shutdown or restart countdown appeared.',
    v.object({ inSeconds: int('seconds left when first seen') }),
  ),
  'server.shutdown.cancelled': entry(
    'critical',
    ['soap'],
    'A pending shutdown or restart countdown disappeared before it ran out.',
    v.object({}),
  ),
  'server.down': entry(
    'critical',
    ['soap', 'gateway'],
    'The realm stopped answering (only on the transition).',
    v.object({
      reason: v.pipe(
        v.picklist(['unreachable', 'timeout', 'auth', 'forbidden', 'protocol', 'fault', 'http']),
        v.description('the kind of failure, from the SOAP client error type'),
      ),
      message: text('what went wrong, in words'),
      stopped: opt(bool('true when polling stopped (auth errors): fix the config and restart')),
    }),
  ),
  'server.up': entry(
    'critical',
    ['soap', 'gateway'],
    'The realm answers again (only on the transition, and at start).',
    v.object({ downForMs: opt(int('how long it was down, when it had been down')) }),
  ),
  'server.started': entry(
    'critical',
    ['metric', 'log'],
    'The worldserver reported that it started.',
    v.object({
      message: opt(text('the startup message')),
      confirmedBy: opt(sourcesSchema),
    }),
  ),
  'server.shutdown': entry(
    'critical',
    ['metric', 'log'],
    'The worldserver reported that it is shutting down.',
    v.object({
      message: opt(text('the shutdown message')),
      confirmedBy: opt(sourcesSchema),
    }),
  ),
  'chat.message': entry(
    'normal',
    ['log'],
    'A chat line from the worldserver log.',
    v.object({
      channel: v.pipe(
        v.picklist([
          'say',
          'yell',
          'emote',
          'whisper',
          'party',
          'raid',
          'raid_warning',
          'battleground',
          'guild',
          'officer',
          'channel',
        ]),
        v.description('chat channel kind'),
      ),
      character: text('who spoke'),
      text: text('the message'),
      language: opt(int('language id (say, yell)')),
      target: opt(text('whisper receiver')),
      leader: opt(text('group/raid leader')),
      guild: opt(text('guild name (guild, officer)')),
      channelName: opt(text('custom or system channel name')),
      addon: opt(bool('an addon message')),
    }),
  ),
  'gm.command': entry(
    'high',
    ['log'],
    'A GM ran a command in game (from the commands.gm log).',
    v.object({
      command: text('the command, without the leading dot'),
      character: text('the GM character'),
      account: opt(text('account id')),
      position: opt(v.object({ x: num('x'), y: num('y'), z: num('z') })),
      map: opt(int('map id')),
      mapName: opt(text('map name')),
      area: opt(int('area id')),
      areaName: opt(text('area name')),
      zone: opt(int('zone id (AC only)')),
      zoneName: opt(text('zone name')),
      target: opt(text('selected unit name')),
    }),
  ),
  'metric.sample': entry(
    'low',
    ['metric'],
    'A Metric push measurement with no dedicated event type.',
    v.object({
      measurement: text('line protocol measurement'),
      tags: v.pipe(v.record(v.string(), v.string()), v.description('tag set')),
      fields: v.pipe(
        v.record(v.string(), v.union([v.string(), v.number(), v.boolean()])),
        v.description('field set'),
      ),
    }),
  ),
  'parse.error': entry(
    'low',
    ['soap', 'metric', 'log'],
    'Input that matched no known format (rate-limited); never silence, never a stream error.',
    v.object({
      parser: text('which parser rejected it'),
      message: text('why'),
      raw: text('the offending text, truncated to 2 KiB'),
      suppressed: opt(int('similar errors suppressed since the last report')),
    }),
  ),
  'stats.window': entry(
    'low',
    ['gateway'],
    'Event counts per type over one window (feeds the dashboard charts).',
    v.object({
      windowMs: int('window length'),
      total: int('events in the window'),
      counts: v.pipe(v.record(v.string(), v.number()), v.description('events per type')),
    }),
  ),
  'alert.raised': entry(
    'high',
    ['gateway'],
    'A custom pipeline (the `pipelines` of a config module) raised an alert.',
    v.object({
      name: text('which alert (e.g. lag-spikes)'),
      severity: v.pipe(v.picklist(['info', 'warning', 'critical']), v.description('how bad')),
      message: text('what happened, for people'),
      details: opt(
        v.pipe(v.record(v.string(), v.unknown()), v.description('anything else, as JSON')),
      ),
    }),
  ),
  'debug.command': entry(
    'high',
    ['gateway'],
    'An admin ran (or tried to run) a console command through the gateway.',
    v.object({
      actor: text('token name'),
      command: text('the command text'),
      allowed: bool('whether the allowlist let it through'),
      reason: opt(text('why it was refused or failed (not_allowed, rate_limited, fault, ...)')),
      ok: opt(bool('whether the worldserver accepted it')),
      output: opt(text('result or fault text, truncated')),
      durationMs: opt(num('round trip in ms')),
    }),
  ),
} as const;

/** The catalog's type. */
export type EventCatalog = typeof EVENT_CATALOG;
/** Every event type name. */
export type EventType = keyof EventCatalog;
/** The `data` shape of event type `T`. */
export type EventData<T extends EventType> = v.InferOutput<EventCatalog[T]['data']>;

/** All event type names, in catalog order. */
export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

/** The envelope of one event of type `T` (before the hub stamps it). */
export interface DraftEventOf<T extends EventType> {
  /** Realm id from config. */
  realm: string;
  /** Dotted event type. */
  type: T;
  /** When it happened, ms since the Unix epoch (scheduler time). */
  time: number;
  /** Delivery priority. */
  priority: Priority;
  /** Where it came from. */
  source: EventSource;
  /** Type-specific payload. */
  data: EventData<T>;
}

/** The wire and recording form of an event of type `T`: a draft stamped by the hub. */
export interface RealmEventOf<T extends EventType> extends DraftEventOf<T> {
  /** `<epoch>:<seq>`, unique per gateway run. */
  id: string;
  /** Monotonic sequence number assigned by the hub. */
  seq: number;
}

/** Any realm event, discriminated by `type`. */
export type RealmEvent = { [K in EventType]: RealmEventOf<K> }[EventType];
/** Any draft event, discriminated by `type`. */
export type DraftEvent = { [K in EventType]: DraftEventOf<K> }[EventType];

/**
 * Builds a draft event with the catalog's default priority.
 *
 * @param type Event type.
 * @param fields Realm, time, source and data; `priority` defaults to the catalog's.
 * @returns A draft ready for the hub.
 */
export function draftEvent<T extends EventType>(
  type: T,
  fields: {
    realm: string;
    time: number;
    source: EventSource;
    data: EventData<T>;
    priority?: Priority;
  },
): DraftEventOf<T> {
  return {
    realm: fields.realm,
    type,
    time: fields.time,
    priority: fields.priority ?? EVENT_CATALOG[type].priority,
    source: fields.source,
    data: fields.data,
  };
}

/**
 * Narrows an event (draft or stamped) to one type.
 *
 * @param event Any event.
 * @param type The type to test for.
 * @returns Whether `event.type === type`, as a type guard.
 */
export function isEventType<E extends { type: string }, T extends E['type']>(
  event: E,
  type: T,
): event is Extract<E, { type: T }> {
  return event.type === type;
}

const draftEnvelopeSchema = v.object({
  realm: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  type: v.picklist(EVENT_TYPES),
  time: v.pipe(v.number(), v.finite()),
  priority: v.picklist(PRIORITIES),
  source: v.picklist(EVENT_SOURCES),
  data: v.record(v.string(), v.unknown()),
});

/** Result of {@link validateDraftEvent}. */
export type EventValidation = { ok: true; event: DraftEvent } | { ok: false; message: string };

/**
 * Validates an untrusted object (from a recording or an ingest) as a draft event: the
 * envelope and the `data` schema of its type.
 *
 * @param input Anything.
 * @returns The typed draft, or a message naming the first problem.
 */
export function validateDraftEvent(input: unknown): EventValidation {
  const envelope = v.safeParse(draftEnvelopeSchema, input);
  if (!envelope.success) return { ok: false, message: describeIssue(envelope.issues[0]) };
  const type = envelope.output.type;
  const data = v.safeParse(EVENT_CATALOG[type].data, envelope.output.data);
  if (!data.success) return { ok: false, message: `${type}: ${describeIssue(data.issues[0])}` };
  return { ok: true, event: { ...envelope.output, data: data.output } as DraftEvent };
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
  return path ? `${path}: ${issue.message}` : issue.message;
}
