// Compares yiyong's elasticlunr.min.js with the elasticlunr.js library (a copy supplied by the
// caller, e.g. Zola's components/search/src/elasticlunr.min.js; none is kept here) in Node:
// both load the same search_index.LANG.js and answer the same queries (each word of the stored
// documents, its first three letters, and pairs of words, under four configurations), and the
// stemmers stem the same words. Arguments: the index script, yiyong's script, the library.
// Prints one JSON line: {queries, setDiffs, orderDiffs, maxRelScoreDiff, stemDiffs, examples}.
import fs from "node:fs";
import vm from "node:vm";

const [indexJs, ours, theirs] = process.argv.slice(2);
const indexText = fs.readFileSync(indexJs, "utf8");
const load = (lib) => {
  const ctx = { window: {}, console: { warn() {}, log() {}, error() {} } };
  vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(lib, "utf8"), ctx);
  vm.runInContext(indexText, ctx);
  const el = ctx.elasticlunr || ctx.window.elasticlunr;
  return [el, el.Index.load(ctx.window.searchIndex)];
};
const [mine, A] = load(ours);
const [ref, B] = load(theirs);
const docs = Object.values(B.documentStore.docs);
const words = [...new Set(docs.flatMap((d) => Object.values(d).join(" ").split(/\s+/)))]
  .filter((w) => w.length > 0).slice(0, 600);
const queries = [];
words.forEach((w, i) => {
  queries.push(w, w.slice(0, 3));
  if (i + 1 < words.length) queries.push(`${w} ${words[i + 1]}`);
});
const fields = Object.fromEntries(B.getFields().map((f, i) => [f, { boost: i + 1 }]));
const configs = [{}, { fields, bool: "AND" }, { fields, bool: "OR", expand: true },
  { bool: "AND", expand: true }];
const out = { queries: 0, setDiffs: 0, orderDiffs: 0, maxRelScoreDiff: 0, stemDiffs: 0, examples: [] };
for (const q of queries) {
  for (const c of configs) {
    out.queries += 1;
    const a = A.search(q, c);
    const b = B.search(q, c);
    const key = (rs) => rs.map((r) => r.ref);
    if (key(a).sort().join("\n") !== key(b).sort().join("\n")) {
      out.setDiffs += 1;
      if (out.examples.length < 5) out.examples.push({ q, c, ours: key(a), theirs: key(b) });
      continue;
    }
    if (key(a).join("\n") !== key(b).join("\n")) out.orderDiffs += 1;
    const theirScore = new Map(b.map((r) => [r.ref, r.score]));
    for (const r of a) {
      const s = theirScore.get(r.ref);
      const rel = Math.abs(s - r.score) / Math.max(1e-12, Math.abs(s));
      out.maxRelScoreDiff = Math.max(out.maxRelScoreDiff, rel);
    }
  }
}
for (const w of words) {
  const x = w.toLowerCase();
  if (mine.stemmer(x) !== ref.stemmer(x)) out.stemDiffs += 1;
}
console.log(JSON.stringify(out));
