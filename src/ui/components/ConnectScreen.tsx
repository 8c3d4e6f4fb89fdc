/** @module The connect form: gateway URL, token, remember. */
import type { ReadonlySignal, Signal } from '@preact/signals';
import { Show } from '@preact/signals/utils';

/** Props of {@link ConnectScreen}. */
export interface ConnectScreenProps {
  url: Signal<string>;
  token: Signal<string>;
  remember: Signal<boolean>;
  error: ReadonlySignal<string | null>;
  onConnect(): void;
}

/** Asks for the gateway URL and a token. */
export function ConnectScreen(props: ConnectScreenProps) {
  return (
    <section class='connect card' aria-labelledby='connect-title'>
      <h2 id='connect-title'>Connect to a gateway</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onConnect();
        }}
      >
        <label>
          WebSocket URL
          <input
            id='connect-url'
            type='url'
            required
            value={props.url}
            onInput={(event) => (props.url.value = event.currentTarget.value)}
          />
        </label>
        <label>
          Token
          <input
            id='connect-token'
            type='password'
            autocomplete='off'
            required
            minLength={16}
            value={props.token}
            onInput={(event) => (props.token.value = event.currentTarget.value)}
          />
        </label>
        <label class='inline'>
          <input
            type='checkbox'
            checked={props.remember}
            onChange={(event) => (props.remember.value = event.currentTarget.checked)}
          />
          Remember in this browser
        </label>
        <Show when={props.error}>
          {(error) => <p class='error' role='alert'>{error}</p>}
        </Show>
        <button type='submit' id='connect-button'>Connect</button>
      </form>
      <p class='muted'>
        `npm start` prints a link with the token in the fragment (<code>#token=…</code>); it
        connects at once and the token is removed from the address bar.
      </p>
    </section>
  );
}
