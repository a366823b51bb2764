// Opens URL in headless Chromium, then edits FILE (replacing OLD with NEW) and waits for the
// page to reload by itself and show NEW. Used by tests/serve.rs.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [url, file, oldText, newText] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const page = await browser.newPage();
await page.goto(url);
const before = await page.textContent("body");
if (!before.includes(oldText)) throw new Error(`page does not show "${oldText}" before the edit`);
// Give the EventSource a moment to connect before the edit.
await page.waitForTimeout(500);
const reloaded = page.waitForEvent("load", { timeout: 15000 });
writeFileSync(file, readFileSync(file, "utf8").replace(oldText, newText));
await reloaded;
await page.waitForFunction((t) => document.body.textContent.includes(t), newText, { timeout: 5000 });
console.log("reloaded and shows the edit");
await browser.close();
