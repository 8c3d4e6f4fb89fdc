/**
 * @module Scripted scenarios: a JSON timeline of world actions (`{ "at": ms, "action":
 * "login", ... }`), validated with clear messages (every problem with its path), and a driver
 * that plays it on the host clock, once or in a loop.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(12));
const at = v.pipe(v.number(), v.integer(), v.minValue(0));
const int = v.pipe(v.number(), v.integer());
const channel = v.picklist([
  'say',
  'yell',
  'emote',
  'whisper',
  'party',
  'raid',
  'guild',
  'officer',
  'channel',
]);

const stepSchema = v.variant('action', [
  v.strictObject({
    at,
    action: v.literal('login'),
    character: name,
    account: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(16))),
    race: v.optional(int),
    class: v.optional(int),
    gender: v.optional(v.picklist([0, 1])),
    level: v.optional(v.pipe(int, v.minValue(1), v.maxValue(255))),
    map: v.optional(int),
    zone: v.optional(int),
    area: v.optional(int),
    ip: v.optional(v.string()),
    gmMode: v.optional(v.boolean()),
  }),
  v.strictObject({ at, action: v.literal('logout'), character: name }),
  v.strictObject({
    at,
    action: v.literal('move'),
    character: name,
    map: v.optional(int),
    zone: int,
    area: v.optional(int),
  }),
  v.strictObject({
    at,
    action: v.literal('level'),
    character: name,
    level: v.pipe(int, v.minValue(1), v.maxValue(255)),
  }),
  v.strictObject({
    at,
    action: v.literal('chat'),
    character: name,
    channel,
    text: v.pipe(v.string(), v.maxLength(255)),
    target: v.optional(name),
    channelName: v.optional(v.string()),
  }),
  v.strictObject({
    at,
    action: v.literal('gm'),
    character: name,
    command: v.pipe(v.string(), v.minLength(1)),
    target: v.optional(name),
  }),
  v.strictObject({ at, action: v.literal('announce'), text: v.pipe(v.string(), v.minLength(1)) }),
  v.strictObject({ at, action: v.literal('motd'), text: v.string() }),
  v.strictObject({ at, action: v.literal('restart') }),
  v.strictObject({
    at,
    action: v.literal('lag'),
    ms: v.pipe(int, v.minValue(0)),
    durationMs: v.pipe(int, v.minValue(0)),
  }),
  v.strictObject({ at, action: v.literal('diff'), ms: v.pipe(int, v.minValue(0)) }),
  v.strictObject({ at, action: v.literal('down') }),
  v.strictObject({ at, action: v.literal('up') }),
  v.strictObject({
    at,
    action: v.literal('shutdown'),
    mode: v.optional(v.picklist(['shutdown', 'restart'])),
    inSeconds: v.pipe(int, v.minValue(0)),
  }),
  v.strictObject({ at, action: v.literal('cancel') }),
]);

const scenarioSchema = v.strictObject({
  name: v.optional(v.string()),
  /** Play the timeline again after the last step (plus `loopGapMs`). */
  loop: v.optional(v.boolean()),
  loopGapMs: v.optional(v.pipe(int, v.minValue(0))),
  steps: v.pipe(v.array(stepSchema), v.maxLength(100_000)),
});

/** One timed action. */
export type ScenarioStep = v.InferOutput<typeof stepSchema>;
/** A validated scenario. */
export type SimScenario = v.InferOutput<typeof scenarioSchema>;

/** A scenario that failed validation, with every problem listed. */
export class ScenarioError extends Error {
  /** `path: problem` lines. */
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [], options?: ErrorOptions) {
    super(problems.length ? `${message}:\n  ${problems.join('\n  ')}` : message, options);
    this.name = 'ScenarioError';
    this.problems = problems;
  }
}

/**
 * Validates a scenario (an object with `steps`, or a bare array of steps).
 *
 * @param input Parsed JSON.
 * @param origin Where it came from, for messages.
 * @returns The scenario.
 */
export function parseScenario(input: unknown, origin = 'scenario'): SimScenario {
  const candidate = Array.isArray(input) ? { steps: input } : input;
  const result = v.safeParse(scenarioSchema, candidate);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) =>
    `${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`
  );
  throw new ScenarioError(`invalid ${origin}`, problems);
}

/**
 * Reads and validates a scenario file.
 *
 * @param path JSON file.
 * @returns The scenario.
 */
export async function loadScenarioFile(path: string): Promise<SimScenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ScenarioError(`cannot read scenario ${path}: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(`scenario ${path} is not JSON: ${(error as Error).message}`, [], {
      cause: error,
    });
  }
  return parseScenario(json, `scenario ${path}`);
}

/**
 * Plays a scenario: each step at its `at` (ms after start), through `apply`. A step that fails
 * (an unknown character...) is reported to `onError` and the play goes on.
 *
 * @param scenario The scenario.
 * @param apply Performs one step.
 * @param onError Told about failed steps.
 * @returns A function that stops the play.
 */
export function playScenario(
  scenario: SimScenario,
  apply: (step: ScenarioStep) => void | Promise<void>,
  onError: (step: ScenarioStep, error: unknown) => void = () => {},
): () => void {
  const steps = [...scenario.steps].sort((a, b) => a.at - b.at);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let stopped = false;
  const round = (offset: number) => {
    for (const step of steps) {
      const timer = setTimeout(async () => {
        timers.delete(timer);
        if (stopped) return;
        try {
          await apply(step);
        } catch (error) {
          onError(step, error);
        }
      }, offset + step.at);
      timers.add(timer);
    }
    if (scenario.loop && steps.length) {
      // At least 100 ms per round, so a timeline of zeros cannot spin.
      const period = Math.max(100, (steps.at(-1)?.at ?? 0) + (scenario.loopGapMs ?? 1000));
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!stopped) round(0);
      }, offset + period);
      timers.add(timer);
    }
  };
  round(0);
  return () => {
    stopped = true;
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
  };
}
