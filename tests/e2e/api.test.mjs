// The JavaScript API of the wasm package (pkg/kashif.js) in Chromium: analyze, highlight,
// clear and markEntities on fixture DOM.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newPage, open, openFixture, referenceArticle, REFERENCE_ENTITIES } from "./browser.mjs";

let session;
let page;

before(async () => {
  session = await open();
  page = await newPage(session.browser);
  await openFixture(page, `${session.url}/fixtures/api.html`);
});

after(async () => {
  assert.deepEqual(page.errors, [], "no console errors on the page");
  await session?.close();
});

/** Replaces #host's content with one <p> per paragraph, built from text nodes. */
async function mount(paragraphs) {
  await page.evaluate((paragraphs) => {
    const host = document.getElementById("host");
    host.replaceChildren(...paragraphs.map((text) => {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      return paragraph;
    }));
  }, paragraphs);
}

test("analyze gives UTF-16 offsets that slice the JavaScript string, lone surrogates included", async () => {
  const results = await page.evaluate(() => {
    const recognizer = new kashif.Recognizer();
    const base = "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الصيني وانغ يي في موسكو.";
    const texts = [base, "😀🇸🇦 " + base, "\uD800" + base + "\uDFFF", "a\uDC00b " + base, base + "\n" + "𝔸" + base];
    return texts.map((text) => {
      const entities = recognizer.analyze(text);
      return {
        count: entities.length,
        sliced: entities.every((e) => text.slice(e.start, e.end) === e.text),
        ordered: entities.every((e, i) => e.start < e.end && (i === 0 || entities[i - 1].end <= e.start)),
        shapes: entities.every((e) => typeof e.score === "number" && e.score >= 0 && e.score <= 1
          && ["PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY", "PERCENT"].includes(e.label)),
      };
    });
  });
  for (const result of results) {
    assert.ok(result.count > 0, "names found");
    assert.ok(result.sliced, "text.slice(start, end) === entity.text");
    assert.ok(result.ordered, "sorted, non-overlapping");
    assert.ok(result.shapes, "labels and scores well-formed");
  }
});

test("errors reach JavaScript as Error objects with a message", async () => {
  const messages = await page.evaluate(() => {
    const caught = [];
    for (const call of [
      () => kashif.highlight(document.getElementById("host"), { labels: ["NOPE"] }),
      () => kashif.highlight(document.getElementById("host"), { minScore: "high" }),
      () => kashif.markEntities(document.getElementById("host"), [{ start: 0, end: 1, label: "WHO" }]),
      () => kashif.markEntities(document.getElementById("host"), "not an array"),
    ]) {
      try {
        call();
        caught.push(null);
      } catch (error) {
        caught.push(error instanceof Error ? error.message : `not an Error: ${error}`);
      }
    }
    return caught;
  });
  assert.match(messages[0], /unknown label "NOPE"/);
  assert.match(messages[1], /invalid highlight options/);
  assert.match(messages[2], /unknown label "WHO"/);
  assert.match(messages[3], /invalid entities/);
  // The module still works after the errors: nothing trapped.
  assert.ok(await page.evaluate(() => new kashif.Recognizer().analyze("زار بوتين موسكو").length > 0));
});

test("the reference article is highlighted with the expected entities", async () => {
  await mount(referenceArticle());
  const { marks, returned } = await page.evaluate(() => {
    const host = document.getElementById("host");
    const returned = kashif.highlight(host);
    const marks = [...host.querySelectorAll("mark[data-kashif-id]")].map((m) => [m.dataset.kashifLabel, m.textContent]);
    return { marks, returned };
  });
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(marks.some(([l, t]) => l === label && t === text), `${text} marked as ${label}`);
    assert.ok(returned.some((e) => e.label === label && e.text === text), `${text} returned as ${label}`);
  }
  assert.ok(returned.every((e) => Number.isInteger(e.id)));
});

test("highlight twice marks nothing twice, and clear restores innerHTML exactly", async () => {
  await mount(referenceArticle());
  const result = await page.evaluate(() => {
    const host = document.getElementById("host");
    // Page markup the walk must go around: inline elements, comments, skipped elements, the
    // page's own adjacent text nodes and its own <mark>.
    const first = host.querySelector("p");
    first.append(document.createComment(" comment "), document.createElement("br"));
    const code = document.createElement("code");
    code.textContent = "روسيا";
    first.append(code, document.createTextNode(" الصين"), document.createTextNode(" وروسيا"));
    const own = document.createElement("mark");
    own.textContent = "الصين";
    first.append(own);
    const before = host.innerHTML;
    const nodesBefore = first.childNodes.length;
    const once = kashif.highlight(host);
    const htmlOnce = host.innerHTML;
    const twice = kashif.highlight(host);
    const result = {
      count: once.length,
      sameCount: twice.length === once.length,
      sameHtml: host.innerHTML === htmlOnce,
      nested: host.querySelectorAll("mark mark").length,
      codeMarked: code.querySelectorAll("mark").length,
      ownMarked: own.querySelectorAll("mark").length,
    };
    kashif.clear(host);
    result.restored = host.innerHTML === before;
    result.nodes = first.childNodes.length === nodesBefore;
    result.marksLeft = host.querySelectorAll("mark[data-kashif-id]").length;
    return result;
  });
  assert.ok(result.count > 10);
  assert.ok(result.sameCount && result.sameHtml, "second highlight identical");
  assert.equal(result.nested, 0);
  assert.equal(result.codeMarked, 0, "<code> skipped");
  assert.equal(result.ownMarked, 0, "the page's own <mark> skipped");
  assert.ok(result.restored, "innerHTML restored exactly");
  assert.ok(result.nodes, "the page's own adjacent text nodes are not merged");
  assert.equal(result.marksLeft, 0);
});

test("an entity across inline elements is marked in each piece with one id", async () => {
  const pieces = await page.evaluate(() => {
    const host = document.getElementById("host");
    const paragraph = document.createElement("p");
    const bold = document.createElement("b");
    bold.textContent = "سيرجي";
    paragraph.append("قال وزير الدفاع الروسي ", bold, " شويجو إن التعاون مستمر.");
    host.replaceChildren(paragraph);
    const text = kashif.articleText(host);
    const start = text.indexOf("سيرجي");
    const end = text.indexOf("شويجو") + "شويجو".length;
    kashif.markEntities(host, [{ start, end, label: "PER", score: 0.9 }]);
    const marks = [...host.querySelectorAll("mark")].map((m) => ({
      text: m.textContent, id: m.dataset.kashifId, inBold: m.parentElement === bold,
    }));
    // And with the model: whatever it finds there, no mark crosses an element boundary.
    kashif.clear(host);
    kashif.highlight(host);
    const modelMarks = [...host.querySelectorAll("mark")].map((m) => m.textContent);
    kashif.clear(host);
    return { marks, modelMarks, restored: host.innerHTML === paragraph.outerHTML && paragraph.childNodes.length === 3 };
  });
  assert.deepEqual(pieces.marks.map((m) => m.text), ["سيرجي", "شويجو"]);
  assert.equal(pieces.marks[0].id, pieces.marks[1].id);
  assert.ok(pieces.marks[0].inBold);
  assert.ok(pieces.modelMarks.includes("شويجو"), `model marks: ${pieces.modelMarks}`);
  assert.ok(pieces.restored);
});

test("block boundaries are sentence breaks", async () => {
  const text = await page.evaluate(() => {
    const host = document.getElementById("host");
    const list = document.createElement("ul");
    for (const item of ["روسيا", "الصين"]) {
      const li = document.createElement("li");
      li.textContent = item;
      list.append(li);
    }
    const span = document.createElement("span");
    span.textContent = "منظمة ";
    const em = document.createElement("em");
    em.textContent = "شانغهاي";
    host.replaceChildren(list, span, em);
    return kashif.articleText(host);
  });
  assert.equal(text, "روسيا\nالصين\nمنظمة شانغهاي");
});

test("article text that looks like markup stays text", async () => {
  const result = await page.evaluate(() => {
    const host = document.getElementById("host");
    const paragraph = document.createElement("p");
    paragraph.textContent = "<img src=x onerror=alert(1)> زار بوتين موسكو <script>alert(2)</script> ثم بكين";
    host.replaceChildren(paragraph);
    const before = host.innerHTML;
    const marked = kashif.highlight(host);
    const images = host.querySelectorAll("img, script").length;
    const text = host.textContent;
    kashif.clear(host);
    return { marked: marked.length, images, text, restored: host.innerHTML === before };
  });
  assert.ok(result.marked > 0);
  assert.equal(result.images, 0);
  assert.ok(result.text.includes("<img src=x onerror=alert(1)>"));
  assert.ok(result.restored);
});

test("label and score options filter what is marked", async () => {
  await mount(referenceArticle());
  const result = await page.evaluate(() => {
    const host = document.getElementById("host");
    const all = kashif.highlight(host);
    const onlyLoc = kashif.highlight(host, { labels: ["LOC"] });
    const locMarks = [...host.querySelectorAll("mark")].map((m) => m.dataset.kashifLabel);
    const none = kashif.highlight(host, { minScore: 1.01 });
    kashif.clear(host);
    return { all: all.length, onlyLoc: onlyLoc.map((e) => e.label), locMarks, none: none.length };
  });
  assert.ok(result.onlyLoc.length > 0 && result.onlyLoc.length < result.all);
  assert.ok(result.onlyLoc.every((l) => l === "LOC"));
  assert.ok(result.locMarks.every((l) => l === "LOC"));
  assert.equal(result.none, 0);
});

test("labels() and foldArabic are exported, and the element's LABELS copy agrees with labels()", async () => {
  const result = await page.evaluate(async () => {
    const widget = await import("/pkg/kashif-article.js");
    return { labels: kashif.labels(), copy: [...widget.LABELS], folded: kashif.foldArabic("إلى الصينِ") === kashif.foldArabic("الى الصين") };
  });
  assert.deepEqual(result.labels, result.copy);
  assert.ok(result.folded, "alef forms and diacritics folded");
});
