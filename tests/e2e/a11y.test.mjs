// Assistive technology and the keyboard: marks carry their kind in Arabic (in Chromium's
// accessibility tree), the legend and the index have names, the legend is one tab stop with arrow
// keys, the index is collapsible, shows the top entries first, and moves the focus to the
// mentions; toggling a label does not move the legend.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newPage, open, openFixture, referenceArticle } from "./browser.mjs";

let session;
let page;

before(async () => {
  session = await open();
  page = await newPage(session.browser);
  await openFixture(page, `${session.url}/fixtures/widget.html`);
  // The reference article three times, and a sentence written for this test naming more capitals
  // than the index shows at first.
  const capitals = "وزار الوفد خلال جولته القاهرة وعمان وبيروت ودمشق وبغداد والرياض والدوحة وتونس والرباط والجزائر والخرطوم ومسقط.";
  await page.evaluate((paragraphs) => mountArticle(paragraphs, { legend: "", index: "" }), [...Array.from({ length: 3 }, () => referenceArticle()).flat(), capitals]);
});

after(async () => {
  assert.deepEqual(page.errors, []);
  await session?.close();
});

const shadow = (selector) => page.locator("#host kashif-article").locator(selector);
const active = () => page.evaluate(() => {
  const element = document.querySelector("#host kashif-article");
  const inside = element.shadowRoot.activeElement;
  const focused = inside ?? document.activeElement;
  return { part: focused?.getAttribute("part"), label: focused?.dataset.label, key: focused?.dataset.key, id: focused?.dataset.kashifId, text: focused?.textContent };
});

test("each mark's kind is in the accessibility tree, in Arabic", async () => {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send("DOM.getDocument", { depth: -1 });
  const names = await page.evaluate(() => kashifWidget.LABEL_NAMES);
  for (const label of ["PER", "LOC", "DATE"]) {
    const { nodeId } = await cdp.send("DOM.querySelector", { nodeId: root.nodeId, selector: `#host mark[data-kashif-label='${label}']` });
    assert.ok(nodeId, `a ${label} mark`);
    const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { nodeId, fetchRelatives: false });
    const node = nodes.find((n) => !n.ignored);
    // The kind, then the English gloss once the gloss table has loaded (names only).
    const description = node?.description?.value ?? "";
    assert.ok(description === names[label] || description.startsWith(`${names[label]}، `), `${label}: ${JSON.stringify(node)}`);
  }
});

test("the legend and the index have accessible names", async () => {
  assert.equal(await shadow("[part~='legend']").getAttribute("role"), "toolbar");
  assert.equal(await shadow("[part~='legend']").getAttribute("aria-label"), "أنواع الكيانات");
  assert.equal(await shadow("[part~='index']").getAttribute("aria-label"), "فهرس الكيانات");
  const entry = await shadow("[part~='index-entry']").first().getAttribute("aria-label");
  assert.match(entry, /^.+، .+، \d+ (مرة|مرات)$/);
});

test("the legend is one tab stop; arrow keys move along it, right to left", async () => {
  const entries = await shadow("[part~='legend-entry']").evaluateAll((all) => all.map((e) => [e.dataset.label, e.tabIndex]));
  assert.ok(entries.length >= 3);
  assert.deepEqual(entries.filter(([, tab]) => tab === 0).length, 1, "one tab stop");
  await page.evaluate(() => document.querySelector("#host kashif-article").shadowRoot.querySelector("[part~='legend-entry'][tabindex='0']").focus());
  assert.equal((await active()).label, entries[0][0]);
  await page.keyboard.press("ArrowLeft"); // forward in a right-to-left page
  assert.equal((await active()).label, entries[1][0]);
  await page.keyboard.press("End");
  assert.equal((await active()).label, entries.at(-1)[0]);
  await page.keyboard.press("ArrowLeft");
  assert.equal((await active()).label, entries[0][0], "wraps round");
  await page.keyboard.press("ArrowRight");
  assert.equal((await active()).label, entries.at(-1)[0]);
  const stops = await shadow("[part~='legend-entry']").evaluateAll((all) => all.filter((e) => e.tabIndex === 0).map((e) => e.dataset.label));
  assert.deepEqual(stops, [entries.at(-1)[0]], "the tab stop follows the focus");
  // Tab leaves the legend at once.
  await page.keyboard.press("Tab");
  assert.notEqual((await active()).part, "legend-entry");
});

test("toggling a label keeps the legend's entries and layout, and the focus", async () => {
  const boxes = () => shadow("[part~='legend-entry']").evaluateAll((all) => all.map((e) => {
    const box = e.getBoundingClientRect();
    return [e.dataset.label, Math.round(box.top), Math.round(box.height)];
  }));
  const before = await boxes();
  const legendHeight = await shadow("[part~='legend']").evaluate((l) => l.getBoundingClientRect().height);
  const next = page.evaluate(() => nextHighlight(document.querySelector("#host kashif-article")));
  await shadow("[part~='legend-entry'][data-label='LOC']").focus();
  await page.keyboard.press("Enter");
  await next;
  const after = await boxes();
  assert.deepEqual(after.map(([label]) => label), before.map(([label]) => label), "same entries");
  assert.equal(await shadow("[part~='legend']").evaluate((l) => l.getBoundingClientRect().height), legendHeight);
  assert.deepEqual((await active()).label, "LOC", "the focus stays on the entry");
  assert.equal(await shadow("[part~='legend-entry'][data-label='LOC']").getAttribute("aria-pressed"), "false");
  const again = page.evaluate(() => nextHighlight(document.querySelector("#host kashif-article")));
  await page.keyboard.press("Space");
  await again;
  assert.equal(await shadow("[part~='legend-entry'][data-label='LOC']").getAttribute("aria-pressed"), "true");
});

test("the index: one tab stop, top entries first, collapsible", async () => {
  const { top, stops, shown, more } = await page.evaluate(() => {
    const root = document.querySelector("#host kashif-article").shadowRoot;
    const entries = [...root.querySelectorAll("[part~='index-entry']")];
    const perLabel = {};
    for (const e of entries) perLabel[e.dataset.label] = (perLabel[e.dataset.label] ?? 0) + 1;
    return {
      top: kashifWidget.INDEX_TOP,
      stops: entries.filter((e) => e.tabIndex === 0).length,
      shown: perLabel,
      more: [...root.querySelectorAll("[part~='index-more']")].map((b) => b.dataset.label),
    };
  });
  assert.equal(stops, 1);
  assert.ok(Object.values(shown).every((count) => count <= top), JSON.stringify(shown));
  assert.ok(more.length > 0, "a label with more entries than the top ones");
  {
    const label = more[0];
    await shadow(`[part~='index-more'][data-label='${label}']`).click();
    const count = await shadow(`[part~='index-entry'][data-label='${label}']`).count();
    assert.ok(count > top, "more shows every entry of that label");
    assert.equal((await active()).part, "index-entry", "the focus goes to the first entry it revealed");
  }
  const details = shadow("[part~='index-details']");
  assert.equal(await details.evaluate((d) => d.open), true);
  await shadow("[part~='index-summary']").click();
  assert.equal(await details.evaluate((d) => d.open), false);
  assert.equal(await shadow("[part~='index-entry']").first().isVisible(), false);
  await shadow("[part~='index-summary']").click();
  assert.equal(await details.evaluate((d) => d.open), true);
});

test("activating an index entry focuses its first mention, then the next, round the article", async () => {
  const entry = shadow("[part~='index-entry']").first();
  const ids = (await entry.getAttribute("data-ids")).split(" ");
  assert.ok(ids.length >= 3, "an entity mentioned several times");
  await entry.focus();
  const seen = [];
  for (let i = 0; i <= ids.length; i++) {
    await entry.press("Enter");
    seen.push((await active()).id);
  }
  assert.deepEqual(seen, [...ids, ids[0]]);
  const arrows = await page.evaluate(() => document.querySelector("#host kashif-article").shadowRoot.querySelectorAll("[part~='index-entry'][tabindex='0']").length);
  assert.equal(arrows, 1);
});

test("the legend holds its row before the first analysis: the article does not move when it fills in", async () => {
  const tops = await page.evaluate(async () => {
    const article = document.createElement("kashif-article");
    article.setAttribute("legend", "");
    const paragraph = document.createElement("p");
    paragraph.textContent = "وقال الوزير في عمان إن الأردن ومصر ستوقعان الاتفاقية في مارس.";
    article.append(paragraph);
    const done = nextHighlight(article);
    document.getElementById("host").replaceChildren(article);
    const before = paragraph.getBoundingClientRect().top;
    await done;
    const rows = new Set([...article.shadowRoot.querySelectorAll("[part~='legend-entry']")].map((e) => Math.round(e.getBoundingClientRect().top)));
    return { before, after: paragraph.getBoundingClientRect().top, rows: rows.size };
  });
  assert.equal(tops.rows, 1, "a one-row legend");
  assert.ok(Math.abs(tops.after - tops.before) <= 1, JSON.stringify(tops));
});
