// Checks 长辈模式 in the default theme, in Debian's headless Chromium, on the demo site served
// at the URL given (its home): a tap on 「长辈模式」 enlarges the type at once, moves focus to
// 「标准模式」 and is remembered on the next page; 「标准模式」 turns it off for the next page too;
// without JavaScript the same link turns it on for the page (`#elder`, `html:target`) and
// 「标准模式」 off again. Nothing but the one localStorage key is stored and no request goes to
// another host. One line per problem, then a summary; exits 1 on any problem.
import { chromium } from "playwright-core";

const base = (process.argv[2] || "").replace(/\/$/, "");
if (!base) throw new Error("usage: node elder.mjs http://127.0.0.1:PORT/");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
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
const size = (page) => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
const open = async (js) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: js });
  context.on("request", (r) => check(new URL(r.url()).hostname === "127.0.0.1", `request to another host: ${r.url()}`));
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, `script error: ${e.message}`));
  return { context, page };
};
const tap = (page, name) => page.getByRole("link", { name, exact: true }).click({ timeout: 5000 })
  .then(() => true, () => check(false, `no visible 「${name}」 link on ${page.url()}`));

const { context, page } = await open(true);
await page.goto(`${base}/heroes/`, { waitUntil: "networkidle" });
const standard = await size(page);
await tap(page, "长辈模式");
const large = await size(page);
check(large >= standard * 1.2, `the tap made the type ${standard} → ${large} px`);
check(await page.evaluate(() => document.activeElement.textContent === "标准模式"),
  "focus did not move to 「标准模式」");
check(new URL(page.url()).pathname === "/heroes/", `the tap navigated to ${page.url()}`);
await page.goto(`${base}/places/`, { waitUntil: "networkidle" });
check(await size(page) === large, "长辈模式 was not remembered on the next page");
check(await page.evaluate(() => localStorage.length === 1 && localStorage.getItem("yy-elder") === "1" &&
  sessionStorage.length === 0 && document.cookie === ""), "something else than yy-elder was stored");
await tap(page, "标准模式");
check(await size(page) === standard, "「标准模式」 did not turn it off");
await page.goto(`${base}/`, { waitUntil: "networkidle" });
check(await size(page) === standard, "standard mode was not remembered");
// A shared `#elder` address opens large; 「标准模式」 must still turn it off.
await page.goto(`${base}/news/#elder`, { waitUntil: "networkidle" });
check(await size(page) === large, "an #elder address does not open in 长辈模式");
await tap(page, "标准模式");
check(await size(page) === standard, "「标准模式」 does not turn off the 长辈模式 of an #elder address");
check(new URL(page.url()).hash === "", `the address keeps a fragment: ${page.url()}`);
await context.close();

const still = await open(false);
await still.page.goto(`${base}/heroes/zhou-hang/`, { waitUntil: "networkidle" });
check(await size(still.page) === standard, "without JavaScript the page does not start in standard type");
await tap(still.page, "长辈模式");
check(await size(still.page) === large, "without JavaScript 「长辈模式」 does not enlarge the type");
await tap(still.page, "标准模式");
check(await size(still.page) === standard, "without JavaScript 「标准模式」 does not turn it off");
await still.context.close();

await browser.close();
console.log(`elder: ${checks} checks, ${problems} problems`);
process.exit(problems ? 1 : 0);
