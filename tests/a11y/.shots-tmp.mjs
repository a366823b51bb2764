import puppeteer from 'puppeteer-core';
const base = process.argv[2]; const pages = process.argv.slice(3);
const browser = await puppeteer.launch({executablePath: '/usr/bin/chromium', args: ['--no-sandbox']});
for (const p of pages) for (const w of [390, 1280]) for (const dark of [false, true]) {
  const page = await browser.newPage();
  await page.setViewport({width: w, height: 900});
  await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: dark ? 'dark' : 'light'}]);
  await page.goto(base + p, {waitUntil: 'load'});
  const name = p.replace(/[\/#?=]+/g, '_') + `-${w}${dark ? '-dark' : ''}.png`;
  await page.screenshot({path: '/tmp/shots/' + name, fullPage: false});
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight)); await page.screenshot({path: '/tmp/shots/bottom' + name});
  console.log(name, 'height', h);
  await page.close();
}
await browser.close();
