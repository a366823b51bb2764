// Runs real queries through the search page (crates/yiyong-search/assets/search.js) in Debian's
// headless Chromium, on the fixture site tests/search.rs builds (the demo plus a page that says
// 水落石出 and not 落水, and one with both). The argument is the site's root, http://127.0.0.1:PORT/.
// Checks: exact-substring results (落水 and 水落石出), a hero's name ranks that hero first, the
// anonymous hero is found as 张某 and never by the real name, the type and district filters,
// several words AND together, the query in the address and the back button, the keyboard path,
// the header's box, 长辈模式, the <noscript> text, and no request to another host. Prints one
// line per problem and a summary; exits 1 on any problem.
import { chromium } from "playwright-core";

const root = process.argv[2];
if (!root) throw new Error("usage: node search.mjs http://127.0.0.1:PORT/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const origin = new URL(root).origin;
let problems = 0;
let checks = 0;
const check = (ok, what) => {
  checks += 1;
  if (!ok) {
    problems += 1;
    console.log(`FAIL: ${what}`);
  }
  return ok;
};
const context = await browser.newContext();
let bytes = 0;
context.on("request", (req) => {
  const u = req.url();
  if (!u.startsWith("data:")) check(new URL(u).origin === origin, `request to another host: ${u}`);
});
// What the script fetches: the index's files, and the result pages it reads bodies from.
context.on("response", async (res) => {
  if (res.request().resourceType() === "fetch") {
    bytes += (await res.body().catch(() => Buffer.alloc(0))).length;
  }
});
const page = await context.newPage();
page.on("pageerror", (e) => check(false, `script error: ${e.message}`));

// The results as shown: title, type label, the meta line, the excerpt, the marked words.
// Excerpts come from the results' pages once they have arrived (data-done).
const results = async () => {
  await page.waitForFunction(() => [...document.querySelectorAll(".search-excerpt")].every((e) => e.hasAttribute("data-done")),
    null, { timeout: 15000 }).catch(() => check(false, "an excerpt never arrived"));
  return resultsNow();
};
const resultsNow = () => page.evaluate(() => [...document.querySelectorAll("#yy-results li")].map((li) => ({
  title: li.querySelector("h2").textContent,
  href: li.querySelector("h2 a").getAttribute("href"),
  type: li.querySelector(".search-type").textContent,
  meta: li.querySelector(".meta").textContent,
  text: li.textContent,
  excerpt: li.querySelector(".search-excerpt").textContent,
  marks: [...li.querySelectorAll("mark")].map((m) => m.textContent),
  // A mark in the title stays in the line of text: a flex link made each text run and mark
  // a column of its own (「冰面勇救 | 落水 | 儿童」 side by side on a phone).
  inlineMarks: [...li.querySelectorAll("h2 mark")].every((m) => getComputedStyle(m).display === "inline"),
})));
const status = () => page.locator("#yy-status").textContent();
// Waits until the status says the search finished (found or not).
const settled = () => page.waitForFunction(() => {
  const s = document.getElementById("yy-status").textContent;
  return s && !s.startsWith("正在");
}, null, { timeout: 15000 }).catch(() => check(false, "the search never finished"));
const open = async (query) => {
  await page.goto(`${root}search/${query}`);
  await settled();
  return results();
};
// Every result, clicking 「显示更多结果」 until it is gone.
const all = async () => {
  for (let i = 0; i < 50 && await page.locator("#yy-more").isVisible(); i++) {
    const n = await page.locator("#yy-results li").count();
    await page.click("#yy-more");
    await page.waitForFunction((k) => document.querySelectorAll("#yy-results li").length > k ||
      document.getElementById("yy-more").hidden, n, { timeout: 10000 });
  }
  return results();
};
// The plain text of a result's page, to check the substring on the page itself.
const pageText = async (href) => {
  const res = await context.request.get(href);
  return (await res.text()).replace(/<[^>]*>/g, "");
};

// 1. Exact substring: 落水 finds the pages that say it, and not the one with only 水落石出.
const t0 = Date.now();
let r = await open("?q=落水");
console.log(`first query: ${Date.now() - t0} ms, ${bytes} bytes of index and pages`);
check(bytes < 100 * 1024, `the first query downloaded ${bytes} bytes of index and pages (budget 100 KB)`);
r = await all();
check(r.length >= 3, `落水: ${r.length} results, expected the 3 heroes and more`);
check(!r.some((x) => x.title.includes("水落石出")), "落水 found the 水落石出 page");
for (const x of r) {
  check((await pageText(x.href)).includes("落水"), `落水: ${x.href} does not contain 落水`);
  check(x.marks.includes("落水"), `落水: nothing marked in ${x.title}`);
  check(x.inlineMarks, `落水: the title of ${x.href} is laid out in columns around its marks`);
}
check(r.some((x) => x.title.includes("河边安全提示")), "落水 did not find the page that has both 落水 and 水落石出");
// Excerpts come from the result's own page (the index keeps no copy of the text): the word in
// its context, for a page that has it only in its body too.
check(r.every((x) => x.excerpt.length > 20), `落水: an empty excerpt in ${JSON.stringify(r.map((x) => x.excerpt))}`);
check(r.filter((x) => !x.title.includes("落水")).some((x) => x.excerpt.includes("落水")),
  `落水: no excerpt shows the word from a page's body: ${JSON.stringify(r.map((x) => x.excerpt))}`);
r = await open("?q=水落石出");
check(r.length === 2 && r.some((x) => x.title.includes("秋季安全提示")), `水落石出: ${JSON.stringify(r.map((x) => x.title))}`);
// A three-character word whose two pairs are both in one page (河边安全提示) without it whole.
r = await open("?q=水落水");
check(r.length === 0, `水落水 (in no page) found ${JSON.stringify(r.map((x) => x.title))}`);
check((await status()).includes("没有找到"), `水落水: status 「${await status()}」`);

// 2. A hero's name ranks the hero first; the page header shows the type label.
for (const [name, slug] of [["周航", "zhou-hang"], ["陈志远", "chen-zhiyuan"], ["孙海", "sun-hai"]]) {
  r = await open(`?q=${name}`);
  check(r.length > 0 && r[0].href.includes(`/heroes/${slug}/`) && r[0].type === "英雄",
    `${name}: first result ${r[0] && r[0].href} (${r[0] && r[0].type})`);
}

// 3. The anonymous hero: found as 张某, never by the real name or a part of it.
r = await open("?q=张某");
check(r.length > 0 && r[0].href.includes("/heroes/zhang-mou/"), `张某: first result ${r[0] && r[0].href}`);
for (const q of ["张立新", "立新"]) {
  r = await open(`?q=${q}`);
  check(r.length === 0, `${q} (the anonymous hero's real name) found ${r.length} results`);
  check((await status()).includes("没有找到"), `${q}: status 「${await status()}」`);
}

// 4. Several words AND together.
r = await open("?q=" + encodeURIComponent("落水 南湖区"));
check(r.length > 0, "落水 南湖区: no result");
for (const x of r) check((await pageText(x.href)).includes("南湖区") && (await pageText(x.href)).includes("落水"),
  `落水 南湖区: ${x.href} lacks a word`);

// 5. Filters: type and district, kept in the address.
r = await open("?q=见义勇为&type=hero");
r = await all();
check(r.length > 5 && r.every((x) => x.type === "英雄"), `type=hero: ${r.length} results, labels ${[...new Set(r.map((x) => x.type))]}`);
r = await open("?q=见义勇为&type=news");
check(r.length > 0 && r.every((x) => x.type === "新闻"), "type=news: wrong labels");
r = await open("?q=见义勇为&district=" + encodeURIComponent("东城区"));
r = await all();
check(r.length > 0 && r.every((x) => x.meta.includes("东城区")), `district=东城区: ${JSON.stringify(r.map((x) => x.meta))}`);
check(await page.locator("#yy-district").inputValue() === "东城区", "the district filter does not show the address's value");
// Changing a filter with the keyboard updates the address.
await page.focus("#yy-type");
await page.selectOption("#yy-type", "hero");
await settled();
check(new URL(page.url()).searchParams.get("type") === "hero", `after choosing 英雄 the address is ${page.url()}`);

// 6. Typing and Enter; the back button brings the earlier query and its results back.
await page.goto(`${root}search/`);
await page.fill("#yy-q", "周航");
await page.press("#yy-q", "Enter");
await settled();
check(new URL(page.url()).searchParams.get("q") === "周航", `after Enter the address is ${page.url()}`);
await page.fill("#yy-q", "孙海");
await page.press("#yy-q", "Enter");
await settled();
await page.goBack();
await settled();
check(await page.inputValue("#yy-q") === "周航", `back: the box says ${await page.inputValue("#yy-q")}`);
r = await results();
check(r.length > 0 && r[0].href.includes("zhou-hang"), "back: the earlier results are not shown");
// The keyboard reaches the first result after the form.
await page.focus("#yy-more");
await page.focus("#yy-q");
let reached = false;
for (let i = 0; i < 12 && !reached; i++) {
  await page.keyboard.press("Tab");
  reached = await page.evaluate(() => !!document.activeElement.closest("#yy-results"));
}
check(reached, "Tab never reaches a result");

// 7. The header's box leads to the search page with the query.
await page.goto(root);
await page.fill("#site-q", "黄敏");
await page.press("#site-q", "Enter");
await page.waitForURL(/\/search\/\?q=/);
await settled();
r = await results();
check(r.length > 0 && r[0].href.includes("huang-min"), `header search: ${page.url()} ${r[0] && r[0].href}`);

// 8. 长辈模式: the results get larger type.
await open("?q=落水");
const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".search-excerpt")).fontSize));
const normal = await size();
await page.evaluate(() => document.documentElement.classList.add("elder"));
check(await size() > normal * 1.15, `长辈模式: excerpt ${await size()} px, normally ${normal} px`);

// 9. Without JavaScript: the <noscript> text with links to the hero roll and the places.
const noJs = await browser.newContext({ javaScriptEnabled: false });
const p2 = await noJs.newPage();
await p2.goto(`${root}search/?q=落水`);
const ns = await p2.evaluate(() => {
  const el = document.querySelector(".search-noscript");
  return el ? { text: el.textContent, links: [...el.querySelectorAll("a")].map((a) => a.getAttribute("href")) } : null;
});
check(ns && ns.text.includes("JavaScript"), `no-JS text: ${JSON.stringify(ns)}`);
check(ns && ns.links.some((h) => h.endsWith("/heroes/")) && ns.links.some((h) => h.endsWith("/places/")),
  `no-JS links: ${JSON.stringify(ns && ns.links)}`);
// The header's form works without script: it reaches the search page.
await p2.goto(root);
await p2.fill("#site-q", "落水");
await p2.press("#site-q", "Enter");
await p2.waitForURL(/\/search\/\?q=/).catch(() => check(false, `no-JS header form went to ${p2.url()}`));

// 10. Nothing jumps while the results fill in (Lighthouse's layout shift was 0.48 with a query:
// the footer moved down under the reader's eyes; 0.11 without one, as the filters widened).
// Chromium's own layout-shift entries, summed as Lighthouse does, on a phone-sized page.
for (const address of ["search/?q=落水", "search/"]) {
  const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const p3 = await phone.newPage();
  await p3.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  await p3.goto(`${root}${address}`);
  await p3.waitForFunction(() => document.querySelectorAll("#yy-type option").length > 1, null, { timeout: 15000 })
    .catch(() => check(false, `${address}: the filters were never filled`));
  if (address.includes("?q=")) {
    await p3.waitForFunction(() => /找到/.test(document.getElementById("yy-status").textContent), null, { timeout: 15000 })
      .catch(() => check(false, `${address}: no results`));
  }
  await p3.waitForTimeout(300);
  const shift = await p3.evaluate(() => window.__shift);
  check(shift < 0.05, `${address}: the page shifted by ${shift.toFixed(3)} while loading`);
  await phone.close();
}

await browser.close();
console.log(`search: ${checks} checks, ${problems} problems`);
process.exit(problems ? 1 : 0);
