// <kashif-article> in Chromium: events, attributes and properties, legend, index, export,
// content changes, worker mode, right-to-left layout, cleanup, and a strict CSP page.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newPage, open, openFixture, referenceArticle, REFERENCE_ENTITIES } from "./browser.mjs";

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

const key = (e) => `${e.start}:${e.end}:${e.label}:${e.text}`;

/** Mounts the reference article (replacing earlier ones); resolves to the first event's detail. */
function mountReference(attributes = {}) {
  return page.evaluate(([paragraphs, attributes]) => {
    document.getElementById("host").replaceChildren();
    return mountArticle(paragraphs, attributes);
  }, [referenceArticle(), attributes]);
}

test("the element highlights the reference article and reports it in a composed event", async () => {
  const seen = await page.evaluate(() => {
    window.eventsAtDocument = 0;
    document.addEventListener("kashif-highlighted", () => window.eventsAtDocument++);
  });
  const detail = await mountReference({ legend: "", index: "" });
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(detail.entities.some((e) => e.label === label && e.text === text), `${text} as ${label} in the event`);
  }
  const marks = await page.$$eval("kashif-article mark[data-kashif-id]", (marks) => marks.map((m) => [m.dataset.kashifLabel, m.textContent, m.title]));
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(marks.some(([l, t]) => l === label && t === text), `${text} marked as ${label}`);
  }
  assert.ok(marks.every(([label, , title]) => title.startsWith(label) && /\d\.\d\d/.test(title)), "hover shows label and score");
  assert.equal(await page.evaluate(() => window.eventsAtDocument), 1, "bubbles to the document");
  assert.ok(detail.timings.modelLoad >= 0 && detail.timings.analysis >= 0 && detail.timings.highlight >= 0);
  assert.equal(seen, undefined);
});

test("attributes and properties mirror each other; define() is safe to call twice", async () => {
  const result = await page.evaluate(() => {
    const element = document.querySelector("kashif-article");
    const first = kashifWidget.define();
    const second = kashifWidget.define();
    element.minScore = 0.75;
    element.labels = ["PER", "LOC"];
    element.legend = false;
    const reflected = [element.getAttribute("min-score"), element.getAttribute("labels"), element.hasAttribute("legend")];
    element.setAttribute("labels", "org, misc");
    element.setAttribute("min-score", "0.2");
    element.setAttribute("index", "");
    element.legend = true;
    return {
      same: first === second && first === customElements.get("kashif-article"),
      reflected,
      properties: [element.labels, element.minScore, element.index, element.legend],
    };
  });
  assert.ok(result.same);
  assert.deepEqual(result.reflected, ["0.75", "PER LOC", false]);
  assert.deepEqual(result.properties, [["ORG", "MISC"], 0.2, true, true]);
  // Several attribute changes in one task: one re-highlight, with the final options.
  const marks = await page.evaluate(async () => {
    const element = document.querySelector("kashif-article");
    let events = 0;
    element.addEventListener("kashif-highlighted", () => events++);
    element.labels = ["LOC"];
    element.minScore = 0;
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { events, labels: [...new Set([...element.querySelectorAll("mark")].map((m) => m.dataset.kashifLabel))] };
  });
  assert.equal(marks.events, 1);
  assert.deepEqual(marks.labels, ["LOC"]);
});

test("the legend toggles each label", async () => {
  await mountReference({ legend: "" });
  const legend = page.locator("kashif-article").locator("[part~='legend-entry'][data-label='PER']");
  const count = (label) => page.$$eval(`kashif-article mark[data-kashif-label='${label}']`, (m) => m.length);
  assert.ok((await count("PER")) > 0);
  const next = page.evaluate(() => nextHighlight(document.querySelector("kashif-article")));
  await legend.click();
  await next;
  assert.equal(await count("PER"), 0);
  assert.ok((await count("LOC")) > 0, "other labels stay");
  assert.equal(await legend.getAttribute("aria-pressed"), "false");
  assert.equal(await page.locator("kashif-article").getAttribute("labels"), "LOC ORG MISC DATE TIME MONEY PERCENT");
  const back = page.evaluate(() => nextHighlight(document.querySelector("kashif-article")));
  await legend.click();
  await back;
  assert.ok((await count("PER")) > 0);
  assert.equal(await legend.getAttribute("aria-pressed"), "true");
});

test("the index lists each entity once with its count, and a click flashes its mentions", async () => {
  const detail = await mountReference({ index: "" });
  const entries = await page.locator("kashif-article").locator("[part~='index-entry']").evaluateAll((buttons) =>
    buttons.map((b) => ({ label: b.dataset.label, text: b.firstChild.textContent, count: b.querySelector("[part~='count']").textContent, ids: b.dataset.ids })));
  const russia = entries.filter((e) => e.label === "LOC" && e.text === "روسيا");
  assert.equal(russia.length, 1, "one entry for روسيا");
  const mentions = detail.entities.filter((e) => e.label === "LOC" && e.text === "روسيا").length;
  assert.equal(russia[0].count, `×${mentions}`);
  const keys = entries.map((e) => `${e.label} ${e.text}`);
  assert.equal(new Set(keys).size, keys.length, "no duplicates");
  await page.locator("kashif-article").locator("[part~='index-entry'][data-label='LOC']", { hasText: "روسيا" }).first().click();
  const flashing = await page.$$eval("kashif-article mark[data-kashif-flash]", (marks) => marks.map((m) => m.textContent));
  assert.equal(flashing.length, mentions);
  assert.ok(flashing.every((t) => t === "روسيا"));
});

test("export gives displaCy JSON in code points and CSV", async () => {
  await mountReference();
  const result = await page.evaluate(() => {
    const element = document.querySelector("kashif-article");
    const doc = element.toDisplacy();
    const points = [...doc.text];
    return {
      text: doc.text,
      articleText: kashif.articleText(element),
      slices: doc.ents.every((e, i) => points.slice(e.start, e.end).join("") === element.entities[i].text),
      keys: doc.ents.every((e) => Object.keys(e).join() === "start,end,label"),
      count: doc.ents.length,
      entities: element.entities.length,
      csv: element.toCSV(),
      astral: kashifWidget.toDisplacy("😀 زار بوتين", [{ start: 7, end: 12, label: "PER" }]),
    };
  });
  assert.ok(result.slices && result.keys && result.count === result.entities && result.count > 0);
  assert.equal(result.text, result.articleText, "the export's text is the analyzed text");
  const lines = result.csv.trimEnd().split("\r\n");
  assert.equal(lines[0], "start,end,label,text,score,value,entity,gloss");
  assert.equal(lines.length, result.count + 1);
  assert.deepEqual(result.astral.ents, [{ start: 6, end: 11, label: "PER" }]);
  assert.ok(await page.evaluate(() => kashifWidget.toCSV([{ start: 0, end: 1, label: "ORG", text: 'a,"b"', score: 1 }]).includes('"a,""b"""')));
});

test("a content change re-highlights once; the element's own marks do not loop", async () => {
  await mountReference();
  const result = await page.evaluate(async () => {
    const element = document.querySelector("kashif-article");
    let events = 0;
    element.addEventListener("kashif-highlighted", () => events++);
    const paragraph = document.createElement("p");
    paragraph.textContent = "وزار وزير الخارجية سيرغي لافروف العاصمة بكين.";
    element.append(paragraph);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { events, marksInNew: [...paragraph.querySelectorAll("mark")].map((m) => m.textContent) };
  });
  assert.equal(result.events, 1);
  assert.ok(result.marksInNew.includes("بكين"), `new paragraph marked: ${result.marksInNew}`);
});

test("worker mode finds the same entities as inline, with progress events", async () => {
  const inline = await mountReference({ "worker-threshold": "Infinity" });
  const inWorker = await page.evaluate(async (paragraphs) => {
    document.getElementById("host").replaceChildren();
    const progress = [];
    document.addEventListener("kashif-progress", ({ detail }) => progress.push(detail));
    // Long enough for several chunks: the article sixteen times over.
    const long = Array.from({ length: 16 }, () => paragraphs).flat();
    const detail = await mountArticle(long, { "worker-threshold": "0" });
    return { detail, progress, longest: long.join("\n").length };
  }, referenceArticle());
  assert.equal(inline.timings.worker, false);
  assert.equal(inWorker.detail.timings.worker, true);
  assert.ok(inWorker.progress.length >= 2, "progress reported");
  assert.equal(inWorker.progress.at(-1).done, inWorker.progress.at(-1).total);
  const first = inWorker.detail.entities.filter((e) => e.end <= inline.entities.at(-1).end + 1);
  assert.deepEqual(first.map(key), inline.entities.map(key), "same entities as inline for the same text");
  assert.equal(inWorker.detail.entities.length, inline.entities.length * 16);
});

test("a long article scrolled to its middle: the blocks on screen are marked first, then the rest in document order, the same marks as inline", async () => {
  const result = await page.evaluate(async (paragraphs) => {
    const host = document.getElementById("host");
    const long = Array.from({ length: 30 }, () => paragraphs).flat();
    const mount = async (attributes) => {
      host.replaceChildren();
      const article = document.createElement("kashif-article");
      for (const [name, value] of Object.entries(attributes)) article.setAttribute(name, value);
      for (const text of long) article.append(Object.assign(document.createElement("p"), { textContent: text }));
      const order = [];
      const watch = new MutationObserver((records) => {
        for (const record of records) {
          for (const node of record.addedNodes) {
            if (node.nodeName !== "MARK") continue;
            const index = [...article.children].indexOf(node.closest("p"));
            if (order.at(-1) !== index) order.push(index);
          }
        }
      });
      watch.observe(article, { childList: true, subtree: true });
      const done = new Promise((resolve) => article.addEventListener("kashif-highlighted", ({ detail }) => resolve(detail), { once: true }));
      host.append(article);
      // The reader is in the middle of the article before it is marked.
      article.children[Math.floor(long.length * 0.6)].scrollIntoView();
      const detail = await done;
      watch.disconnect();
      return { article, detail, order };
    };
    // Glosses off: the gloss table, loaded after the first run, would add titles to the second.
    const inline = await mount({ "worker-threshold": "Infinity", glosses: "off" });
    const inlineHTML = inline.article.innerHTML;
    const { article, detail, order } = await mount({ "worker-threshold": "0", glosses: "off" });
    const height = innerHeight;
    const boxes = [...article.children].map((p) => p.getBoundingClientRect());
    const onScreen = (i) => boxes[i].top >= 0 && boxes[i].bottom <= height;
    const farOff = (i) => boxes[i].bottom < -height || boxes[i].top > 2 * height;
    return {
      worker: detail.timings.worker,
      sameHTML: article.innerHTML === inlineHTML,
      sameEntities: JSON.stringify(detail.entities) === JSON.stringify(inline.detail.entities),
      order,
      firstOnScreen: boxes[order[0]].bottom > -height / 2 && boxes[order[0]].top < 1.5 * height,
      onScreen: order.filter(onScreen),
      farOff: order.filter(farOff),
      firstFarOff: order.findIndex(farOff),
      lastOnScreen: order.findLastIndex(onScreen),
      marked: new Set(order).size,
      paragraphs: long.length,
    };
  }, referenceArticle());
  assert.equal(result.worker, true);
  assert.ok(result.onScreen.length >= 2 && result.farOff.length > result.paragraphs / 2, `order ${result.order}`);
  assert.ok(result.firstOnScreen, `the first marks are in view (order ${result.order})`);
  assert.ok(result.lastOnScreen < result.firstFarOff, `every paragraph on screen before any far off (order ${result.order})`);
  assert.deepEqual(result.farOff, [...result.farOff].sort((a, b) => a - b), "the rest in document order");
  assert.equal(result.order.length, result.marked, "each paragraph marked in one go");
  assert.ok(result.sameEntities, "the same entities, ids included, as marked inline");
  assert.ok(result.sameHTML, "the same marks as inline");
});

/** Encyclopedic text written for this test: an element, its discoverer, where it is mined. */
const ENCYCLOPEDIC = [
  "الكوبالت عنصر كيميائي رمزه Co، اكتشفه الكيميائي السويدي جورج براندت عام 1735.",
  "يستخرج معظم الكوبالت في جمهورية الكونغو الديمقراطية، ويستخدم في صناعة بطاريات الليثيوم.",
  "الصوديوم فلز قلوي يتفاعل مع الماء بشدة، ويشبه البوتاسيوم في خواصه.",
];

test("the model attribute loads the reference model, inline and in a worker", async () => {
  const has = (detail, label, text) => detail.entities.some((e) => e.label === label && e.text === text);
  const mount = (attributes) =>
    page.evaluate(([paragraphs, attributes]) => {
      document.getElementById("host").replaceChildren();
      return mountArticle(paragraphs, attributes);
    }, [ENCYCLOPEDIC, attributes]);
  const news = await mount({});
  const reference = await mount({ model: "/pkg/kashif-reference.model" });
  const inWorker = await mount({ model: "/pkg/kashif-reference.model", "worker-threshold": "0" });
  // The reference model follows Wikipedia's annotation: chemical elements are MISC, and the
  // country's name is taken whole.
  assert.ok(has(reference, "MISC", "الصوديوم") && has(reference, "LOC", "جمهورية الكونغو الديمقراطية"), JSON.stringify(reference.entities));
  assert.ok(!has(news, "MISC", "الصوديوم") && !has(news, "LOC", "جمهورية الكونغو الديمقراطية"), JSON.stringify(news.entities));
  assert.ok(has(news, "PER", "جورج براندت") && has(reference, "PER", "جورج براندت"));
  assert.equal(inWorker.timings.worker, true);
  assert.deepEqual(inWorker.entities.map(key), reference.entities.map(key), "the worker uses the same model");
  // Switching the property back re-analyzes with the embedded model.
  const again = await page.evaluate(async () => {
    const element = document.querySelector("kashif-article");
    const next = nextHighlight(element);
    element.model = null;
    return { detail: await next, attribute: element.getAttribute("model") };
  });
  assert.equal(again.attribute, null);
  assert.deepEqual(again.detail.entities.map(key), news.entities.map(key));
});

test("a model file that is missing or not a model is a kashif-error event, not a broken page", async () => {
  // A page of its own: the failed request is logged to its console.
  const other = await newPage(session.browser);
  await openFixture(other, `${session.url}/fixtures/widget.html`);
  const messages = await other.evaluate(async () => {
    const failure = (attributes) => mountArticle(["زار الوزير القاهرة."], attributes).then(() => "highlighted", (error) => error.message);
    return [await failure({ model: "/pkg/no-such.model" }), await failure({ model: "/pkg/kashif-article.js" })];
  });
  assert.match(messages[0], /could not load the model .*no-such\.model: HTTP 404/);
  assert.match(messages[1], /model/i);
  assert.notEqual(messages[1], "highlighted");
  await other.close();
});

test("marks read right to left on screen", async () => {
  await mountReference();
  const lines = await page.$$eval("kashif-article mark[data-kashif-id]", (marks) => {
    const byLine = new Map();
    for (const mark of marks) {
      const rects = mark.getClientRects();
      if (rects.length !== 1) continue; // wrapped across lines
      const box = rects[0];
      const line = `${mark.closest("p") ? [...mark.closest("kashif-article").querySelectorAll("p")].indexOf(mark.closest("p")) : -1}:${Math.round(box.top)}`;
      if (!byLine.has(line)) byLine.set(line, []);
      byLine.get(line).push({ left: box.left, right: box.right, text: mark.textContent });
    }
    return [...byLine.values()].filter((line) => line.length > 1);
  });
  assert.ok(lines.length > 0, "some lines hold several marks");
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      assert.ok(line[i].right <= line[i - 1].left + 0.5, `${line[i].text} is left of ${line[i - 1].text}`);
    }
  }
});

test("marks add no padding, margin or border that would break the joining of letters", async () => {
  await mountReference();
  const styles = await page.$eval("kashif-article mark[data-kashif-id]", (mark) => {
    const style = getComputedStyle(mark);
    return ["padding-inline-start", "padding-inline-end", "margin-inline-start", "margin-inline-end", "border-inline-start-width", "border-inline-end-width"]
      .map((p) => style.getPropertyValue(p));
  });
  assert.deepEqual(styles, ["0px", "0px", "0px", "0px", "0px", "0px"]);
});

test("disconnecting cleans up: marks cleared, no more events", async () => {
  await mountReference();
  const result = await page.evaluate(async () => {
    const element = document.querySelector("kashif-article");
    let events = 0;
    element.addEventListener("kashif-highlighted", () => events++);
    element.remove();
    element.append(document.createElement("p"));
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { events, marks: element.querySelectorAll("mark").length };
  });
  assert.deepEqual(result, { events: 0, marks: 0 });
});
