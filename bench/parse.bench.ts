/**
 * @module Benchmark: parse and diff a 1000-player `account onlinelist` with the operators
 * (`parseOnlineList` + `diffOnline`) against a hand-written loop doing the same work (split,
 * one fixed regex per row, a map, a set difference). Run with `npx tsx bench/parse.bench.ts`.
 * The figure to compare with is the poll interval (5 s by default).
 */
import { Subject } from 'rxjs';
import { diffOnline, parseOnlineList } from '../src/operators/index.ts';
import type { DraftEvent } from '../src/pipeline/events.ts';
import { compileFormats } from '../src/pipeline/formats/formatSet.ts';
import type { OnlinePlayer } from '../src/pipeline/snapshots.ts';
import type { SoapReply } from '../src/pipeline/sources/soap/types.ts';
import { generateOnlineList } from '../test/fixtures/soap/fixtures.ts';

const PLAYERS = 1000;
const ROUNDS = 400;
const WARMUP = 50;

// Two lists that differ by 20 logouts, 20 logins and 50 zone changes, polled alternately.
const a = generateOnlineList(PLAYERS).text;
const b = a
  .split('\n')
  .filter((line) => !/\]\[\s*Char(\d|1\d)\]/.test(line))
  .map((line) =>
    line.replace(/\[(\s*)(10[0-4]\d)\]\[2\]/, (_m, pad, zone) => `[${pad}${Number(zone) + 1}][2]`)
  )
  .join('\n')
  .replace(/\n(-=+-)$/, () => {
    const extra = Array.from(
      { length: 20 },
      (_, i) =>
        `-[${`NEW${i}`.padStart(16)}][${`New${i}`.padStart(12)}][${
          '10.9.9.9'.padStart(15)
        }][  0][  12][2][0]-`,
    );
    return `\n${
      extra.join('\n')
    }\n-==================================================================-`;
  });

function measure(label: string, run: (text: string, time: number) => number): number {
  let events = 0;
  for (let i = 0; i < WARMUP; i++) run(i % 2 ? b : a, i * 5000);
  const started = performance.now();
  for (let i = 0; i < ROUNDS; i++) events += run(i % 2 ? b : a, (WARMUP + i) * 5000);
  const perList = (performance.now() - started) / ROUNDS;
  console.log(
    `${label.padEnd(34)} ${perList.toFixed(3).padStart(8)} ms per list  (${events} events)`,
  );
  return perList;
}

// 1. The operators, as the realm pipeline runs them.
const replies = new Subject<SoapReply>();
let operatorEvents = 0;
replies
  .pipe(
    parseOnlineList({ realm: 'bench', formats: compileFormats('trinitycore') }),
    diffOnline({ realm: 'bench' }),
  )
  .subscribe((_event: DraftEvent) => operatorEvents++);
const operators = measure('parseOnlineList + diffOnline', (text, time) => {
  const before = operatorEvents;
  replies.next({ kind: 'ok', command: 'account onlinelist', text, time, latencyMs: 1 });
  return operatorEvents - before;
});

// 2. The baseline: what one would write by hand for one flavour, with no format table.
const ROW = /^-\[\s*(.*?)\]\[\s*(.*?)\]\[\s*(.*?)\]\[\s*(\d+)\]\[\s*(\d+)\]\[(\d+)\]\[(\d+)\]-$/;
let previous: Map<string, OnlinePlayer> | undefined;
const baseline = measure('hand-written loop (baseline)', (text) => {
  const current = new Map<string, OnlinePlayer>();
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (!m) continue;
    current.set(m[2], {
      account: m[1],
      character: m[2],
      ip: m[3],
      map: +m[4],
      zone: +m[5],
      expansion: +m[6],
      gmLevel: +m[7],
    });
  }
  let events = 0;
  if (previous) {
    for (const name of previous.keys()) if (!current.has(name)) events++;
    for (const [name, player] of current) {
      const before = previous.get(name);
      if (!before || before.zone !== player.zone || before.map !== player.map) events++;
    }
  } else events++;
  previous = current;
  return events;
});

console.log(
  `\n${PLAYERS} players: operators ${operators.toFixed(2)} ms vs baseline ${
    baseline.toFixed(2)
  } ms ` +
    `(${(operators / baseline).toFixed(1)}x), ${
      (5000 / operators).toFixed(0)
    }x under a 5 s poll interval`,
);
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
