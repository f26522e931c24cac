// Light and dark pages, and a phone: the contrast of every mark, legend entry and index entry
// with what is behind it, measured in Chromium on a page that follows the reader's colour scheme
// (light and dark) and on a page that declares none; screenshots of a dark page, a 375 px phone
// page and the demo (light, dark, phone) go to tests/e2e/out/ to be looked at.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { contrast, luminance } from "./contrast.mjs";
import { newPage, open, openFixture, referenceArticle } from "./browser.mjs";

const OUT = new URL("./out/", import.meta.url);
let session;

before(async () => {
  session = await open();
  mkdirSync(OUT, { recursive: true });
});

after(async () => {
  await session?.close();
});

/** Every text the element shows, `{what, text, colour, background}`, background as painted. */
function colours(page) {
  return page.evaluate(() => {
    const article = document.querySelector("#host kashif-article");
    const painted = (element) => {
      for (let node = element; node;) {
        const background = getComputedStyle(node).backgroundColor;
        if (!/rgba\(.*, 0\)$|transparent/.test(background)) return background;
        node = node.parentElement ?? node.getRootNode().host;
      }
      return "rgb(255, 255, 255)";
    };
    const entry = (what, element) => ({ what, text: element.textContent, colour: getComputedStyle(element).color, background: painted(element) });
    const shadow = article.shadowRoot;
    return [
      ...[...article.querySelectorAll("mark[data-kashif-id]")].map((m) => entry(`mark ${m.dataset.kashifLabel}`, m)),
      ...[...shadow.querySelectorAll("[part~='legend-entry'] span:not([part~='swatch'])")].map((s) => entry("legend", s)),
      ...[...shadow.querySelectorAll("[part~='index-entry'], [part~='index-entry'] [part~='count']")].map((b) => entry("index entry", b)),
      ...[...shadow.querySelectorAll("[part~='index-summary'], [part~='index-group'] h3, [part~='index-more']")].map((h) => entry("index heading", h)),
    ];
  });
}

async function mounted(options, fixture = "theme.html") {
  const page = await newPage(session.browser, options);
  await openFixture(page, `${session.url}/fixtures/${fixture}`);
  await page.evaluate(async (paragraphs) => {
    const detail = await mountArticle(paragraphs, { legend: "", index: "" });
    // A label switched off reads as well as one switched on.
    const article = document.querySelector("#host kashif-article");
    const next = nextHighlight(article);
    article.labels = ["PER", "LOC", "DATE", "MONEY"];
    await next;
    return detail;
  }, referenceArticle());
  return page;
}

function checkContrast(found, where) {
  const kinds = new Set(found.map((f) => f.what.split(" ")[0]));
  for (const kind of ["mark", "legend", "index"]) assert.ok(kinds.has(kind), `${where}: some ${kind}`);
  for (const { what, text, colour, background } of found) {
    const ratio = contrast(colour, background);
    assert.ok(ratio >= 4.5, `${where}: ${what} «${text}» ${colour} on ${background}: ${ratio.toFixed(2)}`);
  }
}

test("a page that follows the colour scheme: marks, legend and index at 4.5:1 or more, light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await mounted({ colorScheme });
    const found = await colours(page);
    checkContrast(found, colorScheme);
    const marks = found.filter((f) => f.what.startsWith("mark"));
    const dark = marks.every((m) => luminance(m.background) < 0.2);
    const light = marks.every((m) => luminance(m.background) > 0.5);
    assert.ok(colorScheme === "dark" ? dark : light, `${colorScheme} palette used`);
    if (colorScheme === "dark") await page.screenshot({ path: new URL("theme-dark.png", OUT).pathname, fullPage: true });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test("a page that declares no colour scheme, read with a dark preference: still 4.5:1 or more", async () => {
  const page = await mounted({ colorScheme: "dark" }, "widget.html");
  checkContrast(await colours(page), "no color-scheme");
  await page.context().close();
});

test("a 375 px phone: the legend wraps within the screen", async () => {
  const page = await mounted({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, colorScheme: "light" });
  const overflow = await page.evaluate(() => {
    const article = document.querySelector("#host kashif-article");
    const boxes = [...article.shadowRoot.querySelectorAll("[part~='legend-entry'], [part~='index-entry']")].map((e) => e.getBoundingClientRect());
    return { wider: document.documentElement.scrollWidth - window.innerWidth, outside: boxes.filter((b) => b.left < 0 || b.right > window.innerWidth).length };
  });
  assert.deepEqual(overflow, { wider: 0, outside: 0 });
  await page.screenshot({ path: new URL("theme-phone.png", OUT).pathname, fullPage: true });
  await page.context().close();
});

test("the demo in light, dark and on a phone (screenshots)", async () => {
  for (const [name, options] of [
    ["demo-light", { colorScheme: "light" }],
    ["demo-dark", { colorScheme: "dark" }],
    ["demo-phone", { colorScheme: "light", viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ]) {
    const page = await newPage(session.browser, options);
    await page.goto(`${session.url}/`);
    await page.waitForFunction(() => document.querySelectorAll("#article mark[data-kashif-id]").length > 0);
    const found = await page.evaluate(() => [...document.querySelectorAll("#article mark[data-kashif-id]")].map((m) => [getComputedStyle(m).color, getComputedStyle(m).backgroundColor]));
    for (const [colour, background] of found) assert.ok(contrast(colour, background) >= 4.5, `${name}: ${colour} on ${background}`);
    await page.screenshot({ path: new URL(`${name}.png`, OUT).pathname, fullPage: true });
    assert.deepEqual(page.errors, [], `${name}: no console errors`);
    await page.context().close();
  }
});
