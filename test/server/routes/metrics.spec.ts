/**
 * `/metrics` through a running gateway: push-source counters (Metric ingest, log tail, log
 * parser) and per-realm freshness gauges appear once their sources have seen something.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/server/gateway.ts';
import { ADMIN_TOKEN, startTestGateway } from '../../helpers/gateway.ts';

let gateway: Gateway | undefined;
let dir: string | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function scrape(): Promise<string> {
  const response = await fetch(`${gateway!.server.url}/metrics`, {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** Scrapes until `pattern` matches (bounded), returning the match. */
async function scrapeUntil(pattern: RegExp): Promise<RegExpExecArray> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const match = pattern.exec(await scrape());
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no ${pattern} in /metrics:\n${await scrape()}`);
}

describe('/metrics push-source counters', () => {
  it('counts Metric writes and log lines per realm, with freshness timestamps', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-metrics-'));
    const log = join(dir, 'Chat.log');
    await writeFile(log, '');
    gateway = await startTestGateway({
      realms: [{
        id: 'w1',
        flavor: 'trinitycore',
        simulate: { players: 0, lively: false },
        metrics: { enabled: true, database: 'world' },
        log: { path: log, pollMs: 20 },
      }],
    });
    const write = await fetch(`${gateway.server.url}/write?db=world`, {
      method: 'POST',
      body: 'online_players,realm=W value=3i\nnot line protocol',
    });
    expect(write.status).toBe(400); // one bad line: InfluxDB answers 400, the good line counts
    await appendFile(
      log,
      '2025-01-13_15:02:09 DEBUG [chat.log.say] Player Thrall says (language 1): hello\n' +
        'something else entirely\n',
    );

    const lines = await scrapeUntil(/^realmstream_log_lines_total\{realm="w1"\} ([1-9]\d*)$/m);
    expect(Number(lines[1])).toBe(2);
    const text = await scrape();
    expect(text).toMatch(/^realmstream_log_events_total\{realm="w1"\} 1$/m);
    expect(text).toMatch(/^realmstream_log_ignored_total\{realm="w1"\} 1$/m);
    expect(text).toMatch(/^realmstream_ingest_writes_total 1$/m);
    expect(text).toMatch(/^realmstream_ingest_points_total 1$/m);
    expect(text).toMatch(/^realmstream_ingest_invalid_total 1$/m);
    const pushedAt = /^realmstream_realm_last_metric_push_timestamp_seconds\{realm="w1"\} (\S+)$/m
      .exec(text);
    expect(Math.abs(Number(pushedAt?.[1]) - Date.now() / 1000)).toBeLessThan(60);
    expect(text).toMatch(/^realmstream_realm_last_log_line_timestamp_seconds\{realm="w1"\} \S+$/m);
  });

  it('has no per-realm push samples when no realm runs', async () => {
    gateway = await startTestGateway();
    const text = await scrape();
    expect(text).toContain('# TYPE realmstream_log_lines_total counter');
    expect(text).not.toMatch(/^realmstream_log_lines_total\{/m);
  });

  it('counts console attempts by outcome', async () => {
    dir = await mkdtemp(join(tmpdir(), 'rs-metrics-'));
    gateway = await startTestGateway({
      realms: [{ id: 'w1', flavor: 'trinitycore', simulate: { players: 1, lively: false } }],
      console: { enabled: true, auditLog: join(dir, 'audit.jsonl') },
    });
    const run = (command: string) =>
      fetch(`${gateway!.server.url}/api/realms/w1/commands`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ command }),
      });
    expect((await run('server info')).status).toBe(200);
    expect((await run('server shutdown 1')).status).toBe(403);
    expect((await run('server info\nserver shutdown 1')).status).toBe(400);
    const text = await scrape();
    expect(text).toMatch(/^realmstream_console_commands_total\{outcome="ok"\} 1$/m);
    expect(text).toMatch(/^realmstream_console_commands_total\{outcome="not_allowed"\} 1$/m);
    expect(text).toMatch(/^realmstream_console_commands_total\{outcome="line_break"\} 1$/m);
  });
});
