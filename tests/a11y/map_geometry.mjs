// Checks the labels of every map (svg.yy-map) on each URL given, as Chromium really draws them
// at 390 and 1280 px: no label text (text.lb-t) overlaps another label's text or any marker
// (use.mk), and every label text lies inside its white background (the rect.lb before it).
// Boxes are the rendered ones in CSS pixels (getBoundingClientRect, getScreenCTM), with 0.5 px
// tolerance; a label's height is its em box (see textBox).
// Prints one line per problem and a summary; exits 1 on any problem.
import { chromium } from "playwright-core";

const urls = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let problems = 0;
let maps = 0;
let labels = 0;
for (const width of [390, 1280]) {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  for (const url of urls) {
    await page.goto(url);
    // The labels are measured in the page's real font, once it has loaded.
    await page.evaluate(() => document.fonts.ready);
    const found = await page.evaluate(() => {
      const T = 0.5;
      let ctm; // the map's own pixels → CSS pixels on screen
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { l: r.left, t: r.top, r: r.right, b: r.bottom };
      };
      // A label across is its real advance width; up and down it is the em box CJK glyphs are
      // drawn in (0.88 em above the baseline, 0.12 em below), not the font's taller line box.
      const textBox = (el) => {
        const b = box(el);
        const base = ctm.f + ctm.d * el.y.baseVal[0].value;
        const em = ctm.d * parseFloat(getComputedStyle(el).fontSize);
        return { l: b.l, r: b.r, t: base - 0.88 * em, b: base + 0.12 * em };
      };
      const overlap = (a, b) =>
        Math.min(a.r, b.r) - Math.max(a.l, b.l) > T && Math.min(a.b, b.b) - Math.max(a.t, b.t) > T;
      const inside = (a, b) => a.l >= b.l - T && a.t >= b.t - T && a.r <= b.r + T && a.b <= b.b + T;
      const fmt = (b) => `[${[b.l, b.t, b.r, b.b].map((v) => v.toFixed(1)).join(", ")}]`;
      // A marker by the number it shows, a label by its text.
      const nameOf = (el) => el.closest("a")?.querySelector("text.mk-no")?.textContent ?? "?";
      const out = { maps: 0, labels: 0, problems: [] };
      document.querySelectorAll("svg.yy-map").forEach((svg, m) => {
        if (svg.getBoundingClientRect().width === 0) return;
        out.maps += 1;
        ctm = svg.getScreenCTM();
        const where = `map ${m + 1} (${svg.querySelector("title")?.textContent ?? ""})`;
        const markers = [...svg.querySelectorAll("use.mk")].map((el) => ({ no: nameOf(el), b: box(el) }));
        const texts = [...svg.querySelectorAll("text.lb-t")].map((el) => {
          const bg = el.previousElementSibling;
          return {
            text: el.textContent, no: nameOf(el), b: textBox(el),
            bg: bg && bg.matches("rect.lb") ? box(bg) : null,
          };
        });
        out.labels += texts.length;
        const say = (s) => out.problems.push(`${where}: ${s}`);
        texts.forEach((a, i) => {
          if (!a.bg) say(`label 「${a.text}」 of #${a.no} has no rect.lb background`);
          else if (!inside(a.b, a.bg)) {
            say(`label 「${a.text}」 of #${a.no} ${fmt(a.b)} sticks out of its background ${fmt(a.bg)}`);
          }
          texts.slice(i + 1).forEach((b) => {
            if (overlap(a.b, b.b)) say(`label 「${a.text}」 ${fmt(a.b)} overlaps label 「${b.text}」 ${fmt(b.b)}`);
          });
          markers.forEach((k) => {
            if (overlap(a.b, k.b)) say(`label 「${a.text}」 of #${a.no} ${fmt(a.b)} overlaps marker #${k.no} ${fmt(k.b)}`);
          });
        });
      });
      return out;
    });
    maps += found.maps;
    labels += found.labels;
    if (found.maps === 0) found.problems.push("no map drawn");
    for (const p of found.problems) {
      problems += 1;
      console.log(`${url} @${width}px: ${p}`);
    }
  }
  await page.close();
}
await browser.close();
console.log(`map geometry: ${maps} maps, ${labels} labels checked, ${problems} problems`);
process.exit(problems ? 1 : 0);
