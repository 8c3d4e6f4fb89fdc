/**
 * @module The benchmark harness contract: a scenario file `bench/<name>.bench.ts` exports
 * `scenario`; `bench/run.ts` runs it and writes `bench/results/<name>.json` with the
 * machine, the versions, the figures and the ratios against the baseline measured in the
 * same run.
 */

/** How a scenario is asked to run. */
export interface RunOptions {
  /**
   * Smoke mode (`--quick` or `BENCH_QUICK=1`): tiny sizes and short windows, for tests and
   * development on a shared machine. Its figures are not meaningful.
   */
  quick: boolean;
}

/** What a scenario reports. */
export interface ScenarioResult {
  /** Measured numbers, by name (nested groups allowed; leaves are numbers or booleans). */
  figures: Record<string, unknown>;
  /** Ours divided by the baseline's, named so that the direction is clear (e.g. `vsNaive`). */
  ratios: Record<string, number>;
  /** The acceptance targets of the scenario: name to whether it held. */
  targets?: Record<string, boolean>;
  /** The printed table: a header row then data rows. */
  table: string[][];
  /** More human-readable lines for the console and the summary. */
  notes?: string[];
}

/** A benchmark scenario. */
export interface Scenario {
  /** Name: the file is `bench/<name>.bench.ts`, the result `bench/results/<name>.json`. */
  name: string;
  /** What it measures and against what. */
  description: string;
  /** Runs it (children, if any, must be stopped before it resolves). */
  run(options: RunOptions): Promise<ScenarioResult>;
}
