/**
 * @module The console panel's model: the target realm, the input line, a bounded log of
 * commands with their replies, and a bounded command history walked with the arrow keys
 * (like a shell). Commands go out through an injected runner (`POST
 * /api/realms/:id/commands` by default), so the gateway's allowlist and audit apply.
 */
import { computed, createModel, signal } from '@preact/signals';

/** What the gateway answers for one command. */
export interface ConsoleReply {
  readonly ok: boolean;
  /** Whether the allowlist and checks let it through. */
  readonly allowed?: boolean;
  /** Console output or fault text. */
  readonly output?: string;
  /** Why it was refused or failed. */
  readonly error?: string;
  /** Short code for `error`. */
  readonly reason?: string;
  /** Round trip, ms. */
  readonly durationMs?: number;
}

/** Runs one command on a realm; resolves with the reply (rejects only when nothing came back). */
export type ConsoleRunner = (realm: string, command: string) => Promise<ConsoleReply>;

/** One line of the console log. */
export interface ConsoleEntry {
  readonly id: number;
  readonly realm: string;
  readonly command: string;
  /** Wall-clock time sent, ms. */
  readonly at: number;
  /** Set when the reply arrived. */
  readonly reply?: ConsoleReply;
}

/** Commands kept in the log. */
export const CONSOLE_LOG_SIZE = 100;
/** Commands kept in the history. */
export const CONSOLE_HISTORY_SIZE = 50;

/**
 * A runner that posts to the gateway's HTTP API with a bearer token.
 *
 * @param token An admin token.
 * @param base Gateway origin (default: the page's).
 * @returns The runner.
 */
export function httpConsoleRunner(token: string, base = ''): ConsoleRunner {
  return async (realm, command) => {
    const response = await fetch(`${base}/api/realms/${encodeURIComponent(realm)}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command }),
    });
    const body = await response.json().catch(() => ({})) as Partial<ConsoleReply> & {
      message?: string;
    };
    return {
      ok: body.ok === true,
      allowed: body.allowed,
      output: body.output,
      error: body.message ?? body.error ?? (response.ok ? undefined : `HTTP ${response.status}`),
      reason: body.reason,
      durationMs: body.durationMs,
    };
  };
}

/** The console model. */
export const ConsoleModel = createModel((run: ConsoleRunner) => {
  const realm = signal('', { name: 'console.realm' });
  const realms = signal<readonly string[]>([], { name: 'console.realms' });
  const input = signal('', { name: 'console.input' });
  const entries = signal<readonly ConsoleEntry[]>([], { name: 'console.entries' });
  const history = signal<readonly string[]>([], { name: 'console.history' });
  // Position while walking the history: history.length means "the line being typed".
  const cursor = signal(0, { name: 'console.cursor' });
  const pending = computed(() => entries.value.filter((entry) => !entry.reply).length, {
    name: 'console.pending',
  });
  let nextId = 1;
  let draft = '';

  const settle = (id: number, reply: ConsoleReply) => {
    entries.value = entries.value.map((entry) => entry.id === id ? { ...entry, reply } : entry);
  };

  return {
    realm,
    realms,
    input,
    entries,
    history,
    pending,
    /** Sets the realms to choose from (keeps the choice when it still exists). */
    setRealms(ids: readonly string[]) {
      realms.value = ids;
      if (!ids.includes(realm.value)) realm.value = ids[0] ?? '';
    },
    /** Sends the input line to the chosen realm. */
    submit() {
      const command = input.value.trim();
      const target = realm.value;
      if (command === '' || target === '') return;
      const id = nextId++;
      const list = [...entries.value, { id, realm: target, command, at: Date.now() }];
      entries.value = list.slice(Math.max(0, list.length - CONSOLE_LOG_SIZE));
      const past = history.value.filter((line) => line !== command);
      history.value = [...past, command].slice(-CONSOLE_HISTORY_SIZE);
      cursor.value = history.value.length;
      input.value = '';
      draft = '';
      run(target, command).then(
        (reply) => settle(id, reply),
        (error: unknown) =>
          settle(id, { ok: false, error: `no answer: ${(error as Error)?.message ?? error}` }),
      );
    },
    /** Walks the history: -1 older, +1 newer (back to the line being typed). */
    recall(step: -1 | 1) {
      const lines = history.value;
      if (cursor.value === lines.length) draft = input.value;
      const next = Math.min(lines.length, Math.max(0, cursor.value + step));
      cursor.value = next;
      input.value = next === lines.length ? draft : lines[next];
    },
    /** Empties the log (the history stays). */
    clear() {
      entries.value = entries.value.filter((entry) => !entry.reply);
    },
  };
});
