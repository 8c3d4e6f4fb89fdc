/**
 * @module The benchmark harness contract: a scenario file `bench/<name>.bench.ts` exports
 * `scenario`; `bench/run.ts` runs it and writes `bench/results/<name>.json` with the
 * machine, the versions, the figures and the ratios against the baseline measured in the
 * same run.
 */

/** What a scenario reports. */
export interface ScenarioResult {
  /** Measured numbers, grouped as the scenario likes (e.g. per variant). */
  figures: Record<string, unknown>;
  /** Ours divided by the baseline's, named so that the direction is clear. */
  ratios: Record<string, number>;
  /** Whether the scenario's acceptance target held (omit when it has none). */
  pass?: boolean;
  /** Human-readable lines for the console summary. */
  summary?: string[];
}

/** A benchmark scenario. */
export interface Scenario {
  /** Name: the file is `bench/<name>.bench.ts`, the result `bench/results/<name>.json`. */
  name: string;
  /** What it measures and against what. */
  description: string;
  /** Runs it (children, if any, must be stopped before it resolves). */
  run(): Promise<ScenarioResult>;
}
