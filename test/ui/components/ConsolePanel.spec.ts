import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/server/gateway.ts';
import { browserAvailable, launchBrowser, type TestBrowser } from '../../helpers/browser.ts';
import { ADMIN_TOKEN, startTestGateway, VIEWER_TOKEN } from '../../helpers/gateway.ts';

const uiRoot = fileURLToPath(new URL('../../../dist/ui/', import.meta.url));

describe.runIf(browserAvailable())('dashboard console panel in Chromium', () => {
  let gateway: Gateway;
  let browser: TestBrowser;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-ui-'));
    gateway = await startTestGateway({
      realms: [{ id: 'sim', flavor: 'trinitycore', simulate: { players: 3, lively: false } }],
      console: { enabled: true, auditLog: join(dir, 'audit.jsonl') },
    }, uiRoot);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'runs an allowed command, shows a refusal, and recalls history with the arrow keys',
    async () => {
      const { page } = browser;
      await page.goto(`${gateway.server.url}/#token=${ADMIN_TOKEN}`);
      await page.waitForFunction(
        () => document.querySelector<HTMLSelectElement>('#console-realm')?.value === 'sim',
        null,
        { timeout: 20_000 },
      );
      await page.fill('#console-input', 'server info');
      await page.press('#console-input', 'Enter');
      const output = await page.waitForSelector('.console-entry.ok .console-output', {
        timeout: 20_000,
      });
      expect(await output.textContent()).toMatch(/TrinityCore rev\./);
      expect(await page.inputValue('#console-input')).toBe('');

      await page.fill('#console-input', 'server shutdown 1');
      await page.click('#console-run');
      const refused = await page.waitForSelector('.console-entry.denied', { timeout: 20_000 });
      expect(await refused.textContent()).toMatch(/refused \(not_allowed\)/);
      expect(await refused.textContent()).toMatch(/not in the console allowlist/);

      await page.press('#console-input', 'ArrowUp');
      expect(await page.inputValue('#console-input')).toBe('server shutdown 1');
      await page.press('#console-input', 'ArrowUp');
      expect(await page.inputValue('#console-input')).toBe('server info');
      await page.press('#console-input', 'ArrowDown');
      await page.press('#console-input', 'ArrowDown');
      expect(await page.inputValue('#console-input')).toBe('');
      await browser.screenshot('console-panel');

      const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
      expect(audit).toContain('"command":"server info"');
      expect(audit).toContain('"command":"server shutdown 1"');
      // The refusal is an HTTP 403, which Chromium logs as a failed resource; nothing else.
      expect(browser.errors.filter((error) => !/status of 403/.test(error))).toEqual([]);
    },
    60_000,
  ); // generous: the whole suite shares two cores with this browser

  it('is not shown to viewer tokens', async () => {
    const { page } = browser;
    await page.goto('about:blank');
    await page.goto(`${gateway.server.url}/#token=${VIEWER_TOKEN}`);
    await page.waitForFunction(() =>
      document.querySelector('#status')?.textContent === 'connected'
    );
    expect(await page.$('#console-input')).toBeNull();
  });
});
