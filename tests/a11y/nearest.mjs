// Checks 「离我最近」 (crates/yiyong-maps/assets/nearest.js) on the places page given as the only
// argument, in Debian's headless Chromium: with JavaScript off the block is hidden and the list
// keeps its order; with a granted, faked position a tap sorts the list nearest first (distances
// recomputed here from data-lat/lon), names the nearest place and moves focus to its link; when
// permission is denied the order is kept and the status says why; without navigator.geolocation
// the block stays hidden. No request may go to another host, none after a tap, and nothing
// may be stored. Prints one line per problem and a summary; exits 1 on any problem.
import { chromium } from "playwright-core";

const url = process.argv[2];
if (!url) throw new Error("usage: node nearest.mjs http://127.0.0.1:PORT/places/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const origin = new URL(url).origin;
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
// Every request of every context, with whether a tap had happened before it.
let tapped = false;
const watch = (context, name) => {
  context.on("request", (req) => {
    const u = req.url();
    if (u.startsWith("data:")) return;
    check(new URL(u).hostname === "127.0.0.1", `${name}: request to another host: ${u}`);
    check(!tapped, `${name}: request after the tap: ${u}`);
  });
  context.on("page", (p) => {
    p.on("pageerror", (e) => check(false, `${name}: script error: ${e.message}`));
  });
};
// Counts calls of getCurrentPosition/watchPosition, to show none happens on load.
const countGeo = () => {
  window.__geoCalls = 0;
  const proto = Geolocation.prototype;
  for (const name of ["getCurrentPosition", "watchPosition"]) {
    const orig = proto[name];
    proto[name] = function (...args) { window.__geoCalls += 1; return orig.apply(this, args); };
  }
};
const haversine = (a, b) => {
  const r = Math.PI / 180;
  const h = Math.sin((b.lat - a.lat) * r / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin((b.lon - a.lon) * r / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
};
const readList = (page) => page.evaluate(() => {
  const block = document.querySelector(".map-near[data-list]");
  const list = document.getElementById(block.dataset.list);
  return {
    hidden: block.hidden || block.getBoundingClientRect().height === 0,
    status: block.querySelector(".map-near-status").textContent,
    focus: document.activeElement && document.activeElement.closest("li.map-item")
      ? document.activeElement.closest("li.map-item").id + (document.activeElement.matches("a.map-name") ? ":name" : "")
      : "",
    stored: localStorage.length + sessionStorage.length + document.cookie.length,
    items: [...list.querySelectorAll("li.map-item")].map((li) => ({
      id: li.id, lat: +li.dataset.lat, lon: +li.dataset.lon,
      name: li.querySelector("a.map-name").textContent.trim(),
      dist: li.querySelector(".map-dist").textContent,
    })),
  };
});
const ids = (l) => l.items.map((i) => i.id).join(" ");
const tap = async (page, expect) => {
  const ok = await page.getByRole("button", { name: "离我最近" }).click({ timeout: 5000 })
    .then(() => true, () => false);
  if (!check(ok, "the 「离我最近」 button can be tapped")) return;
  await page.waitForFunction((t) => document.querySelector(".map-near-status").textContent.includes(t),
    expect, { timeout: 15000 }).catch(() => check(false, `status never said 「${expect}」`));
};

// The order the server sent.
const html = await (await fetch(url)).text();
const served = [...html.matchAll(/<li class="map-item" id="([^"]+)"/g)].map((m) => m[1]).join(" ");
check(served.split(" ").length >= 3, `the page lists at least 3 places (found: ${served})`);

// (a) JavaScript off: the block stays hidden, the list keeps the served order.
{
  const context = await browser.newContext({ javaScriptEnabled: false });
  watch(context, "no JavaScript");
  const page = await context.newPage();
  await page.goto(url);
  const l = await readList(page);
  check(l.hidden, "with JavaScript off 「离我最近」 is hidden");
  check(ids(l) === served, `with JavaScript off the list keeps its order: ${ids(l)}`);
  await context.close();
}

// (b) Permission granted, position faked at the last place: a tap sorts nearest first.
let target;
{
  const context = await browser.newContext();
  watch(context, "granted");
  await context.grantPermissions(["geolocation"], { origin });
  await context.addInitScript(countGeo);
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "networkidle" });
  // The script may be on a page twice; a second copy must change nothing.
  const src = await page.getAttribute('script[src$="nearest.js"]', "src");
  await page.addScriptTag({ url: src });
  await page.waitForTimeout(300);
  const before = await readList(page);
  check(!before.hidden, "with JavaScript and geolocation 「离我最近」 is shown");
  check(ids(before) === served, "before a tap the list keeps its order");
  check(await page.evaluate(() => window.__geoCalls) === 0, "no position is asked for on load");
  const same = (a, b) => a.lat === b.lat && a.lon === b.lon;
  // The last place whose coordinates no other place shares, so it alone is nearest.
  target = [...before.items].reverse().find((i) => before.items.filter((j) => same(i, j)).length === 1);
  check(target && target.id !== before.items[0].id, "a place to stand at that is not first already");
  await context.setGeolocation({ latitude: target.lat, longitude: target.lon, accuracy: 20 });
  for (const n of [1, 2]) {
    const at = target;
    // A second tap sorts again (the browser may reuse the position: maximumAge is 5 minutes),
    // so the list is shuffled first.
    if (n === 2) await page.evaluate(() => { const u = document.querySelector("ul.map-list"); [...u.children].reverse().forEach((li) => u.appendChild(li)); });
    tapped = true;
    await tap(page, "已按离您的距离排序");
    const l = await readList(page);
    check(await page.evaluate(() => window.__geoCalls) === n, `tap ${n} asks for the position once`);
    check(l.items[0].id === at.id, `tap ${n}: ${at.id} is first, not ${l.items[0].id}`);
    check(l.status.includes(`最近的是：${at.name}`), `tap ${n}: the status names ${at.name}: 「${l.status}」`);
    check(l.focus === `${at.id}:name`, `tap ${n}: focus is on ${at.id}'s link, not "${l.focus}"`);
    check(ids(l).split(" ").sort().join(" ") === served.split(" ").sort().join(" "),
      `tap ${n}: the same places are listed`);
    const d = l.items.map((i) => haversine(at, i));
    const bad = d.findIndex((v, k) => k > 0 && v < d[k - 1] - 0.01);
    check(bad < 0, `tap ${n}: distances never decrease (${l.items[bad]?.id} after ${l.items[bad - 1]?.id})`);
    const text = l.items.filter((i) => !/^约 (\d+ 米|\d+(\.\d)? 公里)$/.test(i.dist)).map((i) => `${i.id}「${i.dist}」`);
    check(text.length === 0, `tap ${n}: every place shows its distance: ${text.slice(0, 3).join(", ")}`);
    check(l.stored === 0, `tap ${n}: nothing stored (storage/cookies)`);
  }
  // Anything the script would send after the tap has had time to go.
  await page.waitForTimeout(500);
  await context.close();
}

// (c) Permission denied: the order is kept and the status says why.
{
  tapped = false;
  const context = await browser.newContext();
  watch(context, "denied");
  await context.clearPermissions();
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "networkidle" });
  tapped = true;
  await tap(page, "未能获取位置");
  const l = await readList(page);
  check(ids(l) === served, "with permission denied the list keeps its order");
  check(l.status.includes("您没有允许使用位置信息") && l.status.includes("列表仍按地区排列"),
    `with permission denied the status explains: 「${l.status}」`);
  check(l.items.every((i) => i.dist === ""), "with permission denied no distances are shown");
  await page.waitForTimeout(500);
  await context.close();
}

// Without navigator.geolocation the block stays hidden.
{
  tapped = false;
  const context = await browser.newContext();
  watch(context, "no geolocation");
  await context.addInitScript(() => { delete Navigator.prototype.geolocation; });
  const page = await context.newPage();
  await page.goto(url);
  const l = await readList(page);
  check(l.hidden, "without navigator.geolocation 「离我最近」 stays hidden");
  await context.close();
}

await browser.close();
console.log(`nearest.js: ${checks} checks, ${problems} problems (stood at ${target?.id} ${target?.name})`);
process.exit(problems ? 1 : 0);
