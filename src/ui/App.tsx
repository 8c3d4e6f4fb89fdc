/** @module The dashboard shell: header with status and tabs, the current view. */
import { useComputed } from '@preact/signals';
import { Show } from '@preact/signals/utils';
import { ChartsView } from './components/ChartsView.tsx';
import { ConnectScreen } from './components/ConnectScreen.tsx';
import { ConsolePanel } from './components/ConsolePanel.tsx';
import { LiveView } from './components/LiveView.tsx';
import { PlayerStrip } from './components/PlayerStrip.tsx';
import { RealmsView } from './components/RealmsView.tsx';
import { RecordingsView } from './components/RecordingsView.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { Tabs } from './components/Tabs.tsx';
import { type AppModel, VIEWS } from './models/app.ts';

/** Props of {@link App}. */
export interface AppProps {
  model: AppModel;
}

/** The dashboard root. */
export function App({ model }: AppProps) {
  const { connection, recordings } = model;
  const admin = useComputed(() => connection.role.value === 'admin');
  const view = model.view.value;
  return (
    <div class='app'>
      <header class='top'>
        <h1>realmstream</h1>
        <Show
          when={connection.connected}
          fallback={
            <div class='status-bar' role='status'>
              <span class='dot dot-closed' aria-hidden='true' />
              <span id='status'>{connection.statusText}</span>
            </div>
          }
        >
          <StatusBar
            status={connection.status}
            text={connection.statusText}
            stats={connection.stats}
            notice={connection.lastNotice}
            role={connection.role}
            onDisconnect={() => connection.disconnect(true)}
          />
        </Show>
      </header>
      <Show
        when={connection.connected}
        fallback={
          <main>
            <ConnectScreen
              url={connection.url}
              token={connection.token}
              remember={connection.remember}
              error={connection.error}
              onConnect={() => connection.connect()}
            />
          </main>
        }
      >
        <Tabs views={VIEWS} current={model.view} onSelect={(next) => model.show(next)} />
        <main id={`view-${view}`} aria-labelledby={`tab-${view}`}>
          <PlayerStrip
            player={recordings.state}
            onPause={() => void recordings.pause()}
            onResume={() => void recordings.resume()}
            onSeek={(to) => void recordings.seek(to)}
            onSpeed={(speed) => void recordings.setSpeed(speed)}
            onStop={() => void recordings.stopPlaying()}
          />
          {view === 'live' ? <LiveView model={model.events} /> : null}
          {view === 'live' && model.commandConsole.value
            ? <ConsolePanel model={model.commandConsole.value} />
            : null}
          {view === 'charts' ? <ChartsView model={model.charts} /> : null}
          {view === 'realms' ? <RealmsView model={model.realms} /> : null}
          {view === 'recordings' ? <RecordingsView model={recordings} admin={admin.value} /> : null}
        </main>
      </Show>
    </div>
  );
}
