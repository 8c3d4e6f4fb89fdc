import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuditEntry,
  AuditLogError,
  createAuditLog,
} from '../../../src/pipeline/console/auditLog.ts';

const entry = (n: number, realm = 'world-1'): AuditEntry => ({
  time: new Date(1_764_160_000_000 + n).toISOString(),
  actor: 'ops',
  role: 'admin',
  realm,
  via: 'http',
  command: `server info ${n}`,
  allowed: n % 2 === 0,
  durationMs: n,
});

describe('createAuditLog', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the folder and has each line in the file when append resolves', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'nested', 'commands.jsonl');
    const audit = createAuditLog({ path });
    await audit.append(entry(1));
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(entry(1))}\n`);
    // Appends made together are batched, each resolves once written, order is kept.
    await Promise.all([2, 3, 4, 5].map((n) => audit.append(entry(n))));
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => line.durationMs)).toEqual([1, 2, 3, 4, 5]);
    await audit.close();
    await expect(audit.append(entry(6))).rejects.toThrow(AuditLogError);
  });

  it('appends to an existing file (append-only)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const path = join(dir, 'commands.jsonl');
    writeFileSync(path, '{"old":true}\n');
    const audit = createAuditLog({ path });
    await audit.append(entry(1));
    await audit.close();
    expect(readFileSync(path, 'utf8').split('\n')[0]).toBe('{"old":true}');
  });

  it('keeps a bounded ring of recent entries, filterable by realm', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const audit = createAuditLog({ path: join(dir, 'a.jsonl'), recentSize: 3 });
    await Promise.all([1, 2, 3, 4].map((n) => audit.append(entry(n, n === 4 ? 'other' : 'w'))));
    expect(audit.recent().map((e) => e.durationMs)).toEqual([2, 3, 4]);
    expect(audit.recent({ realm: 'w' }).map((e) => e.durationMs)).toEqual([2, 3]);
    expect(audit.recent({ limit: 1 }).map((e) => e.durationMs)).toEqual([4]);
    await audit.close();
  });

  it('rejects with a clear error and turns unhealthy when the file cannot be written', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    // A plain file where the log's folder should be: neither mkdir nor open can succeed.
    writeFileSync(join(dir, 'file'), '');
    const audit = createAuditLog({ path: join(dir, 'file', 'commands.jsonl') });
    await expect(audit.append(entry(1))).rejects.toThrow(/could not write the audit log/);
    expect(audit.healthy).toBe(false);
    await expect(audit.open()).rejects.toThrow();
    await audit.close();
  });

  it('refuses entries beyond maxPending instead of growing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const audit = createAuditLog({ path: join(dir, 'a.jsonl'), maxPending: 2 });
    const first = audit.append(entry(1)); // taken by the writer at once
    const queued = [audit.append(entry(2)), audit.append(entry(3))];
    await expect(audit.append(entry(4))).rejects.toThrow(/queue full/);
    await Promise.all([first, ...queued]);
    await audit.close();
  });
});
