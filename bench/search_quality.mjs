// Search benchmark (issue 24): recall and precision of the search index on the queries of
// bench/search_queries.txt, against a plain substring scan of the same documents, plus the
// first query's download and the time to the first results in headless Chromium.
//
//   python3 /work/shared/bench/gen_corpus.py /tmp/sc 10000
//   cp -a themes/yiyong /tmp/sc/yiyong/themes/ && cp content/search.md /tmp/sc/yiyong/content/
//   yiyong --root /tmp/sc/yiyong build --base-url http://127.0.0.1:8770
//   (cd /tmp/sc/yiyong/public && python3 -m http.server 8770 --bind 127.0.0.1) &
//   node bench/search_quality.mjs http://127.0.0.1:8770/ /tmp/sc/yiyong/public
//
// The ground truth reads the text the index was made from: each document's short fields
// (search/d/*.json, `per` documents a file) and its body (the stored lead, then the text of the published page's
// element marked data-search-body, read as crates/yiyong-search/src/text.rs reads HTML),
// normalizes it as the index does (full-width ASCII as ASCII, lower case) and keeps the
// documents where every space-separated word of the query is a substring of one field. Uses playwright-core from
// tests/a11y (`npm ci` there).
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(new URL("../tests/a11y/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const [root, publicDir] = process.argv.slice(2);
if (!root || !publicDir) throw new Error("usage: node bench/search_quality.mjs http://127.0.0.1:PORT/ PUBLIC_DIR");

const norm = (s) => [...s].map((c) => {
  let p = c.codePointAt(0);
  if (p >= 0xff01 && p <= 0xff5e) p -= 0xfee0;
  if (p === 0x3000) p = 32;
  const ch = String.fromCodePoint(p), l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}).join("");
const docDir = `${publicDir}/search/d`;
// search/d/N.json holds documents N×per to N×per+per−1 (`per` from meta.json).
const per = JSON.parse(readFileSync(`${publicDir}/search/meta.json`, "utf8")).per;
const docs = readdirSync(docDir).flatMap((f) =>
  JSON.parse(readFileSync(`${docDir}/${f}`, "utf8")).map((d, k) => [+f.split(".")[0] * per + k, d]));
const SKIP = /<(script|style|template|svg|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK = /<\/?(p|br|li|ul|ol|div|h[1-6]|tr|td|th|blockquote|pre|section|article|figcaption|dt|dd|table|hr)\b[^>]*>/gi;
const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
const bodyOf = (u) => {
  const html = readFileSync(`${publicDir}/${u}index.html`, "utf8");
  const at = html.indexOf(" data-search-body>");
  if (at < 0) return "";
  let rest = html.slice(at + 18), depth = 1, end = rest.length;
  for (const m of rest.matchAll(/<(\/?)div\b/g)) {
    depth += m[1] ? -1 : 1;
    if (!depth) { end = m.index; break; }
  }
  return rest.slice(0, end).replace(SKIP, "").replace(BLOCK, " ").replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (e, n) => n[0] === "#"
      ? String.fromCodePoint(n[1] === "x" || n[1] === "X" ? parseInt(n.slice(2), 16) : +n.slice(1))
      : ENTITIES[n] ?? e)
    .replace(/\s+/g, " ").trim();
};
const fields = new Map(docs.map(([id, d]) => [id, [...d.f.slice(0, 5), d.f[5] + bodyOf(d.u)].map(norm)]));
const truth = (q) => {
  const words = q.split(/\s+/).filter(Boolean).map(norm);
  return new Set([...fields].filter(([, f]) => words.every((w) => f.some((x) => x.includes(w)))).map(([id]) => id));
};
const queries = readFileSync(new URL("search_queries.txt", import.meta.url), "utf8").split("\n")
  .filter((l) => l && !l.startsWith("#")).map((l) => l.split("\t"));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
// The first query as a visitor makes it: a fresh browser, the page, a name typed in.
const first = await browser.newContext();
let bytes = 0, fetches = 0;
const pending = [];
first.on("response", (r) => {
  // The index's files and the result pages the script reads bodies from.
  if (r.request().resourceType() !== "fetch") return;
  pending.push(r.body().then((b) => b.length, () => 0).then((n) => { bytes += n; fetches += 1; }));
});
const page = await first.newPage();
await page.goto(`${root}search/`);
await page.waitForLoadState("networkidle");
// Time in the page from the form's submission to the status line saying what was found (the
// first ten results drawn), measured by the page's own clock.
const ask = (q) => page.evaluate((q) => new Promise((done) => {
  const st = document.getElementById("yy-status");
  const seen = new MutationObserver(() => {
    if (st.textContent && !st.textContent.startsWith("正在")) { seen.disconnect(); done(performance.now() - t); }
  });
  seen.observe(st, { childList: true, characterData: true, subtree: true });
  document.getElementById("yy-q").value = q;
  const t = performance.now();
  document.querySelector("#yy-search form").requestSubmit();
}), q);
const times = [];
for (const [i, [, q]] of queries.entries()) {
  times.push([q, await ask(q)]);
  if (i === 0) {
    // With the excerpts, which come from the results' pages after the results show.
    await page.waitForFunction(() => [...document.querySelectorAll(".search-excerpt")].every((e) => e.hasAttribute("data-done")));
    await page.waitForLoadState("networkidle");
    await Promise.all(pending);
    console.log(`first query (${q}): ${bytes} bytes in ${fetches} requests (index and result pages), results in ${times[0][1].toFixed(0)} ms`);
  }
}
times.sort((a, b) => a[1] - b[1]);
const med = times[times.length >> 1][1];
console.log(`time to the first results shown (in the page; shards and documents cached once fetched): median ${med.toFixed(0)} ms, max ${times[times.length - 1][1].toFixed(0)} ms (${times[times.length - 1][0]})`);

// Every result of every query through the script's own function, against the scan.
const kinds = {};
let sumR = 0, sumP = 0, nameFirst = 0, names = 0;
for (const [kind, q] of queries) {
  const got = await page.evaluate((q) => window.yiyongSearch(q), q);
  const want = truth(q);
  const hit = got.filter((id) => want.has(id)).length;
  const recall = want.size ? hit / want.size : (got.length ? 0 : 1);
  const precision = got.length ? hit / got.length : (want.size ? 0 : 1);
  sumR += recall; sumP += precision;
  (kinds[kind] ||= []).push([recall, precision]);
  if (kind === "name") {
    names += 1;
    const top = got.length && docs.find(([id]) => id === got[0])[1];
    if (top && top.y === 0 && top.f[1] === q) nameFirst += 1;
    else console.log(`name ${q}: first result ${top && top.u} (${top && top.f[1]})`);
  }
  if (recall < 1 || precision < 1) console.log(`${kind} ${q}: ${got.length} results, ${want.size} by the scan, recall ${recall.toFixed(3)}, precision ${precision.toFixed(3)}`);
}
for (const [k, v] of Object.entries(kinds)) {
  const r = v.reduce((a, x) => a + x[0], 0) / v.length, p = v.reduce((a, x) => a + x[1], 0) / v.length;
  console.log(`${k}: ${v.length} queries, mean recall ${r.toFixed(3)}, mean precision ${p.toFixed(3)}`);
}
console.log(`all: ${queries.length} queries, mean recall ${(sumR / queries.length).toFixed(3)}, mean precision ${(sumP / queries.length).toFixed(3)}; the hero first for ${nameFirst} of ${names} names`);
await browser.close();
