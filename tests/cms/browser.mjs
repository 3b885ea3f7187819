// Drives Decap CMS at /admin/ in headless Chromium (Debian's, through puppeteer-core) against
// its local backend (decap-server): logs in, reads the entries of the articles, therapies and
// conditions collections, then creates an article with two therapies picked from the form's
// list and publishes it.
// Usage: node browser.mjs ADMIN_URL CHROMIUM TITLE THERAPY_1 THERAPY_2
// Prints a JSON report: { entries: { collection: [titles] }, saved, consoleErrors, offsite }.
import puppeteer from 'puppeteer-core';

const [adminUrl, chromium, title, ...therapies] = process.argv.slice(2);
const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const report = { entries: {}, saved: false, consoleErrors: [], offsite: [] };

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions'],
});
const step = async (what, action) => {
  try {
    return await action();
  } catch (error) {
    report.failedAt = what;
    report.error = String(error);
    throw error;
  }
};
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(30000);
  page.on('console', message => {
    if (message.type() === 'error') report.consoleErrors.push(message.text());
  });
  page.on('pageerror', error => report.consoleErrors.push(String(error)));
  page.on('request', request => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && !loopback.has(url.hostname)) {
      report.offsite.push(request.url());
    }
  });

  await step('open /admin/', () => page.goto(adminUrl, { waitUntil: 'networkidle0' }));
  await step('log in to the local backend', async () => {
    const login = await page.waitForSelector('::-p-xpath(//button[normalize-space()="Login"])');
    await login.click();
  });

  for (const [collection, cardTitle] of [
    ['articles', 'Heat or Cold for Back Pain: Which Should You Use?'],
    ['therapies', 'Acupuncture'],
    ['conditions', 'Sciatica'],
  ]) {
    await step(`list ${collection}`, async () => {
      await page.goto(`${adminUrl}#/collections/${collection}`);
      const link = `a[href^="#/collections/${collection}/entries/"]`;
      await page.waitForSelector(link);
      await page.waitForFunction(
        (selector, wanted) =>
          [...document.querySelectorAll(selector)].some(a => a.textContent.includes(wanted)),
        {},
        link,
        cardTitle,
      );
      report.entries[collection] = await page.$$eval(link, links =>
        links.map(a => a.querySelector('h2')?.textContent ?? a.textContent),
      );
    });
  }

  await step('open a new article', () => page.goto(`${adminUrl}#/collections/articles/new`));
  const input = async label => {
    const element = await page.waitForSelector(
      // Decap adds "optional" to the labels of optional fields.
      `::-p-xpath(//label[starts-with(normalize-space(), "${label}")])`,
    );
    const id = await element.evaluate(node => node.getAttribute('for'));
    return page.waitForSelector(`[id="${id}"]`);
  };
  await step('type the title', async () => {
    await (await input('Title')).type(title);
  });
  await step('choose two therapies', async () => {
    const select = await input('Therapies it discusses');
    for (const therapy of therapies) {
      await select.click();
      await select.type(therapy);
      await page.keyboard.press('Enter');
    }
  });
  await step('publish', async () => {
    const publish = await page.waitForSelector(
      '::-p-xpath(//button[normalize-space()="Publish"] | //*[@role="button" and normalize-space()="Publish"])',
    );
    await publish.click();
    const now = await page.waitForSelector('::-p-xpath(//*[normalize-space()="Publish now"])');
    await now.click();
    await page.waitForFunction(() => location.hash.includes('/entries/'), { timeout: 30000 });
  });
  report.saved = true;
} catch {
  // The report says where it stopped.
} finally {
  await browser.close();
  console.log(JSON.stringify(report));
}
