// The 「复制到公众号」 button of a WeChat preview page (crates/yiyong-wechat/assets/preview.js) in
// Debian's headless Chromium, on preview pages tests/wechat_export.rs exports and serves on
// loopback. Arguments: the URLs of preview pages. For each page, at 390 px:
// - the clipboard API path: a click puts the article on the clipboard as text/html equal to the
//   article's own markup (inline styles kept) and as text/plain, and says so in the status line;
// - pasted into a contenteditable (what the mp.weixin.qq.com editor is), the text/html keeps
//   the article's text and inline styles;
// - the fallback without ClipboardItem (older browsers): the selection is copied with
//   execCommand and the status says so; the selection is cleared afterwards;
// - a refused clipboard (permission denied) falls back too, and never leaves the button silent;
// - axe finds no violation; nothing but the article's own HTTPS pictures is asked of another
//   host.
// Prints one line per problem and a summary `wechat copy: N checks, M problems`; exits 1 on any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const urls = process.argv.slice(2);
if (urls.length === 0) throw new Error("usage: node wechat_copy.mjs URL...");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
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
const normal = (s) => s.replace(/\s+/g, " ").trim();

// A fresh context per case: clipboard permissions and init scripts differ.
async function open(url, { grant = true, init = null } = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const origin = new URL(url).origin;
  if (grant) await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  // The article's pictures are absolute HTTPS addresses on the site (WeChat needs them so);
  // they are answered with nothing here. Any other request to another host is a problem.
  await context.route((u) => u.origin !== origin, (route) => {
    const req = route.request();
    if (req.resourceType() !== "image" || !req.url().startsWith("https://")) {
      check(false, `request to another host: ${req.url()}`);
    }
    route.abort();
  });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on("pageerror", (e) => check(false, `${url}: script error: ${e.message}`));
  await page.goto(url);
  return { context, page };
}

const status = (page) => page.locator("#status").textContent();

for (const url of urls) {
  // 1. The clipboard API path.
  {
    const { context, page } = await open(url);
    const article = await page.evaluate(() => ({
      html: document.getElementById("article").innerHTML,
      text: document.getElementById("article").innerText,
    }));
    check(article.html.includes("style=\""), `${url}: the article carries inline styles`);
    await page.getByRole("button", { name: "复制到公众号" }).click();
    await page.waitForFunction(() => document.getElementById("status").textContent !== "",
      null, { timeout: 5000 }).catch(() => {});
    check((await status(page)).startsWith("已复制"), `${url}: status after copy: ${await status(page)}`);
    const copied = await page.evaluate(async () => {
      const items = await navigator.clipboard.read();
      const out = {};
      for (const item of items) {
        for (const type of item.types) out[type] = await (await item.getType(type)).text();
      }
      return out;
    });
    const html = copied["text/html"] || "";
    check(html.includes(article.html.slice(0, 200)) && html.length >= article.html.length,
      `${url}: text/html on the clipboard is the article (${html.length} against ${article.html.length} characters)`);
    check(normal(copied["text/plain"] || "") === normal(article.text),
      `${url}: text/plain on the clipboard is the article's text`);
    // Paste it where an editor would take it: a contenteditable, through a paste event whose
    // data is the clipboard's text/html (what the WeChat editor reads).
    const pasted = await page.evaluate((h) => {
      const box = document.createElement("div");
      box.contentEditable = "true";
      document.body.appendChild(box);
      box.focus();
      const data = new DataTransfer();
      data.setData("text/html", h);
      box.addEventListener("paste", (e) => {
        e.preventDefault();
        box.innerHTML = e.clipboardData.getData("text/html");
      });
      box.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));
      const result = { text: box.innerText, styled: box.querySelectorAll("[style]").length,
        classes: box.querySelectorAll("[class],[id]").length };
      box.remove();
      return result;
    }, html);
    const articleStyled = await page.evaluate(() =>
      document.getElementById("article").querySelectorAll("[style]").length);
    check(normal(pasted.text) === normal(article.text), `${url}: pasted text equals the article's`);
    check(pasted.styled === articleStyled,
      `${url}: pasted markup keeps every inline style (${pasted.styled} of ${articleStyled} elements)`);
    check(pasted.classes === 0, `${url}: pasted markup has no class or id (${pasted.classes})`);
    // Accessibility of the preview page itself.
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(() =>
      axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    check(axe.violations.length === 0, `${url}: axe: ${axe.violations
      .map((v) => `${v.id}: ${v.help} (${v.nodes.length})`).join("; ")}`);
    await context.close();
  }
  // 2. Without ClipboardItem (an older browser): the selection is copied.
  {
    const { context, page } = await open(url, {
      init: () => {
        delete window.ClipboardItem;
        window.__copied = null;
        document.addEventListener("copy", () => {
          window.__copied = window.getSelection().toString();
        });
      },
    });
    await page.getByRole("button", { name: "复制到公众号" }).click();
    const s = await status(page);
    const copied = await page.evaluate(() => window.__copied);
    const text = await page.evaluate(() => document.getElementById("article").innerText);
    check(s.startsWith("已复制"), `${url}: fallback status: ${s}`);
    check(copied !== null && normal(copied) === normal(text),
      `${url}: fallback copies the article's selection`);
    check(await page.evaluate(() => window.getSelection().isCollapsed || window.getSelection().rangeCount === 0),
      `${url}: the selection is cleared after copying`);
    await context.close();
  }
  // 3. The clipboard refused: the fallback still tells the visitor what happened.
  {
    const { context, page } = await open(url, {
      init: () => {
        if (navigator.clipboard) {
          navigator.clipboard.write = () => Promise.reject(new DOMException("denied", "NotAllowedError"));
        }
        document.execCommand = () => false;
      },
    });
    await page.getByRole("button", { name: "复制到公众号" }).click();
    await page.waitForFunction(() => document.getElementById("status").textContent !== "",
      null, { timeout: 5000 }).catch(() => {});
    const s = await status(page);
    check(s.startsWith("没能自动复制"), `${url}: refused clipboard status: ${s}`);
    await context.close();
  }
}
await browser.close();
console.log(`wechat copy: ${checks} checks, ${problems} problems`);
process.exit(problems ? 1 : 0);
