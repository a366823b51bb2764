// Checks the optional 天地图 layer (crates/yiyong-maps/assets/tianditu.js) in Debian's headless
// Chromium on the pages given, built with [extra.yiyong.maps.tianditu] tk = KEY:
//   node tianditu.mjs KEY URL...
// Tile requests go to t0–t7.tianditu.gov.cn and are answered here with generated PNGs (no
// network). Checked: the live map replaces the picture; every listed place is a marker or in a
// bubble; tile URLs are 天地图's vec_w/cva_w WMTS with the key; a marker sits on the tile pixel
// its coordinates project to; drag, keys, buttons and bubbles pan and zoom; 「显示示意图」 brings
// the picture back; the approval number is shown; axe finds nothing; failing tiles fall back to
// the picture with a message; without JavaScript nothing calls 天地图. With SHOTS=dir, writes
// screenshots at 390 and 1280 px in light and dark mode. One line per problem, then a summary.
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";

const [key, ...urls] = process.argv.slice(2);
if (!key || !urls.length) throw new Error("usage: node tianditu.mjs KEY URL...");
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
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

// A 256×256 RGBA PNG whose pixels come from `paint(x, y)`.
const png = (paint) => {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const v of buf) c = table[(c ^ v) & 255] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), body.length + 4);
    return out;
  };
  const raw = Buffer.alloc((256 * 4 + 1) * 256);
  for (let y = 0; y < 256; y++) {
    for (let x = 0; x < 256; x++) raw.set(paint(x, y), y * (256 * 4 + 1) + 1 + x * 4);
  }
  const head = Buffer.from([0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", head),
    chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
};
const vecTile = png((x, y) => (x < 2 || y < 2 ? [160, 160, 180, 255] : [242, 239, 233, 255]));
const cvaTile = png((x, y) => (x > 96 && x < 160 && y > 120 && y < 128 ? [70, 70, 70, 255] : [0, 0, 0, 0]));

const TILE_URL = /^https:\/\/t([0-7])\.tianditu\.gov\.cn\/(vec|cva)_w\/wmts\?/;
// A context whose 天地图 requests are answered (or refused, with `broken`) and recorded.
const open = async (options, broken = false) => {
  const context = await browser.newContext({ deviceScaleFactor: 1, ...options });
  const tiles = [];
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === "127.0.0.1" || u.protocol === "data:") return route.continue();
    const m = route.request().url().match(TILE_URL);
    if (!check(m, `request to another host than 127.0.0.1 and 天地图's tiles: ${u.href}`)) return route.abort();
    const q = u.searchParams;
    tiles.push({ layer: m[2], z: +q.get("TILEMATRIX"), x: +q.get("TILECOL"), y: +q.get("TILEROW") });
    check(q.get("tk") === key && q.get("LAYER") === m[2] && q.get("SERVICE") === "WMTS" &&
      q.get("REQUEST") === "GetTile" && q.get("TILEMATRIXSET") === "w" && q.get("STYLE") === "default",
      `a tile URL is not 天地图's WMTS with the site's key: ${u.href}`);
    check(+m[1] === (+q.get("TILECOL") + +q.get("TILEROW")) % 8, `tiles are not spread over t0–t7: ${u.href}`);
    if (broken) return route.abort();
    return route.fulfill({ contentType: "image/png", body: m[2] === "vec" ? vecTile : cvaTile });
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, `script error: ${e.message}`));
  return { context, page, tiles };
};

// What the layer shows, read from the page.
const state = (page) => page.evaluate(() => {
  const live = document.querySelector(".yy-map-live");
  const view = live.querySelector(".yy-tdt-map");
  const list = document.getElementById(live.dataset.list);
  const px = (e) => ({ x: parseFloat(e.style.left), y: parseFloat(e.style.top) });
  return {
    approval: live.dataset.approval,
    figureShown: !live.querySelector("figure").hidden,
    viewShown: !!view && !view.hidden,
    attribution: view ? view.querySelector(".yy-tdt-attr").textContent : "",
    status: (live.querySelector(".yy-tdt-status") || {}).textContent || "",
    toggle: (live.querySelector(".yy-tdt-bar button") || {}).textContent || "",
    stored: localStorage.length + sessionStorage.length + document.cookie.length,
    places: [...list.querySelectorAll("li.map-item[data-lat]")].map((li) => ({
      lat: +li.dataset.lat, lon: +li.dataset.lon, href: li.querySelector("a.map-name").href,
      no: li.querySelector(".map-no").textContent.trim(),
    })),
    marks: view ? [...view.querySelectorAll("a.yy-tdt-mark")].map((a) => ({
      href: a.href, no: a.textContent, shown: !a.hidden, ...px(a),
    })) : [],
    bubbles: view ? [...view.querySelectorAll("button.yy-tdt-group:not([hidden])")].map((b) => ({
      count: parseInt(b.textContent, 10), ...px(b),
    })) : [],
    imgs: view ? [...view.querySelectorAll("img")].map((i) => {
      const q = new URL(i.src).searchParams;
      return { layer: q.get("LAYER"), z: +q.get("TILEMATRIX"), tx: +q.get("TILECOL"), ty: +q.get("TILEROW"), ...px(i) };
    }) : [],
    size: view ? { w: view.clientWidth, h: view.clientHeight } : null,
  };
});

// Web Mercator pixels of a WGS-84 point at zoom z, computed here independently of the script.
const project = (lat, lon, z) => {
  const s = Math.sin(lat * Math.PI / 180);
  const n = 256 * 2 ** z;
  return { x: (lon + 180) / 360 * n, y: (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n };
};
// Each shown marker sits where its place projects, relative to the tile drawn under it.
const checkGeometry = (s, where) => {
  const z = s.imgs[0].z;
  let seen = 0;
  for (const m of s.marks.filter((m) => m.shown)) {
    const p = s.places.find((p) => p.href === m.href);
    if (!check(p, `${where}: marker ${m.no} links to no listed place`)) continue;
    check(m.no === p.no, `${where}: marker ${m.no} carries another number than its list entry (${p.no})`);
    const w = project(p.lat, p.lon, z);
    const tx = Math.floor(w.x / 256);
    const ty = Math.floor(w.y / 256);
    const img = s.imgs.find((i) => i.layer === "vec" && i.tx === tx && i.ty === ty);
    if (!img) continue; // off screen
    seen += 1;
    const dx = img.x + (w.x - tx * 256) - m.x;
    const dy = img.y + (w.y - ty * 256) - m.y;
    check(Math.hypot(dx, dy) <= 1.5, `${where}: marker ${m.no} is ${dx.toFixed(1)},${dy.toFixed(1)} px off its point`);
  }
  return seen;
};
// The roads tile nearest the middle of the view: it stays on screen after a small pan.
const firstImg = (s) => s.imgs.filter((i) => i.layer === "vec").sort((a, b) =>
  Math.hypot(a.x + 128 - s.size.w / 2, a.y + 128 - s.size.h / 2) -
  Math.hypot(b.x + 128 - s.size.w / 2, b.y + 128 - s.size.h / 2))[0];

for (const url of urls) {
  const where = new URL(url).pathname;
  const { context, page, tiles } = await open({ viewport: { width: 390, height: 844 } });
  await page.goto(url, { waitUntil: "networkidle" });
  await page.locator(".yy-tdt-map").scrollIntoViewIfNeeded();
  let s = await state(page);
  check(s.viewShown && !s.figureShown, `${where}: the 天地图 map does not replace the picture`);
  check(s.attribution === `© 天地图 审图号：${s.approval}` && s.approval.length > 0,
    `${where}: attribution reads 「${s.attribution}」`);
  check(s.toggle === "显示示意图", `${where}: the toggle reads 「${s.toggle}」`);
  check(tiles.some((t) => t.layer === "vec") && tiles.some((t) => t.layer === "cva"),
    `${where}: both vec (roads) and cva (labels) tiles are asked for`);
  const inBubbles = s.bubbles.reduce((a, b) => a + b.count, 0);
  check(s.marks.length === s.places.length, `${where}: ${s.marks.length} markers for ${s.places.length} places`);
  check(s.marks.filter((m) => m.shown).length + inBubbles === s.places.length,
    `${where}: shown markers and bubbles do not add up to the ${s.places.length} places`);
  checkGeometry(s, where);

  // Bubbles open up when tapped, until single markers show.
  for (let i = 0; i < 8 && s.bubbles.length && !s.marks.some((m) => m.shown); i++) {
    const z = s.imgs[0].z;
    await page.locator("button.yy-tdt-group:not([hidden])").first().click();
    s = await state(page);
    check(s.imgs[0].z > z, `${where}: tapping a bubble does not zoom in`);
  }
  check(checkGeometry(s, `${where} (zoomed in)`) > 0, `${where}: no single marker on screen after zooming in`);

  // Drag pans by exactly the distance dragged; no page scroll happens.
  const before = firstImg(s);
  const box = await page.locator(".yy-tdt-map").boundingBox();
  const scroll = await page.evaluate(() => scrollY);
  // A point of bare map (not a marker or a button) to grab.
  const grab = await page.evaluate(({ x, y }) => {
    for (let dy = 40; dy < 400; dy += 23) {
      for (let dx = 20; dx < 300; dx += 31) {
        if (document.elementFromPoint(x + dx, y + dy)?.matches(".yy-tdt-map")) return { dx, dy };
      }
    }
    return { dx: 100, dy: 150 };
  }, box);
  await page.mouse.move(box.x + grab.dx, box.y + grab.dy);
  await page.mouse.down();
  await page.mouse.move(box.x + grab.dx + 60, box.y + grab.dy + 40, { steps: 5 });
  await page.mouse.up();
  s = await state(page);
  const same = (a) => (i) => i.layer === a.layer && i.tx === a.tx && i.ty === a.ty && i.z === a.z;
  const moved = s.imgs.find(same(before));
  check(moved && moved.x - before.x === 60 && moved.y - before.y === 40,
    `${where}: a drag of 60,40 moved the map by ${moved ? `${moved.x - before.x},${moved.y - before.y}` : "nothing"}`);
  check(await page.evaluate(() => scrollY) === scroll, `${where}: dragging the map scrolled the page`);
  checkGeometry(s, `${where} (dragged)`);

  // Keys: arrows pan, + and − zoom; the buttons zoom.
  await page.locator(".yy-tdt-map").focus();
  const k0 = firstImg(s);
  await page.keyboard.press("ArrowLeft");
  s = await state(page);
  const k1 = s.imgs.find(same(k0));
  check(k1 && k1.x - k0.x === 80 && k1.y === k0.y, `${where}: ArrowLeft did not pan the map 80 px`);
  const z0 = s.imgs[0].z;
  await page.keyboard.press("-");
  s = await state(page);
  check(s.imgs.every((i) => i.z === z0 - 1), `${where}: 「-」 did not zoom out one level`);
  await page.getByRole("button", { name: "放大" }).click();
  s = await state(page);
  check(s.imgs.every((i) => i.z === z0), `${where}: 放大 did not zoom in one level`);
  checkGeometry(s, `${where} (zoomed by button)`);
  check(s.imgs.length >= 4 && s.imgs.length <= 2 * 4 * 5, `${where}: ${s.imgs.length} tiles on a 390 px screen`);

  // axe on the page as shown, map on.
  await page.addScriptTag({ content: axeSource });
  const axe = await page.evaluate(() =>
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  for (const v of axe.violations) {
    check(false, `${where}: axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join("; ")})`);
  }

  // The toggle brings the picture back, and the map again.
  await page.getByRole("button", { name: "显示示意图" }).click();
  s = await state(page);
  check(s.figureShown && !s.viewShown && s.toggle === "显示天地图", `${where}: 「显示示意图」 does not show the picture`);
  await page.getByRole("button", { name: "显示天地图" }).click();
  s = await state(page);
  check(!s.figureShown && s.viewShown, `${where}: 「显示天地图」 does not show the map again`);
  check(s.stored === 0, `${where}: something was stored`);
  await context.close();

  // Tiles that fail: the picture comes back with a message.
  const broken = await open({ viewport: { width: 390, height: 844 } }, true);
  await broken.page.goto(url, { waitUntil: "networkidle" });
  await broken.page.waitForFunction(() => document.querySelector(".yy-tdt-status")?.textContent.includes("天地图暂时无法显示"),
    null, { timeout: 10000 }).catch(() => {});
  s = await state(broken.page);
  check(s.figureShown && !s.viewShown && s.status.includes("天地图暂时无法显示"),
    `${where}: with failing tiles the picture does not come back (status 「${s.status}」)`);
  await broken.context.close();

  // Without JavaScript: the picture, and no request to 天地图.
  const still = await open({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  await still.page.goto(url, { waitUntil: "networkidle" });
  s = await state(still.page);
  check(s.figureShown && !s.viewShown && still.tiles.length === 0, `${where}: without JavaScript the picture is not all there is`);
  await still.context.close();
}

if (process.env.SHOTS) {
  mkdirSync(process.env.SHOTS, { recursive: true });
  for (const width of [390, 1280]) {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page } = await open({ viewport: { width, height: 900 }, colorScheme });
      await page.goto(urls[0], { waitUntil: "networkidle" });
      await page.locator(".yy-tdt-bar").scrollIntoViewIfNeeded();
      await page.evaluate(() => scrollBy(0, document.querySelector(".yy-tdt-bar").getBoundingClientRect().top - 20));
      await page.screenshot({ path: `${process.env.SHOTS}/tianditu-${width}-${colorScheme}.png` });
      await context.close();
    }
  }
}
await browser.close();
console.log(`tianditu.js: ${checks} checks, ${problems} problems`);
process.exit(problems ? 1 : 0);
