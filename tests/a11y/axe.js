// Audits HTML reports with axe-core in headless Chromium (Debian's
// /usr/bin/chromium, driven by puppeteer-core) at WCAG 2.1 A and AA, checks
// that the page reflows at 320 CSS pixels (WCAG 1.4.10: what 400 % zoom of
// a 1280-pixel window gives; 200 % is easier) without scrolling sideways,
// and that the file makes no request of its own; takes a desktop and a phone
// screenshot of each page into SHOTDIR.
//
// usage: node axe.js SHOTDIR FILE.html...
// Prints one line per page and every violation; exits 1 when any is found.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const AXE = require.resolve('axe-core/axe.min.js');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

async function main() {
  const [shots, ...files] = process.argv.slice(2);
  if (!shots || files.length === 0) {
    console.error('usage: node axe.js SHOTDIR FILE.html...');
    process.exit(2);
  }
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dm-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let failed = 0;
  try {
    for (const file of files) {
      const url = 'file://' + path.resolve(file);
      // LANG/output/NAME.html -> LANG-NAME (the same report in two languages).
      const name = path.basename(path.dirname(path.dirname(path.resolve(file)))) + '-' +
                   path.basename(file, '.html');
      const page = await browser.newPage();
      const requests = [];
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ path: AXE });
      const res = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        return await axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        });
      });
      const scripts = await page.evaluate(
        () => document.querySelectorAll('script:not([src*="axe"])').length);
      await page.screenshot({ path: path.join(shots, name + '-desktop.png'), fullPage: true });
      // Reflow: a 320 px wide window must not scroll sideways (tables scroll in their own box).
      await page.setViewport({ width: 320, height: 640 });
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
      // The first screens on a phone (a whole page at this width is very tall).
      await page.screenshot({ path: path.join(shots, name + '-phone.png'),
                              clip: { x: 0, y: 0, width: 390, height: 3000 }, captureBeyondViewport: true });
      await page.close();
      const v = res.violations;
      const problems = [];
      for (const x of v) {
        problems.push(`${x.id} (${x.impact}): ${x.help}; ${x.nodes.length} node(s), e.g. ` +
                      x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '));
      }
      if (wide > 0) problems.push(`reflow: at 320 px the page is ${wide} px too wide`);
      if (requests.length) problems.push(`requests: ${requests.join(', ')}`);
      if (scripts > 1) problems.push(`${scripts - 1} script element(s) in the page`);
      if (problems.length) {
        failed++;
        console.log(`FAIL ${name}: ${problems.length} problem(s)`);
        for (const p of problems) console.log('     ' + p);
      } else {
        console.log(`ok   ${name}: no axe violations (WCAG 2.1 A, AA), reflows at 320 px`);
      }
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error('axe.js: ' + (e && e.stack ? e.stack : e));
  process.exit(2);
});
