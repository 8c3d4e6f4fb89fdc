/** @module Dashboard entry: builds the root model, connects from the URL fragment, mounts. */
import { render } from 'preact';
import { App } from './App.tsx';
import { AppModel } from './models/app.ts';

const model = new AppModel({ location });
if (model.autoConnect()) {
  // The token came in the fragment: take it out of the address bar (and the history).
  history.replaceState(null, '', location.pathname + location.search);
}
render(<App model={model} />, document.getElementById('app') as HTMLElement);
