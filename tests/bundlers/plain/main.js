// The drop-in route: the package's files copied to ./kashif/ beside this page (by
// tests/bundlers/build.mjs), no bundler; the test mounts articles through window.mountArticle.
import { define } from "./kashif/kashif-article.js";

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
