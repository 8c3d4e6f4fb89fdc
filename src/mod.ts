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

// Custom pipelines (a config module's `pipelines`)
export { startCustomPipelines } from './pipeline/customPipelines.ts';
export type {
  CustomPipeline,
  CustomPipelineContext,
  CustomPipelineStats,
  RunningCustomPipelines,
} from './pipeline/customPipelines.ts';

// SOAP contracts
export type {
  Flavor,
  SoapConnection,
  SoapReply,
  SoapTransport,
} from './pipeline/sources/soap/types.ts';

// SOAP client, polling source, simulator
export { executeCommand, executeCommandAsync } from './pipeline/sources/soap/client.ts';
export type { SoapClientOptions, SoapExchange } from './pipeline/sources/soap/client.ts';
export { createSoapTransport } from './pipeline/sources/soap/transport.ts';
export type { SoapTransportOptions } from './pipeline/sources/soap/transport.ts';
export { normalizeOutput, parseSoapResponse } from './pipeline/sources/soap/parse.ts';
export type { RawSoapResponse } from './pipeline/sources/soap/parse.ts';
export { buildSoapEnvelope } from './pipeline/sources/soap/envelope.ts';
export { isFatalSoapError, soapErrorReason } from './pipeline/sources/soap/errors.ts';
export type { SoapErrorKind } from './pipeline/sources/soap/errors.ts';
export { backoffDelay, soapPoll } from './pipeline/sources/soapPoll.ts';
export type { PollCommand, SoapPollBackoff, SoapPollConfig } from './pipeline/sources/soapPoll.ts';
export { startSimulator } from './simulator/simulator.ts';
export type { SimFailure, Simulator, SimulatorOptions } from './simulator/simulator.ts';
export type { SimRequest } from './simulator/soap/service.ts';
export type {
  SimCharacterInfo,
  SimFlavor,
  SimWorldEvent,
  SimWorldEventType,
} from './simulator/world/types.ts';
export { loadScenarioFile, parseScenario } from './simulator/drivers/scenario.ts';
export type { ScenarioStep, SimScenario } from './simulator/drivers/scenario.ts';

// Realm pipeline: formats, snapshots, parsers, derivations (also in realmstream/operators)
export { POLLED_COMMANDS, realmPipeline } from './pipeline/realm.ts';
export type { RealmPipelineDeps } from './pipeline/realm.ts';
export { startRealms } from './pipeline/realms.ts';
export type { RunningRealms, StartRealmsDeps } from './pipeline/realms.ts';
export { compileFormats, formatTable } from './pipeline/formats/formatSet.ts';
export type { FormatMatch, FormatSet } from './pipeline/formats/formatSet.ts';
export { pollFailedValue, pollFailureReason } from './pipeline/snapshots.ts';
export type {
  AccountCharacters,
  GmList,
  Motd,
  OnlineList,
  OnlinePlayer,
  ParseErrorValue,
  ParseOutput,
  PlayerInfo,
  PollFailedValue,
  PollFailureReason,
  RestartMark,
  ServerInfo,
  SnapshotValue,
} from './pipeline/snapshots.ts';
export {
  diffOnline,
  diffPlayerInfo,
  diffServerInfo,
  parseGmList,
  parseLookupPlayerAccount,
  parseMotd,
  parseOnlineList,
  parsePlayerInfo,
  parseServerInfo,
  reachability,
} from './operators/index.ts';

// Push sources: Metric push (line protocol), log tail, cross-source dedupe (docs/operations.md)
export { parseLine, parseLineProtocol, parsePrecision } from './pipeline/sources/lineProtocol.ts';
export type {
  FieldValue,
  LineError,
  LinePoint,
  LineProtocolResult,
  Precision,
} from './pipeline/sources/lineProtocol.ts';
export { createMetricsMapper } from './pipeline/sources/metricsMapping.ts';
export type { MetricsMapper, MetricsMappingConfig } from './pipeline/sources/metricsMapping.ts';
export { createMetricsIngest } from './pipeline/sources/metricsIngest.ts';
export type {
  MetricsIngest,
  MetricsIngestDeps,
  MetricsWriteResult,
} from './pipeline/sources/metricsIngest.ts';
export { createLogTailStats, logTail } from './pipeline/sources/logTail.ts';
export type { LogTailConfig, LogTailNotice, LogTailStats } from './pipeline/sources/logTail.ts';
export { parseLogMessage, splitLogPrefix } from './pipeline/sources/logLine.ts';
export type { LogPrefix, LogRecord } from './pipeline/sources/logLine.ts';
export {
  createPushSourcesStats,
  dedupeHoldMs,
  enabledSources,
  pushSources,
  withPushSources,
} from './pipeline/pushSources.ts';
export type { PushSourcesDeps, PushSourcesStats } from './pipeline/pushSources.ts';
export { dedupeSources, parseLogLine } from './operators/index.ts';
export { createIngestRoutes } from './server/routes/ingest.ts';
export type { IngestRouteDeps } from './server/routes/ingest.ts';

// Recording and replay (docs/recording-format.md)
export { record, RECORD_DEFAULTS } from './pipeline/recording/recorder.ts';
export type {
  Recorder,
  RecorderStats,
  RecordingResult,
  RecordOptions,
} from './pipeline/recording/recorder.ts';
export {
  createRecording,
  loadRecording,
  loadRecordingById,
  parseRecordingText,
} from './pipeline/recording/recording.ts';
export type { LoadRecordingOptions, Recording } from './pipeline/recording/recording.ts';
export { replay } from './pipeline/recording/replay.ts';
export type { ReplayOptions } from './pipeline/recording/replay.ts';
export { createPlayer } from './pipeline/recording/player.ts';
export type { Player, PlayerOptions, PlayerState } from './pipeline/recording/player.ts';
export { openRecording } from './pipeline/recording/reader.ts';
export type { ReadReport, RecordingReader } from './pipeline/recording/reader.ts';
export {
  filterRecording,
  listRecordings,
  mergeRecordings,
  recordingStats,
  sliceRecording,
} from './pipeline/recording/library.ts';
export { writeRecording } from './pipeline/recording/writeFile.ts';
export { resolveRecording, validateRecordingId } from './pipeline/recording/ids.ts';
export { makeHeader, RECORDING_FORMAT, RECORDING_VERSION } from './pipeline/recording/format.ts';
export type {
  EventEntry,
  MarkerEntry,
  RecordingEntry,
  RecordingHeader,
  RecordingMarker,
  RecordingSummary,
} from './pipeline/recording/format.ts';
export {
  cassetteTransport,
  createCassetteRecorder,
  loadCassette,
  saveCassette,
} from './pipeline/recording/cassette.ts';
export type { Cassette, CassetteExchange } from './pipeline/recording/cassette.ts';
export { playerSource, replaySource } from './pipeline/sources/replay.ts';

// Remote console, audit log and health checks (docs/operations.md)
export { AllowlistError, compileAllowlist } from './pipeline/console/allowlist.ts';
export type { AllowDecision, Allowlist, AllowRule } from './pipeline/console/allowlist.ts';
export { AuditLogError, createAuditLog } from './pipeline/console/auditLog.ts';
export type { AuditEntry, AuditLog, AuditLogConfig } from './pipeline/console/auditLog.ts';
export { checkCommandText, normalizeCommand } from './pipeline/console/commandText.ts';
export type { CommandTextCheck, CommandTextRefusal } from './pipeline/console/commandText.ts';
export { createCommandConsole } from './pipeline/console/console.ts';
export type {
  CommandConsole,
  CommandConsoleDeps,
  ConsoleActor,
  ConsoleOutcome,
  ConsoleReason,
  ConsoleRequest,
} from './pipeline/console/console.ts';
export { explainSoapError } from './pipeline/console/explain.ts';
export type { EndpointInfo, Explanation, FailingPart } from './pipeline/console/explain.ts';
export { runHealthCheck } from './server/console/health.ts';
export type {
  HealthCheckDeps,
  HealthPart,
  HealthPartName,
  HealthReport,
  PartStatus,
} from './server/console/health.ts';

// Gateway
export { createApp } from './server/app.ts';
export { startGateway } from './server/gateway.ts';
export type { Gateway, GatewayOptions, ShutdownHook } from './server/gateway.ts';
export type { CommandHandler, CommandOutcome, CommandRequest } from './server/consoleHook.ts';

// WebSocket protocol v1 (docs/protocol.md)
export {
  CLOSE_CODES,
  ERROR_CODES,
  PROTOCOL_LIMITS,
  PROTOCOL_VERSION,
  SUBPROTOCOL,
} from './server/protocol.ts';
export type {
  ClientMessage,
  ErrorCode,
  ErrorMessage,
  EventMessage,
  EventsMessage,
  Filters,
  FiltersInput,
  GapMessage,
  ServerMessage,
  SubscribedMessage,
  SubscribeMessage,
  WelcomeLimits,
  WelcomeMessage,
} from './server/protocol.ts';

/* Error types */
export { ConfigError } from './pipeline/config.ts';
export { FormatError } from './pipeline/formats/template.ts';
export {
  SoapAuthError,
  SoapBusyError,
  SoapError,
  SoapFaultError,
  SoapForbiddenError,
  SoapProtocolError,
  SoapTimeoutError,
  SoapUnreachableError,
} from './pipeline/sources/soap/errors.ts';
export { ScenarioError } from './simulator/drivers/scenario.ts';
export { CassetteFormatError, CassetteMissError } from './pipeline/recording/cassette.ts';
export { RecordingFormatError } from './pipeline/recording/format.ts';
export { RecordingIdError, RecordingNotFoundError } from './pipeline/recording/ids.ts';
export { RecordingTooLargeError } from './pipeline/recording/recording.ts';

export { VERSION } from './version.ts';
