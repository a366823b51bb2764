// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on each URL given, in Debian's headless
// Chromium, at phone width. Prints one line per violation and exits 1 if there are any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const urls = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let problems = 0;
for (const width of [390, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const url of urls) {
    await page.goto(url);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    for (const v of result.violations) {
      problems += 1;
      console.log(`${url} @${width}px: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }
    // Pages must not scroll sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) {
      problems += 1;
      console.log(`${url} @${width}px: horizontal overflow of ${overflow}px`);
    }
  }
  await page.close();
}
await browser.close();
console.log(`${urls.length * 2} page views checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
