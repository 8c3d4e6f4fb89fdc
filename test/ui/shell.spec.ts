import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/server/gateway.ts';
import { browserAvailable, launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { ADMIN_TOKEN, startTestGateway } from '../helpers/gateway.ts';

const uiRoot = fileURLToPath(new URL('../../dist/ui/', import.meta.url));

describe.runIf(browserAvailable())('dashboard shell in Chromium', () => {
  let gateway: Gateway;
  let browser: TestBrowser;
  beforeAll(async () => {
    gateway = await startTestGateway({}, uiRoot);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('connects with the token from the URL fragment and removes it from the address bar', async () => {
    const { page } = browser;
    await page.goto(`${gateway.server.url}/#token=${ADMIN_TOKEN}`);
    await page.waitForFunction(
      () => document.querySelector('#status')?.textContent === 'connected',
      null,
      {
        timeout: 10_000,
      },
    );
    expect(page.url()).not.toContain('token');
    await browser.screenshot('shell-connected');
    expect(browser.errors).toEqual([]);
  });
});
