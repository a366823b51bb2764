// Types queries into the search box of a site built with the Zola book theme (its own
// static/book.js, reading /search_index.en.js with the site's /elasticlunr.min.js) in Debian's
// headless Chromium. Arguments: the root URL and a JSON list of queries. Prints one JSON
// line: for each query {header, links, marked} (the results header's text, each result's
// link, the words book.js marked in the teasers), and "pageErrors". tests/zola_search.rs
// checks it.
import { chromium } from "playwright-core";

const [root, queriesJson] = process.argv.slice(2);
if (!root || !queriesJson) throw new Error("usage: node book_search.mjs http://127.0.0.1:PORT/ '[...]'");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pageErrors = [];
const answers = [];
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(root);
  await page.click(".search-icon");
  for (const query of JSON.parse(queriesJson)) {
    await page.fill("#search", "");
    await page.evaluate(() => { document.querySelector(".search-results__header").textContent = ""; });
    await page.type("#search", query);
    await page.waitForFunction(() => document.querySelector(".search-results__header").textContent !== "",
      null, { timeout: 5000 }).catch(() => {});
    answers.push(await page.evaluate(() => ({
      header: document.querySelector(".search-results__header").textContent,
      links: [...document.querySelectorAll(".search-results__items li a")].map((a) => a.getAttribute("href")),
      marked: [...document.querySelectorAll(".search-results__teaser b")].map((b) => b.textContent),
    })));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ answers, pageErrors }));
