// <kashif-article> and the things an article names (issue 15) and its date (issue 14), in
// Chromium: the index lists entities (canonical name, gloss, label, mention count) and walks
// through their mentions, the hover title and the description give the gloss, the exports carry
// entity ids and glosses, the gloss table is fetched only after the first highlight (and not at
// all with glosses="off"; a failed fetch is a warning), and `anchor` resolves relative dates
// inline and in the worker. The article is written for these tests.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newPage, open, openFixture } from "./browser.mjs";

/** A short news item of our own: a minister in full then by surname, China with and without a clitic. */
const ARTICLE = [
  "قال وزير الدفاع الروسي سيرجي شويجو أمس إن بلاده ستواصل التعاون العسكري مع الصين.",
  "وأضاف شويجو خلال زيارته إلى بكين أن العلاقات بين روسيا والصين قوية.",
  "وأكد شويجو أن موسكو قدمت للصين مساعدات كبيرة.",
];

let session;
let page;

before(async () => {
  session = await open();
  page = await newPage(session.browser);
  await openFixture(page, `${session.url}/fixtures/widget.html`);
});

after(async () => {
  assert.deepEqual(page.errors, [], "no console errors on the page");
  await session?.close();
});

/** Mounts `paragraphs` (replacing earlier articles); resolves to the first highlight's detail
 *  and whether the gloss table had been requested by then. */
function mount(paragraphs, attributes = {}) {
  return page.evaluate(async ([paragraphs, attributes]) => {
    document.getElementById("host").replaceChildren();
    const glossesAt = () => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("/glosses.bin")).length;
    let requestedBefore = null;
    document.addEventListener("kashif-highlighted", () => { requestedBefore ??= glossesAt(); }, { once: true });
    const detail = await mountArticle(paragraphs, attributes);
    return { detail, requestedBefore };
  }, [paragraphs, attributes]);
}

/** The index entries of the article in #host: [label, name, gloss, count, ids]. */
function indexOf() {
  return page.evaluate(() => [...document.querySelector("#host kashif-article").shadowRoot.querySelectorAll("[part~='index-entry']")]
    .map((b) => [b.dataset.label, b.firstChild.textContent, b.querySelector("[part~='gloss']")?.textContent ?? null,
      b.querySelector("[part~='count']").textContent, b.dataset.ids.split(" ").map(Number), b.getAttribute("aria-label")]));
}

/** Waits until the article's index shows `gloss`. */
function waitForGloss(gloss) {
  return page.waitForFunction((gloss) => [...document.querySelector("#host kashif-article").shadowRoot.querySelectorAll("[part~='gloss']")]
    .some((g) => g.textContent === gloss), gloss);
}

test("the first highlight fetches no gloss table; the index then lists entities with glosses", async () => {
  const { detail, requestedBefore } = await mount(ARTICLE, { index: "" });
  assert.equal(requestedBefore, 0, "glosses.bin not requested before the first highlight");
  // Every name mention carries its group's id; dates none.
  assert.ok(detail.entities.filter((e) => ["PER", "LOC"].includes(e.label)).every((e) => Number.isInteger(e.entity)));
  assert.ok(detail.entities.filter((e) => e.label === "DATE").every((e) => e.entity === undefined));
  const before = await indexOf();
  const shoigu = before.find(([label, name]) => label === "PER" && name === "سيرجي شويجو");
  assert.ok(shoigu, `one PER entry named in full: ${JSON.stringify(before)}`);
  assert.equal(shoigu[3], "×3", "the full name and two surnames are one person");
  assert.equal(before.filter(([label]) => label === "PER").length, 1, "no separate entry for شويجو");
  const china = before.filter(([label, name]) => label === "LOC" && /صين/.test(name));
  assert.equal(china.length, 1, "الصين and للصين are one place");
  assert.deepEqual(china[0].slice(1, 4), ["الصين", null, "×3"]);

  await waitForGloss("Shoigu");
  await waitForGloss("China");
  const requested = await page.evaluate(() => performance.getEntriesByType("resource").filter((r) => r.name.endsWith("/glosses.bin")).length);
  assert.equal(requested, 1, "fetched once, after the highlight");
  const after = await indexOf();
  const glossed = after.find(([label, name]) => label === "PER" && name === "سيرجي شويجو");
  assert.equal(glossed[2], "Shoigu");
  assert.match(glossed[5], /Shoigu/, "the entry's accessible name gives the gloss");
  assert.equal(after.find(([, name]) => name === "الصين")[2], "China");
  assert.equal(after.length, before.length, "glossing adds no entries");

  // The hover title and the description of every mention of China give the gloss.
  const marks = await page.evaluate((ids) => ids.map((id) => {
    const mark = document.querySelector(`#host kashif-article mark[data-kashif-id='${id}']`);
    return [mark.textContent, mark.title, mark.getAttribute("aria-description")];
  }), china[0][4]);
  assert.deepEqual(marks.map(([text]) => text), ["الصين", "الصين", "لصين"]);
  for (const [text, title, description] of marks) {
    assert.match(title, /^LOC · \d\.\d\d · China$/, `${text}: ${title}`);
    assert.match(description, /China/);
  }
});

test("activating an entity's entry walks through its mentions, the surname ones included", async () => {
  const entries = await indexOf();
  const [, , , , ids] = entries.find(([label]) => label === "PER");
  const visited = [];
  for (let i = 0; i < ids.length + 1; i++) {
    await page.evaluate(() => document.querySelector("#host kashif-article").shadowRoot.querySelector("[part~='index-entry'][data-label='PER']").click());
    visited.push(await page.evaluate(() => [Number(document.activeElement.dataset.kashifId), document.activeElement.textContent]));
  }
  assert.deepEqual(visited.map(([id]) => id), [...ids, ids[0]], "each mention in turn, then round again");
  assert.deepEqual(visited.map(([, text]) => text), ["سيرجي شويجو", "شويجو", "شويجو", "سيرجي شويجو"]);
});

test("the exports: kashif JSON with entity ids, offsets and glosses; CSV with entity and gloss columns; displaCy", async () => {
  const { json, csv, displacy, text } = await page.evaluate(() => {
    const element = document.querySelector("#host kashif-article");
    return { json: element.toJSON(), csv: element.toCSV(), displacy: element.toDisplacy(), text: element.text };
  });
  assert.equal(json.format, "kashif");
  assert.equal(json.text, text);
  const shoigu = json.groups.find((g) => g.gloss === "Shoigu");
  assert.deepEqual([shoigu.label, shoigu.name, shoigu.mentions.length], ["PER", "سيرجي شويجو", 3]);
  for (const at of shoigu.mentions) {
    const mention = json.mentions[at];
    assert.equal(mention.entity, shoigu.id);
    assert.equal(text.slice(mention.start, mention.end), mention.text, "UTF-16 offsets slice the text");
    assert.equal([...text].slice(mention.codePoints.start, mention.codePoints.end).join(""), mention.text, "code-point offsets too");
    assert.ok(mention.score > 0 && mention.score <= 1);
  }
  const yesterday = json.mentions.find((m) => m.text === "أمس");
  assert.ok(yesterday && yesterday.value && yesterday.entity === undefined, JSON.stringify(yesterday));
  assert.ok(json.groups.some((g) => g.gloss === "China" && g.mentions.length === 3));

  const rows = csv.trim().split("\r\n").map((row) => row.split(","));
  assert.deepEqual(rows[0], ["start", "end", "label", "text", "score", "value", "entity", "gloss"]);
  const china = rows.filter((row) => row[7] === "China");
  assert.equal(china.length, 3, "every mention of China carries its gloss");
  assert.equal(new Set(china.map((row) => row[6])).size, 1, "and one entity id");
  assert.equal(rows.find((row) => row[3] === "أمس")[6], "", "a date has no entity id");
  assert.equal(displacy.ents.length, json.mentions.length);
  assert.deepEqual(displacy.ents.map((e) => [e.start, e.end]), json.mentions.map((m) => [m.codePoints.start, m.codePoints.end]));
});

test("glosses=\"off\" shows no glosses, even where the page's shared recognizer has the table", async () => {
  await mount(ARTICLE, { index: "", glosses: "off" });
  const result = await page.evaluate(() => {
    const element = document.querySelector("#host kashif-article");
    return {
      groups: element.groups.filter((g) => g.gloss).length,
      shown: element.shadowRoot.querySelectorAll("[part~='gloss']").length,
      titles: [...element.querySelectorAll("mark[data-kashif-id]")].filter((m) => /China|Shoigu/.test(m.title)).length,
      csv: element.toCSV().includes("China"),
    };
  });
  assert.deepEqual(result, { groups: 0, shown: 0, titles: 0, csv: false });
});

test("anchor resolves أمس against the article's date, inline and in the worker, and mirrors its property", async () => {
  const yesterday = (detail) => detail.entities.find((e) => e.text === "أمس");
  const inline = await mount(ARTICLE, { anchor: "2021-07-28" });
  assert.equal(inline.detail.timings.worker, false);
  assert.equal(yesterday(inline.detail).value, "2021-07-27");
  const long = Array.from({ length: 40 }, () => ARTICLE).flat();
  const inWorker = await mount(long, { anchor: "2021-07-28", "worker-threshold": "0" });
  assert.equal(inWorker.detail.timings.worker, true);
  const all = inWorker.detail.entities.filter((e) => e.text === "أمس");
  assert.equal(all.length, 40);
  assert.ok(all.every((e) => e.value === "2021-07-27"), JSON.stringify(all[0]));
  // The worker's groups come with its result: one Shoigu across the forty paragraphs.
  const groups = await page.evaluate(() => document.querySelector("#host kashif-article").groups);
  const shoigu = groups.filter((g) => g.name === "سيرجي شويجو");
  assert.equal(shoigu.length, 1, JSON.stringify(groups.map((g) => g.name)));
  assert.equal(shoigu[0].mentions.length, 120);

  // Unanchored, أمس keeps its placeholder and offset; the property mirrors the attribute.
  const plain = await mount(ARTICLE);
  assert.notEqual(yesterday(plain.detail).value, "2021-07-27");
  assert.equal(yesterday(plain.detail).offset, "-P1D");
  const mirrored = await page.evaluate(async () => {
    const element = document.querySelector("#host kashif-article");
    const before = element.anchor;
    const next = nextHighlight(element);
    element.anchor = "2024-03-01";
    const detail = await next;
    const attribute = element.getAttribute("anchor");
    element.setAttribute("anchor", "not a date");
    const invalid = element.anchor;
    element.anchor = null;
    return { before, attribute, invalid, after: element.hasAttribute("anchor"), value: detail.entities.find((e) => e.text === "أمس").value };
  });
  assert.deepEqual(mirrored, { before: null, attribute: "2024-03-01", invalid: null, after: false, value: "2024-02-29" });
});

test("glosses=\"off\" fetches no gloss table; a table that cannot load is one warning, the marks stay", async () => {
  const fresh = await newPage(session.browser);
  const warnings = [];
  fresh.on("console", (message) => { if (message.type() === "warning") warnings.push(message.text()); });
  let requests = 0;
  await fresh.route("**/glosses.bin", (route) => { requests += 1; return route.fulfill({ status: 404, body: "" }); });
  await openFixture(fresh, `${session.url}/fixtures/widget.html`);
  const off = await fresh.evaluate(async (paragraphs) => {
    const detail = await mountArticle(paragraphs, { index: "", glosses: "off" });
    const element = document.querySelector("#host kashif-article");
    // Past the idle time when the table would have been fetched.
    await new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 200), { timeout: 2000 }));
    return { marks: detail.entities.length, property: element.glosses };
  }, ARTICLE);
  assert.equal(requests, 0, "no request with glosses=\"off\"");
  assert.equal(off.property, false);
  assert.ok(off.marks > 0);

  const warned = fresh.waitForEvent("console", { predicate: (m) => m.type() === "warning" && /gloss table/.test(m.text()) });
  const failed = await fresh.evaluate(async (paragraphs) => {
    let errors = 0;
    document.addEventListener("kashif-error", () => errors++);
    document.getElementById("host").replaceChildren();
    await mountArticle(paragraphs, { index: "" });
    return errors;
  }, ARTICLE);
  await warned;
  assert.equal(failed, 0, "no kashif-error");
  assert.equal(requests, 1);
  assert.equal(warnings.filter((w) => /gloss table .*glosses\.bin could not be loaded/.test(w)).length, 1, warnings.join("\n"));
  const marks = await fresh.evaluate(() => document.querySelectorAll("#host kashif-article mark[data-kashif-id]").length);
  assert.ok(marks > 0, "marks kept");
  // Chromium logs the failed request itself; kashif logs no error.
  assert.deepEqual(fresh.errors.filter((e) => !/^Failed to load resource/.test(e)), []);
  await fresh.context().close();
});
