// Runs queries through the site's /elasticlunr.min.js (yiyong's own, see
// crates/yiyong-core/src/output/elasticlunr.js) in Debian's headless Chromium, as a Zola theme
// does: the page at the root URL loads /elasticlunr.min.js and /search_index.LANG.js, then
// `elasticlunr.Index.load(window.searchIndex).search(query, config)`. Arguments: the root URL
// and a JSON list of {lang, query, config}. Prints one JSON line: for each query
// {refs, scores, titles (from documentStore.getDoc), docTitles (from documentStore.docs and
// each result's doc)} or {error}; script errors on the page are listed under "pageErrors".
// The tests/zola_search.rs test checks the answers.
import { chromium } from "playwright-core";

const [root, queriesJson] = process.argv.slice(2);
if (!root || !queriesJson) throw new Error("usage: node elasticlunr.mjs http://127.0.0.1:PORT/ '[...]'");
const queries = JSON.parse(queriesJson);
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
  for (const q of queries) {
    // Each language's index script sets window.searchIndex, as on a theme's page.
    await page.addScriptTag({ url: `${root}search_index.${q.lang}.js` });
    answers.push(await page.evaluate(({ query, config }) => {
      try {
        const index = elasticlunr.Index.load(window.searchIndex);
        const results = index.search(query, config);
        return {
          refs: results.map((r) => r.ref),
          scores: results.map((r) => r.score),
          titles: results.map((r) => index.documentStore.getDoc(r.ref).title),
          docTitles: results.map((r) => index.documentStore.docs[r.ref].title === r.doc.title
            ? r.doc.title : "(differs)"),
        };
      } catch (e) {
        return { error: String(e) };
      }
    }, q));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ answers, pageErrors }));
