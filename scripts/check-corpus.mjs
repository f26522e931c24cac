// Corpus check (a script, run on demand): highlight then clear must give back every article
// exactly. Takes N articles (default 1,000) spread over the shared unlabelled news archive
// (../shared/data/unlabeled/antcorpus-v2.1-multisource.tar.gz, read at run time and never
// copied into the project), renders each with the markup of a real news page (headings, links,
// bold and nested inline elements, comments, a figure with its caption, a blockquote, a list, a
// table row, line breaks, and page-owned <mark>s carrying data-kashif-* attributes), runs
// `highlight` and `clear` on it in headless Chromium, and compares the markup (`innerHTML`) and
// the text nodes (how many, and their exact data) before and after. Also checks that no
// marked entity spans a line break of the article text (a block boundary) and that the page's
// own marks are untouched. Prints the counts; exits non-zero on any difference.
//
//   bash scripts/build-wasm.sh && node scripts/check-corpus.mjs [--count N] [--pkg DIR]

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openKashif, ROOT } from "./browser-harness.mjs";

const { values } = parseArgs({ options: { count: { type: "string" }, pkg: { type: "string" } } });
const WANTED = Number(values.count ?? 1000);
const ARCHIVE = join(ROOT, "../shared/data/unlabeled/antcorpus-v2.1-multisource.tar.gz");
// The archive holds 31,798 articles grouped by source and section: every STRIDE-th one gives
// articles from every source and section.
const STRIDE = Math.max(1, Math.floor(31798 / WANTED));

/** Articles `{title, lead, paragraphs}` from the archive, streamed through tar (no extraction). */
async function readArticles() {
  if (!existsSync(ARCHIVE)) throw new Error(`check-corpus: ${ARCHIVE} is missing (see ../shared/data/DATA.md)`);
  // tar's stderr is kept, not shown: stopping it early makes it complain about the closed pipe.
  const tar = spawn("tar", ["-xzOf", ARCHIVE], { stdio: ["ignore", "pipe", "pipe"] });
  let complaints = "";
  tar.stderr.on("data", (chunk) => (complaints += chunk));
  tar.stdout.setEncoding("utf8");
  const articles = [];
  let buffer = "";
  let seen = 0;
  const field = (doc, name) => (doc.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`)) ?? [])[1]?.trim() ?? "";
  for await (const chunk of tar.stdout) {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("</DOC>")) >= 0) {
      const doc = buffer.slice(0, end);
      buffer = buffer.slice(end + 6);
      if (seen++ % STRIDE) continue;
      const paragraphs = field(doc, "TEXT").split("\n").map((l) => l.trim()).filter(Boolean);
      if (!paragraphs.length) continue;
      articles.push({ title: field(doc, "TITLE"), lead: field(doc, "ABSTRACT"), paragraphs });
      if (articles.length >= WANTED) break;
    }
    if (articles.length >= WANTED) break;
  }
  tar.kill();
  if (articles.length < WANTED) throw new Error(`check-corpus: only ${articles.length} articles read: ${complaints}`);
  return articles;
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A small deterministic generator, so that a failure can be reproduced article by article. */
function generator(seed) {
  let state = (seed * 2654435761 + 1) >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state % n;
  };
}

/** One paragraph's words with inline markup: links, bold, nested inline, comments, breaks, page marks. */
function inline(text, random) {
  const words = text.split(/\s+/).filter(Boolean);
  const out = [];
  for (let i = 0; i < words.length; ) {
    const take = 1 + random(3);
    const run = escape(words.slice(i, i + take).join(" "));
    i += take;
    switch (random(14)) {
      case 0: out.push(`<a href="/news/${random(1000)}">${run}</a>`); break;
      case 1: out.push(`<b>${run}</b>`); break;
      case 2: out.push(`<strong><em>${run}</em></strong>`); break;
      case 3: out.push(`<span class="hl"><a href="#x"><i>${run}</i></a></span>`); break;
      case 4: out.push(`${run}<!-- ${random(99)} -->`); break;
      case 5: out.push(`${run}<br>`); break;
      // The page's own highlights, now and then, with attributes kashif's marks also carry.
      case 6: out.push(random(5) ? run : `<mark data-kashif-id="${random(50)}" data-kashif-label="PER">${run}</mark>`); break;
      case 7: out.push(random(5) ? run : `<mark data-kashif-join="before after">${run}</mark>`); break;
      default: out.push(run);
    }
  }
  // Templates put line breaks between words now and then: they read as spaces.
  return out.join(random(4) ? " " : "\n");
}

function render(article, index) {
  const random = generator(index + 1);
  const parts = [`<h1>${escape(article.title)}</h1>`];
  if (article.lead) parts.push(`<p class="lead">${inline(article.lead, random)}</p>`);
  article.paragraphs.forEach((paragraph, n) => {
    parts.push(`<p>${inline(paragraph, random)}</p>`);
    if (n === 1) {
      const caption = escape(paragraph.split(/[.،]/)[0] ?? "");
      parts.push(`<figure><img src="data:," alt="${caption}"><figcaption>${caption}</figcaption></figure>`);
    }
    if (n === 2) parts.push(`<blockquote><p>${inline(paragraph.slice(0, 200), random)}</p></blockquote>`);
    if (n === 3) parts.push(`<ul>${paragraph.split("،").slice(0, 4).map((s) => `<li>${inline(s, random)}</li>`).join("")}</ul>`);
    if (n === 4) {
      const cells = paragraph.split(" ").slice(0, 6);
      parts.push(`<table><tr><td>${escape(cells.slice(0, 3).join(" "))}</td><td>${escape(cells.slice(3).join(" "))}</td></tr></table>`);
    }
  });
  return `<article>${parts.join("\n")}</article>`;
}

const started = Date.now();
const articles = await readArticles();
const { page, errors, close } = await openKashif({ pkg: values.pkg ?? join(ROOT, "pkg") });
const totals = { articles: 0, restored: 0, marks: 0, entities: 0, crossing: 0, pageMarksKept: 0, pageMarks: 0 };
const failures = [];
try {
  const BATCH = 50;
  for (let first = 0; first < articles.length; first += BATCH) {
    const batch = articles.slice(first, first + BATCH).map((article, i) => render(article, first + i));
    const results = await page.evaluate((pages) => {
      // Every text node's data, in order, so that a split or merged node shows.
      const texts = (root) => {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        const out = [];
        while (walker.nextNode()) out.push(walker.currentNode.data);
        return JSON.stringify(out);
      };
      return pages.map((html) => {
        const root = document.createElement("div");
        document.body.replaceChildren(root);
        root.innerHTML = html;
        const markup = root.innerHTML;
        const nodes = texts(root);
        const pageMarks = [...root.querySelectorAll("mark")];
        const pageMarkup = pageMarks.map((m) => m.outerHTML);
        const entities = kashif.highlight(root);
        const marks = kashif.kashifMarks ? kashif.kashifMarks(root).length : root.querySelectorAll("mark").length - pageMarks.length;
        const crossing = entities.filter((e) => e.text.includes("\n")).length;
        kashif.clear(root);
        const kept = pageMarks.filter((m, i) => m.isConnected && m.outerHTML === pageMarkup[i]).length;
        return {
          same: root.innerHTML === markup && texts(root) === nodes,
          marks, entities: entities.length, crossing, pageMarks: pageMarks.length, kept,
          // The first difference, for the report.
          at: root.innerHTML === markup ? -1 : [...markup].findIndex((c, i) => root.innerHTML[i] !== c),
        };
      });
    }, batch);
    results.forEach((result, i) => {
      totals.articles++;
      totals.marks += result.marks;
      totals.entities += result.entities;
      totals.crossing += result.crossing;
      totals.pageMarks += result.pageMarks;
      totals.pageMarksKept += result.kept;
      if (result.same) totals.restored++;
      else failures.push({ article: first + i, at: result.at });
    });
  }
} finally {
  await close();
}
console.log(`check-corpus: ${totals.restored} of ${totals.articles} articles restored exactly by highlight + clear`
  + ` (${totals.marks} marks, ${totals.entities} entities; ${totals.crossing} entities across a block;`
  + ` ${totals.pageMarksKept} of ${totals.pageMarks} page-owned marks untouched) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
for (const failure of failures.slice(0, 10)) console.log(`  article ${failure.article}: markup differs from character ${failure.at}`);
if (errors.length) console.log(`page errors: ${errors.slice(0, 5).join("; ")}`);
const ok = totals.articles === WANTED && totals.restored === totals.articles && totals.crossing === 0
  && totals.pageMarksKept === totals.pageMarks && !errors.length;
process.exit(ok ? 0 : 1);
