// The demo page (www/index.html) as a reader uses it, under the strict CSP it is served with.
// Saves a screenshot to tests/e2e/out/demo.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { newPage, open, referenceArticle, REFERENCE_ENTITIES } from "./browser.mjs";

const OUT = new URL("./out/", import.meta.url);

let session;
let page;

/** Resolves when the demo's article is next highlighted (register before acting). */
const nextHighlight = () =>
  page.evaluate(() => new Promise((resolve) =>
    document.getElementById("article").addEventListener("kashif-highlighted", () => resolve(), { once: true })));

before(async () => {
  session = await open();
  page = await newPage(session.browser, { acceptDownloads: true });
  const response = await page.goto(`${session.url}/`);
  assert.match(response.headers()["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => document.querySelectorAll("#article mark[data-kashif-id]").length > 0);
});

after(async () => {
  assert.deepEqual(page.errors, [], "no console errors (CSP violations included)");
  await session?.close();
});

test("the sample article is highlighted, with legend, index and timings", async () => {
  const labels = await page.$$eval("#article mark[data-kashif-id]", (marks) => new Set(marks.map((m) => m.dataset.kashifLabel)).size);
  assert.ok(labels >= 3, "people, places and organisations at least");
  assert.ok(await page.locator("#article").locator("[part~='legend-entry']").count() >= 3);
  assert.ok(await page.locator("#article").locator("[part~='index-entry']").count() >= 5);
  for (const id of ["t-load", "t-analysis", "t-highlight", "t-first"]) {
    assert.match(await page.locator(`#${id}`).textContent(), /^\d+(\.\d)? ms$/, id);
  }
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: new URL("demo.png", OUT).pathname, fullPage: true });
});

test("a pasted article is analyzed; its markup stays text", async () => {
  const pasted = [...referenceArticle(), "<img src=x onerror=alert(1)>"].join("\n");
  await page.fill("#paste", pasted);
  const next = nextHighlight();
  await page.click("#analyze");
  await next;
  const marks = await page.$$eval("#article mark[data-kashif-id]", (marks) => marks.map((m) => [m.dataset.kashifLabel, m.textContent]));
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(marks.some(([l, t]) => l === label && t === text), `${text} marked as ${label}`);
  }
  assert.equal(await page.locator("#article img").count(), 0);
  assert.match(await page.locator("#article").textContent(), /<img src=x onerror=alert\(1\)>/);
});

test("once the gloss table has loaded the index shows glosses; the kashif JSON export carries groups and glosses", async () => {
  await page.waitForFunction(() => [...document.getElementById("article").shadowRoot.querySelectorAll("[part~='gloss']")]
    .some((g) => g.textContent === "China"));
  const shoigu = await page.evaluate(() => [...document.getElementById("article").shadowRoot.querySelectorAll("[part~='index-entry'][data-label='PER']")]
    .map((b) => [b.firstChild.textContent, b.querySelector("[part~='gloss']")?.textContent, b.querySelector("[part~='count']").textContent]));
  assert.ok(shoigu.some(([name, gloss]) => name === "سيرجي شويجو" && gloss === "Shoigu"), JSON.stringify(shoigu));
  assert.ok(!shoigu.some(([name]) => name === "شويجو"), "the surname is no entry of its own");
  const [file] = await Promise.all([page.waitForEvent("download"), page.click("#export-kashif")]);
  const exported = JSON.parse(readFileSync(await file.path(), "utf8"));
  assert.equal(exported.format, "kashif");
  const china = exported.groups.find((g) => g.gloss === "China");
  assert.ok(china && china.mentions.every((m) => exported.mentions[m].entity === china.id));
  mkdirSync(OUT, { recursive: true });
  await page.locator("#article").locator("[part~='index']").scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL("demo-index.png", OUT).pathname, fullPage: true });
});

test("export downloads displaCy JSON and CSV", async () => {
  const [json] = await Promise.all([page.waitForEvent("download"), page.click("#export-json")]);
  const displacy = JSON.parse(readFileSync(await json.path(), "utf8"));
  assert.equal(typeof displacy.text, "string");
  assert.ok(displacy.ents.length > 0);
  const points = [...displacy.text];
  const marks = await page.$$eval("#article mark[data-kashif-id]", (marks) => marks.map((m) => m.textContent));
  assert.ok(displacy.ents.every((e) => marks.some((m) => points.slice(e.start, e.end).join("").includes(m))));
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const rows = readFileSync(await csv.path(), "utf8").replace(/^\ufeff/, "").trimEnd().split("\r\n");
  assert.equal(rows[0], "start,end,label,text,score,value,entity,gloss");
  assert.equal(rows.length, displacy.ents.length + 1);
});

test("the analysis switch sends the article to the worker and gives the same marks", async () => {
  const inline = await page.$$eval("#article mark[data-kashif-id]", (marks) => marks.map((m) => `${m.dataset.kashifId}:${m.dataset.kashifLabel}:${m.textContent}`));
  const next = nextHighlight();
  await page.selectOption("#where", "0");
  await next;
  assert.match(await page.locator("#t-mode").textContent(), /Worker/);
  const worker = await page.$$eval("#article mark[data-kashif-id]", (marks) => marks.map((m) => `${m.dataset.kashifId}:${m.dataset.kashifLabel}:${m.textContent}`));
  assert.deepEqual(worker, inline);
});

test("the genre selector switches to the reference model and back", async () => {
  const marks = () => page.$$eval("#article mark[data-kashif-id]", (marks) => marks.map((m) => `${m.dataset.kashifLabel}:${m.textContent}`));
  const news = await marks();
  const request = page.waitForRequest((r) => r.url().endsWith("/pkg/kashif-reference.model"));
  let next = nextHighlight();
  await page.selectOption("#genre", "pkg/kashif-reference.model");
  await Promise.all([request, next]);
  assert.equal(await page.getAttribute("#article", "model"), "pkg/kashif-reference.model");
  assert.ok((await marks()).length > 0, "the reference model marks the article too");
  next = nextHighlight();
  await page.selectOption("#genre", "");
  await next;
  assert.equal(await page.getAttribute("#article", "model"), null);
  assert.deepEqual(await marks(), news, "back to the news model's marks");
});

test("on a 375 px phone the progress of a long article shows at the top of the screen", async () => {
  const phone = await newPage(session.browser, { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  await phone.goto(`${session.url}/`);
  await phone.waitForFunction(() => document.querySelectorAll("#article mark[data-kashif-id]").length > 0);
  await phone.fill("#paste", Array.from({ length: 30 }, () => referenceArticle()).flat().join("\n"));
  // Where the bar is while the analysis runs (the demo's own listener, registered first, shows it).
  await phone.evaluate(() => document.getElementById("article").addEventListener("kashif-progress", () => {
    const { x, y, width, height } = document.getElementById("progress").getBoundingClientRect();
    window.progressBox ??= { x, y, width, height };
  }));
  await phone.click("#analyze");
  await phone.waitForFunction(() => window.progressBox);
  const box = await phone.evaluate(() => window.progressBox);
  assert.ok(box && box.y >= 0 && box.y + box.height <= 740 && box.width >= 300, JSON.stringify(box));
  const wider = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(wider, 0, "nothing wider than the screen");
  assert.deepEqual(phone.errors, []);
  await phone.context().close();
});
