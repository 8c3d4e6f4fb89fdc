/**
 * The dashboard end to end: the built UI (dist/ui) served by a real gateway that polls a
 * simulated worldserver over SOAP, driven in Debian's Chromium. Screenshots go to
 * test-results/screenshots/.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import { type Simulator, startSimulator } from '../../src/simulator/simulator.ts';
import { browserAvailable, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { ADMIN_TOKEN, startTestGateway } from '../helpers/gateway.ts';

const uiRoot = fileURLToPath(new URL('../../dist/ui/', import.meta.url));

/** Counts the non-transparent pixels of a canvas. */
function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const element = canvas as HTMLCanvasElement;
    const context = element.getContext('2d');
    if (!context || element.width === 0) return 0;
    const { data } = context.getImageData(0, 0, element.width, element.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) painted++;
    return painted;
  });
}

const rowTexts = (page: Page) =>
  page.$$eval('.event-row', (rows) => rows.map((row) => row.textContent ?? ''));

describe.runIf(browserAvailable())('dashboard in Chromium', () => {
  let sim: Simulator;
  let gateway: Gateway;
  let browser: TestBrowser;
  let recordingDir: string;

  beforeAll(async () => {
    recordingDir = mkdtempSync(join(tmpdir(), 'realmstream-ui-recordings-'));
    sim = await startSimulator({ flavor: 'tc', tickMs: 0, players: 3 });
    gateway = await startTestGateway(
      {
        realms: [{
          id: 'world-1',
          name: 'World One',
          flavor: 'trinitycore',
          soap: { url: sim.url, username: 'ADMIN', password: 'admin', timeoutMs: 1000 },
          poll: { intervalMs: 200, backoffMaxMs: 500 },
        }],
        recording: { dir: recordingDir },
      },
      uiRoot,
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    await sim?.close();
    rmSync(recordingDir, { recursive: true, force: true });
  });

  it('connects from the fragment and shows live events; a filter narrows them', async () => {
    const { page } = browser;
    await page.goto(`${gateway.server.url}/#token=${ADMIN_TOKEN}`);
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent === 'connected'
    );
    expect(page.url()).not.toContain('token');

    sim.login('Arthas', { level: 80 });
    sim.login('Jaina', { level: 80 });
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.event-row')].some((row) => row.textContent?.includes('Jaina'))
    );
    await page.waitForFunction(() => document.querySelectorAll('.chip').length >= 2);
    await browser.screenshot('dashboard-live');

    await page.fill('#event-search', 'arthas');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.event-row')].every((row) =>
        row.textContent?.toLowerCase().includes('arthas')
      )
    );
    const filtered = await rowTexts(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((text) => text.includes('Arthas'))).toBe(true);
    await page.fill('#event-search', '');

    // Type chips: "only player.login" hides every other type.
    await page.dblclick('.chip[data-type="player.login"]');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.event-row .type')].every((cell) =>
        cell.textContent === 'player.login'
      )
    );
    await page.dblclick('.chip[data-type="player.login"]');

    // The detail panel shows the whole event.
    await page.click('.event-row');
    const detail = JSON.parse((await page.textContent('#event-detail')) ?? '{}');
    expect(detail).toMatchObject({ id: expect.any(String), seq: expect.any(Number) });
    expect(browser.errors).toEqual([]);
  });

  it('pause freezes the list and counts what arrives meanwhile', async () => {
    const { page } = browser;
    await page.click('#pause-button');
    const frozen = await rowTexts(page);
    sim.login('Thrall');
    sim.login('Sylvanas');
    await page.waitForFunction(() =>
      /Resume \([1-9]\d* new\)/.test(
        document.querySelector('#pause-button')?.textContent ?? '',
      )
    );
    expect(await rowTexts(page)).toEqual(frozen);
    await browser.screenshot('dashboard-paused');
    await page.click('#pause-button');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.event-row')].some((row) =>
        row.textContent?.includes('Sylvanas')
      )
    );
    expect(await page.textContent('#pause-button')).toBe('Pause');
  });

  it('draws charts with data', async () => {
    const { page } = browser;
    await page.click('#tab-charts');
    await page.waitForSelector('#chart-rates');
    sim.login('Uther');
    await page.waitForFunction(() => {
      const canvas = document.querySelector('#chart-distribution') as HTMLCanvasElement | null;
      return !!canvas && canvas.width > 0;
    });
    // A few one-second samples, so the lines have points.
    await page.waitForTimeout(2500);
    expect(await paintedPixels(page, '#chart-rates')).toBeGreaterThan(1000);
    expect(await paintedPixels(page, '#chart-distribution')).toBeGreaterThan(1000);
    expect(await paintedPixels(page, '#chart-players')).toBeGreaterThan(1000);
    await browser.screenshot('dashboard-charts');
    expect(browser.errors).toEqual([]);
  });

  it('shows a realm going down and coming back up', async () => {
    const { page } = browser;
    await page.click('#tab-realms');
    const pill = '.realm[data-realm="world-1"] .pill';
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-state') === 'up',
      pill,
    );
    await sim.goDown();
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-state') === 'down',
      pill,
      {
        timeout: 10_000,
      },
    );
    expect(await page.textContent('.realm[data-realm="world-1"] .down-reason')).toMatch(/\w+: /);
    await browser.screenshot('dashboard-realm-down');
    await sim.comeUp();
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.getAttribute('data-state') === 'up',
      pill,
      {
        timeout: 10_000,
      },
    );
    await browser.screenshot('dashboard-realm-up');
  });

  it('records, then plays the recording back in the live view with a seekable timeline', async () => {
    const { page } = browser;
    await page.click('#tab-recordings');
    await page.fill('#recording-name', 'evening');
    await page.click('#recording-start');
    await page.waitForSelector('[data-stop]');
    sim.login('Garrosh');
    sim.restart(); // a restart marker on the timeline
    await page.waitForTimeout(1500);
    sim.login("Vol'jin");
    await page.waitForTimeout(1000);
    await page.click('[data-stop]');
    const play = '[data-play]';
    await page.waitForSelector(play, { timeout: 10_000 });
    await page.click(play);
    await page.waitForSelector('#player-seek');
    await page.click('#tab-live');
    expect(await page.inputValue('#source-filter')).toBe('replay');
    await page.waitForFunction(
      () => document.querySelectorAll('.event-row .badge').length > 0,
      null,
      { timeout: 10_000 },
    );
    await browser.screenshot('dashboard-playback');

    // Seek to the end, then back to the start: the playhead follows, events replay again.
    const max = Number(await page.getAttribute('#player-seek', 'max'));
    await page.fill('#player-seek', String(max));
    await page.waitForFunction(
      () => (document.querySelector('#player-position')?.textContent ?? '').includes('ended'),
      null,
      {
        timeout: 10_000,
      },
    );
    await page.fill('#player-seek', '0');
    await page.click('#player-toggle');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.event-row .badge').length > 0 &&
        !(document.querySelector('#player-position')?.textContent ?? '').includes('ended'),
      null,
      {
        timeout: 10_000,
      },
    );
    const markers = await page.$$eval('.marker', (items) => items.map((item) => item.className));
    expect(markers.some((name) => name.includes('marker-restart'))).toBe(true);
    await browser.screenshot('dashboard-seeked');
    expect(browser.errors).toEqual([]);
  });

  it('works on a phone-sized screen', async () => {
    const phone = await launchBrowser({ width: 390, height: 844 });
    try {
      await phone.page.goto(`${gateway.server.url}/#token=${ADMIN_TOKEN}`);
      await phone.page.waitForFunction(() =>
        document.querySelector('#status')?.textContent === 'connected'
      );
      sim.login('Tyrande');
      await phone.page.waitForSelector('.event-row');
      const overflow = await phone.page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await phone.page.keyboard.press('Tab');
      const focused = await phone.page.evaluate(() => document.activeElement?.tagName);
      expect(focused).toBe('BUTTON');
      await phone.screenshot('dashboard-phone');
      await phone.page.click('#tab-realms');
      await phone.page.waitForSelector('.realm');
      await phone.screenshot('dashboard-phone-realms');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('shows a refused token on the connect screen', async () => {
    const other = await launchBrowser();
    try {
      await other.page.goto(`${gateway.server.url}/#token=not-a-valid-token-000000`);
      await other.page.waitForSelector('#connect-token');
      expect(await other.page.textContent('.connect .error')).toBe('token refused');
      await other.screenshot('dashboard-refused');
    } finally {
      await other.close();
    }
  });
});
