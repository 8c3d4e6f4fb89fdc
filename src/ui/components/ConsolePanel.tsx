/**
 * @module The console panel (admin tokens): a realm picker, an input line with history
 * (arrow keys), and the log of commands with their output, refusals and faults. Every
 * command goes through the gateway's allowlist and audit log.
 */
import { For } from '@preact/signals/utils';
import type { ConsoleEntry, ConsoleModel } from '../models/console.ts';

type ConsoleModelInstance = InstanceType<typeof ConsoleModel>;

function statusOf(entry: ConsoleEntry): { label: string; className: string } {
  const reply = entry.reply;
  if (!reply) return { label: 'running…', className: 'pending' };
  if (reply.ok) return { label: `ok ${reply.durationMs ?? '?'} ms`, className: 'ok' };
  if (reply.allowed === false) {
    return { label: `refused (${reply.reason ?? 'denied'})`, className: 'denied' };
  }
  return { label: `failed (${reply.reason ?? 'error'})`, className: 'failed' };
}

function Entry({ entry }: { entry: ConsoleEntry }) {
  const status = statusOf(entry);
  const reply = entry.reply;
  return (
    <li class={`console-entry ${status.className}`} data-id={entry.id}>
      <div class='console-command'>
        <code>{entry.realm}&gt; {entry.command}</code>{' '}
        <span class='console-status'>{status.label}</span>
      </div>
      {reply?.output ? <pre class='console-output'>{reply.output}</pre> : null}
      {reply?.error ? <div class='console-error'>{reply.error}</div> : null}
    </li>
  );
}

/**
 * The console panel.
 *
 * @param props The console model.
 * @returns The panel.
 */
export function ConsolePanel({ model: panel }: { model: ConsoleModelInstance }) {
  return (
    <section class='console-panel' aria-label='Console'>
      <h2>Console</h2>
      <p class='console-hint'>
        Runs allow-listed console commands on the worldserver; every attempt is audited.
      </p>
      <form
        class='console-form'
        onSubmit={(event) => {
          event.preventDefault();
          panel.submit();
        }}
      >
        <select
          id='console-realm'
          aria-label='Realm'
          value={panel.realm}
          onChange={(event) => (panel.realm.value = (event.target as HTMLSelectElement).value)}
        >
          <For each={panel.realms}>{(id) => <option value={id}>{id}</option>}</For>
        </select>
        <input
          id='console-input'
          aria-label='Command'
          autocomplete='off'
          spellcheck={false}
          placeholder='server info'
          value={panel.input}
          onInput={(event) => (panel.input.value = (event.target as HTMLInputElement).value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowUp') {
              event.preventDefault();
              panel.recall(-1);
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              panel.recall(1);
            }
          }}
        />
        <button id='console-run' type='submit'>Run</button>
        <button type='button' onClick={() => panel.clear()}>Clear</button>
      </form>
      {panel.entries.value.length === 0
        ? <p class='console-empty'>No commands yet.</p>
        : (
          <ol id='console-log' class='console-log'>
            <For each={panel.entries}>{(entry) => <Entry entry={entry} />}</For>
          </ol>
        )}
    </section>
  );
}
