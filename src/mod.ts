/**
 * @module realmstream's public library API: `import { ... } from 'realmstream'`.
 * Operators are also available from `realmstream/operators`, the client from
 * `realmstream/client`.
 */

// Event model
export {
  draftEvent,
  EVENT_CATALOG,
  EVENT_SOURCES,
  EVENT_TYPES,
  isEventType,
  PRIORITIES,
  PRIORITY_RANK,
  validateDraftEvent,
} from './pipeline/events.ts';
export type {
  DraftEvent,
  DraftEventOf,
  EventData,
  EventSource,
  EventType,
  Priority,
  RealmEvent,
  RealmEventOf,
} from './pipeline/events.ts';

// Hub
export { createHub, HUB_DEFAULTS, randomEpoch } from './pipeline/hub.ts';
export type {
  Hub,
  HubConfig,
  HubStats,
  Resumption,
  StampedEvent,
  StreamPosition,
} from './pipeline/hub.ts';

// Configuration
export {
  configSchema,
  defaultConfig,
  loadConfigFile,
  parseConfig,
  parseConfigText,
} from './pipeline/config.ts';
export type { Config, ConfigInput, RealmConfig, TokenConfig } from './pipeline/config.ts';

// SOAP contracts
export type {
  Flavor,
  SoapConnection,
  SoapReply,
  SoapTransport,
} from './pipeline/sources/soap/types.ts';

// Gateway
export { createApp } from './server/app.ts';
export { startGateway } from './server/gateway.ts';
export type { Gateway, GatewayOptions } from './server/gateway.ts';

/* Error types */
export { ConfigError } from './pipeline/config.ts';

export { VERSION } from './version.ts';
