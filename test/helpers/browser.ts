/**
 * @module Test helper: headless Chromium through playwright-core, with Debian's browser.
 * Looks at CHROMIUM_PATH, then /usr/bin/chromium. Where none is found, browser suites are
 * skipped with a loud line, except under CI=true where a missing browser is a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where screenshots of browser tests go (a test artefact folder, git-ignored). */
export const ARTIFACTS_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * The Chromium executable to use, or undefined when there is none.
 *
 * @returns The path.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
}

/**
 * Whether browser tests can run here. Throws under CI=true when they cannot, and prints a
 * loud hint otherwise.
 *
 * @returns True when Chromium is available.
 */
export function browserAvailable(): boolean {
  if (chromiumPath()) return true;
  const message =
    'Chromium not found (CHROMIUM_PATH or /usr/bin/chromium): browser tests are SKIPPED. ' +
    'Install it with: apt-get update && apt-get install -y chromium';
  if (process.env.CI === 'true') {
    throw new Error(`${message} (CI=true: a missing browser is a failure)`);
  }
  console.warn(`\n\n!!! ${message}\n\n`);
  return false;
}

/** A launched browser with one page and the console errors it logged. */
export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and page errors seen so far. */
  readonly errors: string[];
  /** Saves a screenshot under test-results/screenshots. */
  screenshot(name: string): Promise<string>;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile.
 *
 * @param viewport Window size.
 * @returns The browser.
 */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1280, height: 800 },
): Promise<TestBrowser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium is not installed');
  const profile = mkdtempSync(join(tmpdir(), 'realmstream-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return {
    context,
    page,
    errors,
    async screenshot(name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const path = join(ARTIFACTS_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
