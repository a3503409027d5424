import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium), the browser a user of the report might have. */
export const CHROMIUM = '/usr/bin/chromium';

/** No GPU, no sandbox (root in CI), and nothing that phones home: every request the page makes is its own. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenedPage {
  page: Page;
  /** console errors and uncaught page errors */
  errors: string[];
  /** every request other than the page's own file */
  requests: string[];
  close(): Promise<void>;
}

/** Opens a file:// page in a fresh profile (removed on close), recording errors and requests. */
export async function openInChromium(file: string): Promise<OpenedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'idgraph-chromium-'));
  const scratch = mkdtempSync('/tmp/idg-');
  const cleanup = () => {
    rmSync(profile, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  };
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      // Chromium drops org.chromium.Chromium.* (its singleton socket) in TMPDIR: give it a short folder of
      // its own, removed on close (a socket path must stay under 108 bytes, which nested test temp dirs exceed).
      env: { ...process.env, TMPDIR: scratch },
      viewport: { width: 1400, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    const requests: string[] = [];
    const own = `file://${file}`;
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== own) requests.push(r.url());
    });
    await page.goto(own, { waitUntil: 'load' });
    const ctx = context;
    return {
      page,
      errors,
      requests,
      async close() {
        await ctx.close();
        cleanup();
      },
    };
  } catch (err) {
    await context?.close().catch(() => {});
    cleanup();
    throw err;
  }
}
