// A page author's app: kashif installed from npm, the element imported from "kashif/element".
// The same source is built by Vite, webpack and esbuild (tests/bundlers/build.mjs); the test
// mounts articles through window.mountArticle.
import { define } from "kashif/element";

define();

/** Appends a <kashif-article> with one <p> per paragraph; resolves to its first event's detail. */
window.mountArticle = (paragraphs) =>
  new Promise((resolve, reject) => {
    const article = document.createElement("kashif-article");
    article.setAttribute("legend", "");
    for (const text of paragraphs) {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      article.append(paragraph);
    }
    article.addEventListener("kashif-highlighted", ({ detail }) => resolve(detail), { once: true });
    article.addEventListener("kashif-error", ({ detail }) => reject(new Error(detail.message)), { once: true });
    document.getElementById("host").replaceChildren(article);
  });

document.documentElement.dataset.ready = "true";
