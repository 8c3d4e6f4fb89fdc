import { describe, expect, it } from 'vitest';
import {
  CONSOLE_HISTORY_SIZE,
  CONSOLE_LOG_SIZE,
  ConsoleModel,
  type ConsoleReply,
} from '../../../src/ui/models/console.ts';

function deferredRunner() {
  const calls: Array<{ realm: string; command: string; resolve: (r: ConsoleReply) => void }> = [];
  const run = (realm: string, command: string) =>
    new Promise<ConsoleReply>((resolve) => calls.push({ realm, command, resolve }));
  return { run, calls };
}

describe('ConsoleModel', () => {
  it('sends the trimmed input to the chosen realm and settles the entry with the reply', async () => {
    const { run, calls } = deferredRunner();
    const model = new ConsoleModel(run);
    model.setRealms(['w1', 'w2']);
    expect(model.realm.value).toBe('w1');
    model.realm.value = 'w2';
    model.input.value = '  server info ';
    model.submit();
    expect(calls.map((c) => [c.realm, c.command])).toEqual([['w2', 'server info']]);
    expect(model.input.value).toBe('');
    expect(model.pending.value).toBe(1);
    calls[0].resolve({ ok: true, output: 'hi' });
    await Promise.resolve();
    expect(model.pending.value).toBe(0);
    expect(model.entries.value[0].reply).toEqual({ ok: true, output: 'hi' });
  });

  it('ignores empty input and a missing realm', () => {
    const { run, calls } = deferredRunner();
    const model = new ConsoleModel(run);
    model.input.value = 'server info';
    model.submit(); // no realm yet
    model.setRealms(['w1']);
    model.input.value = '   ';
    model.submit();
    expect(calls).toEqual([]);
  });

  it('turns a rejected runner into a failed entry', async () => {
    const model = new ConsoleModel(() => Promise.reject(new Error('offline')));
    model.setRealms(['w1']);
    model.input.value = 'gm list';
    model.submit();
    await new Promise((r) => setTimeout(r, 0));
    expect(model.entries.value[0].reply).toEqual({ ok: false, error: 'no answer: offline' });
  });

  it('walks the history with recall and restores the line being typed', () => {
    const model = new ConsoleModel(() => new Promise(() => {}));
    model.setRealms(['w1']);
    for (const command of ['a', 'b', 'a']) {
      model.input.value = command;
      model.submit();
    }
    expect(model.history.value).toEqual(['b', 'a']); // repeated commands move to the end
    model.input.value = 'typing';
    model.recall(-1);
    expect(model.input.value).toBe('a');
    model.recall(-1);
    model.recall(-1); // stays at the oldest
    expect(model.input.value).toBe('b');
    model.recall(1);
    model.recall(1);
    expect(model.input.value).toBe('typing');
  });

  it('bounds the log and the history', () => {
    const model = new ConsoleModel(() => new Promise(() => {}));
    model.setRealms(['w1']);
    for (let i = 0; i < CONSOLE_LOG_SIZE + 20; i++) {
      model.input.value = `pinfo N${i}`;
      model.submit();
    }
    expect(model.entries.value).toHaveLength(CONSOLE_LOG_SIZE);
    expect(model.history.value).toHaveLength(CONSOLE_HISTORY_SIZE);
    expect(model.entries.value.at(-1)?.command).toBe(`pinfo N${CONSOLE_LOG_SIZE + 19}`);
  });
});
