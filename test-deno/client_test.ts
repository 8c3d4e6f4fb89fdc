/**
 * Deno runtime test: `realmstream/client` with Deno's global WebSocket against a gateway on
 * Deno.serve (events, resume after 1001), and the built dashboard served by the Deno entry
 * (index.html and a hashed asset), when `dist/ui` was built.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { filter, firstValueFrom } from 'rxjs';
import { connect } from '../src/client/mod.ts';
import { silentLogger } from '../src/logger.ts';
import { parseConfig } from '../src/pipeline/config.ts';
import { draftEvent } from '../src/pipeline/events.ts';
import { startServer } from '../src/server/deno.ts';
import { startGateway } from '../src/server/gateway.ts';

const TOKEN = 'deno-client-token-0123456789';
const UI_ROOT = new URL('../dist/ui/', import.meta.url).pathname;

async function start(uiRoot?: string) {
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    stats: { windowMs: 0 }, // no stats.window events among the counted ones
    auth: { tokens: [{ name: 'viewer', token: TOKEN, role: 'viewer' }] },
  });
  return await startGateway({
    config,
    startServer,
    uiRoot,
    logger: silentLogger,
    sources: [],
    realmPipelines: false,
  });
}

async function until(check: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > 5000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

Deno.test('client on Deno: events, and a resume after 1001', async () => {
  const gateway = await start();
  const client = connect(`${gateway.server.url.replace('http', 'ws')}/ws`, {
    token: TOKEN,
    backoff: { initialMs: 50 },
    heartbeatMs: 0,
  });
  const names: string[] = [];
  client.events$.subscribe(({ event }) =>
    names.push(String((event.data as { character?: string }).character))
  );
  const publish = (character: string) =>
    gateway.hub.publish(
      draftEvent('player.login', {
        realm: 'r1',
        time: Date.now(),
        source: 'soap',
        data: { character },
      }),
    );
  try {
    await firstValueFrom(client.notices$.pipe(filter((n) => n.kind === 'subscribed')));
    publish('Tyrande');
    await until(() => names.length === 1, 'the first event');
    const resumed = firstValueFrom(client.notices$.pipe(filter((n) => n.kind === 'subscribed')));
    for (const handle of [...gateway.clients.clients()]) handle.close(1001, 'going away');
    await until(() => client.state().status !== 'open', 'the close');
    publish('Malfurion');
    const notice = await resumed;
    assert.equal(notice.kind === 'subscribed' && notice.recovered, true);
    await until(() => names.length === 2, 'the resumed event');
    assert.deepEqual(names, ['Tyrande', 'Malfurion']);
    assert.equal(client.stats().reconnects, 1);
  } finally {
    client.close();
    await gateway.close();
  }
});

Deno.test({
  name: 'the Deno entry serves the built dashboard and its assets',
  ignore: !existsSync(`${UI_ROOT}index.html`),
  async fn() {
    const gateway = await start(UI_ROOT);
    try {
      const page = await fetch(`${gateway.server.url}/`);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /<div id="app">/);
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      assert.ok(asset, 'index.html references a script asset');
      const script = await fetch(`${gateway.server.url}${asset}`);
      assert.equal(script.status, 200);
      assert.match(script.headers.get('content-type') ?? '', /javascript/);
      assert.ok((await script.text()).length > 1000);
    } finally {
      await gateway.close();
    }
  },
});
