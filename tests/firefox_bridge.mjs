// Drives Debian's Firefox ESR for tests/other_browsers.py: puppeteer-core over WebDriver BiDi,
// with no downloaded driver or browser. One JSON command a line on stdin, one JSON answer a line on stdout:
//   {"cmd": "goto", "args": [url]}  ->  {"ok": true, "value": ...} or {"ok": false, "error": "..."}
// Usage: node tests/firefox_bridge.mjs DOWNLOAD_DIR
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const downloadPath = process.argv[2];
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.FIREFOX_PATH || "/usr/bin/firefox-esr",
  headless: true,
  extraPrefsFirefox: {
    // Without this the downloads panel takes the focus after a download, and later keys go nowhere.
    "browser.download.alwaysOpenPanel": false,
    // Phone-size pages: overlay scrollbars, as on a phone. Without ui.useOverlayScrollbars the
    // page is 12px narrower than the window (a classic scrollbar's gutter).
    "widget.gtk.overlay-scrollbars.enabled": true,
    "ui.useOverlayScrollbars": 1,
  },
});
const context = await browser.createBrowserContext({ downloadBehavior: { policy: "allow", downloadPath } });
const page = await context.newPage();

async function element(selector) {
  const el = await page.waitForSelector(selector, { visible: true, timeout: 10000 });
  await el.scrollIntoView();
  return el;
}

const commands = {
  goto: async (url) => { await page.goto(url, { waitUntil: "load" }); },
  js: async (body, args) => page.evaluate((b, a) => new Function("args", b)(a), body, args),
  click: async (selector) => { await (await element(selector)).click(); },
  keys: async (text) => { await page.keyboard.type(text); },
  press: async (key) => { await page.keyboard.press(key); },
  paste: async () => { await page.keyboard.down("Control"); await page.keyboard.press("KeyV"); await page.keyboard.up("Control"); },
  viewport: async (width, height) => { await page.setViewport({ width, height }); },
  screenshot: async (path) => { await page.screenshot({ path }); },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { cmd, args } = JSON.parse(line);
  if (cmd === "quit") break;
  let answer;
  try {
    const value = await commands[cmd](...(args || []));
    answer = { ok: true, value: value === undefined ? null : value };
  } catch (e) {
    answer = { ok: false, error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close();
