/**
 * @module `realmstream/testing`: what a test of your own pipeline needs, in one import.
 * Recordings replayed in virtual time on RxJS's `TestScheduler`, SOAP cassettes replayed
 * through the real parsers, and the simulated worldserver with its test API.
 *
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { loadRecording, replay } from 'realmstream/testing';
 *
 * const evening = await loadRecording('recordings/sample-tc.jsonl');
 * new TestScheduler(assertDeepEqual).run(({ expectObservable }) => {
 *   expectObservable(replay(evening).pipe(myOperator())).toBe(expectedMarbles, values);
 * });
 * ```
 */

// Recordings, replayed in virtual time (docs/recording-format.md)
export {
  createRecording,
  loadRecording,
  parseRecordingText,
} from '../pipeline/recording/recording.ts';
export type { LoadRecordingOptions, Recording } from '../pipeline/recording/recording.ts';
export { replay } from '../pipeline/recording/replay.ts';
export type { ReplayOptions } from '../pipeline/recording/replay.ts';

// SOAP cassettes: recorded worldserver answers, replayed through the real client and parsers
export { cassetteTransport, loadCassette } from '../pipeline/recording/cassette.ts';
export type { Cassette, CassetteExchange } from '../pipeline/recording/cassette.ts';
export { CassetteMissError } from '../pipeline/recording/cassette.ts';

// The simulated worldserver and its test API (docs/simulator.md)
export { startSimulator } from '../simulator/simulator.ts';
export type { SimFailure, Simulator, SimulatorOptions } from '../simulator/simulator.ts';
export { loadScenarioFile, parseScenario } from '../simulator/drivers/scenario.ts';
export type { ScenarioStep, SimScenario } from '../simulator/drivers/scenario.ts';

// The event vocabulary tests assert on
export { draftEvent, EVENT_TYPES, isEventType } from '../pipeline/events.ts';
export type { DraftEvent, EventType, RealmEvent } from '../pipeline/events.ts';
