// The demo page: paste an article, see its entities, export them. No inline script: the page is
// served with a strict Content-Security-Policy and Trusted Types.

import "./trusted-types.js";
import { define, load } from "./pkg/kashif-article.js";

load(); // start fetching the model while the page parses
define();

const $ = (id) => document.getElementById(id);
const article = $("article");
const sample = [...article.childNodes].map((node) => node.cloneNode(true));
let firstHighlight = null;

const ms = (value) => `${value.toFixed(1)} ms`;

article.addEventListener("kashif-highlighted", ({ detail: { entities, timings } }) => {
  if (firstHighlight === null) {
    firstHighlight = performance.now();
    $("t-first").textContent = ms(firstHighlight);
  }
  $("t-load").textContent = ms(timings.modelLoad);
  $("t-analysis").textContent = ms(timings.analysis);
  $("t-highlight").textContent = ms(timings.highlight);
  $("t-mode").textContent = timings.worker ? "عامل خلفي (Web Worker)" : "في الصفحة";
  $("t-count").textContent = String(entities.length);
  $("progress").hidden = true;
});

article.addEventListener("kashif-progress", ({ detail: { done, total } }) => {
  const progress = $("progress");
  progress.hidden = false;
  progress.max = total;
  progress.value = done;
});

article.addEventListener("kashif-error", ({ detail: { message } }) => {
  $("t-mode").textContent = `خطأ: ${message}`;
});

// The model: the embedded one for news, or the reference model (a file) for encyclopedic text.
$("genre").addEventListener("change", ({ target }) => {
  article.model = target.value || null;
});

// Where the analysis runs: by length (long articles in the worker), always in the worker, or
// always in the page.
$("where").addEventListener("change", ({ target }) => {
  if (target.value) article.setAttribute("worker-threshold", target.value);
  else article.removeAttribute("worker-threshold");
});

// Pasted text becomes paragraphs built from text nodes: whatever it contains stays text.
$("analyze").addEventListener("click", () => {
  const lines = $("paste").value.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  if (!lines.length) return;
  article.replaceChildren(...lines.map((line) => {
    const paragraph = document.createElement("p");
    paragraph.textContent = line;
    return paragraph;
  }));
});

$("restore").addEventListener("click", () => {
  article.replaceChildren(...sample.map((node) => node.cloneNode(true)));
});

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

$("export-kashif").addEventListener("click", () =>
  download("kashif-entities.kashif.json", "application/json", JSON.stringify(article.toJSON(), null, 2) + "\n"));
$("export-json").addEventListener("click", () =>
  download("kashif-entities.json", "application/json", JSON.stringify(article.toDisplacy(), null, 2) + "\n"));
$("export-csv").addEventListener("click", () =>
  download("kashif-entities.csv", "text/csv;charset=utf-8", "\ufeff" + article.toCSV()));
