// Runs axe-core (WCAG 2.0/2.1 A and AA rules) on each URL given, in Debian's headless
// Chromium, at phone and desktop width and at phone width with a dark colour scheme; also checks 44 px click targets and sideways scrolling. Prints one line per violation and exits 1 if there are any.
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
const views = [[360, "light"], [1280, "light"], [360, "dark"]];
for (const [width, colorScheme] of views) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  const at = colorScheme === "dark" ? `@${width}px dark` : `@${width}px`;
  // No request may leave the site (no CDN, no web fonts, no analytics).
  page.on("request", (req) => {
    const host = new URL(req.url()).hostname;
    if (host !== "127.0.0.1" && !req.url().startsWith("data:")) {
      problems += 1;
      console.log(`${page.url()} ${at}: request to another host: ${req.url()}`);
    }
  });
  for (const url of urls) {
    await page.goto(url);
    // The search page draws its results after loading the index: check them, not an empty list.
    await page.waitForFunction(() => {
      const s = document.getElementById("yy-status");
      return !s || !new URLSearchParams(location.search).get("q") || (s.textContent && !s.textContent.startsWith("正在"));
    }, null, { timeout: 15000 }).catch(() => {
      problems += 1;
      console.log(`${url} ${at}: the search never finished`);
    });
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    for (const v of result.violations) {
      problems += 1;
      console.log(`${url} ${at}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`);
    }
    // Click targets of at least 44 × 44 px, except links inside running text.
    const small = await page.evaluate(() => {
      const out = [];
      // The page links the same address outside the maps, or the link leads to an entry of a list on it.
      const hrefOf = (a) => new URL(a.getAttribute("href"), location.href).href;
      const outside = new Set([...document.querySelectorAll("a[href]")].filter((a) => !a.closest("svg")).map(hrefOf));
      const elsewhere = (a) => {
        const u = new URL(hrefOf(a));
        const target = u.hash && u.href.split("#")[0] === location.href.split("#")[0] && document.getElementById(u.hash.slice(1));
        return outside.has(u.href) || Boolean(target && !target.closest("svg"));
      };
      for (const el of document.querySelectorAll("a[href], button, summary, input, select, textarea")) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue;
        if (el.closest("p, dd, td, th, figcaption, article li, .facts")) continue;
        // WCAG 2.5.5 "equivalent": a map marker's link is exempt when the list beside the map has it (44 px tall).
        if (el.closest("svg.yy-map") && elsewhere(el)) continue;
        if (r.height < 44 || r.width < 44) out.push(`"${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
      return out;
    });
    for (const s of small) {
      problems += 1;
      console.log(`${url} ${at}: click target smaller than 44 px: ${s}`);
    }
    // Pages must not scroll sideways on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) {
      problems += 1;
      console.log(`${url} ${at}: horizontal overflow of ${overflow}px`);
    }
  }
  await page.close();
}
// With JavaScript off every page still shows its content.
const noScript = await browser.newContext({ javaScriptEnabled: false });
const plain = await noScript.newPage();
for (const url of urls) {
  await plain.goto(url);
  const text = await plain.evaluate(() => (document.querySelector("main") || document.body).innerText.trim().length);
  if (text < 20) {
    problems += 1;
    console.log(`${url}: nothing readable with JavaScript off`);
  }
}
await noScript.close();

// Printed, a story page keeps its content and drops the navigation and coloured header.
const printed = await browser.newPage();
await printed.goto(urls.find((u) => u.includes("/heroes/") && !u.endsWith("/heroes/")) || urls[0]);
await printed.emulateMedia({ media: "print" });
const print = await printed.evaluate(() => ({
  nav: getComputedStyle(document.querySelector(".site-header nav")).display,
  header: getComputedStyle(document.querySelector(".site-header")).backgroundColor,
  h1: document.querySelector("h1").getBoundingClientRect().height > 0,
}));
if (print.nav !== "none" || !["rgba(0, 0, 0, 0)", "transparent"].includes(print.header) || !print.h1) {
  problems += 1;
  console.log(`print stylesheet: ${JSON.stringify(print)}`);
}
await browser.close();
console.log(`${urls.length * views.length} page views checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
