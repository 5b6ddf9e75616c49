// A "browser" for tests: TEMPKEY_BROWSER="node test/helpers/browser-approve.mjs"
// opens the URL in a real headless Chromium, signs in as the directory user and
// presses the button (Allow, or Deny with BROWSER_DECISION=deny), then waits
// for the page that follows (the emulator's result page, or tempkey's loopback
// callback page) and exits. Each run appends a line to BROWSER_LOG if set.
import { appendFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const url = process.argv.at(-1);
const decision = process.env.BROWSER_DECISION === 'deny' ? '#deny' : '#approve';
if (process.env.BROWSER_LOG) appendFileSync(process.env.BROWSER_LOG, `${url}\n`);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const timer = setTimeout(() => {
  process.stderr.write('browser-approve: gave up after 30 s\n');
  process.exit(3);
}, 30_000);
try {
  const page = await browser.newPage();
  await page.goto(url);
  await page.fill('#username', process.env.BROWSER_USER ?? 'alice');
  await page.fill('#password', process.env.BROWSER_PASSWORD ?? 'alice-password');
  await Promise.all([page.waitForNavigation(), page.click(decision)]);
  const result = await page.textContent('#result').catch(() => '');
  if (process.env.BROWSER_LOG) appendFileSync(process.env.BROWSER_LOG, `result: ${result}\n`);
} finally {
  clearTimeout(timer);
  await browser.close();
}
