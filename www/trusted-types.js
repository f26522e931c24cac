// The demo is served with `require-trusted-types-for 'script'` (scripts/serve.mjs). kashif
// creates no Trusted Types policy; a page that wants long articles analyzed in the worker lets
// that one script URL through its default policy, as here, and refuses every other.
const worker = new URL("pkg/kashif-worker.js", document.baseURI).href;

if (globalThis.trustedTypes?.createPolicy && !trustedTypes.defaultPolicy) {
  trustedTypes.createPolicy("default", {
    createScriptURL(url) {
      if (new URL(url, document.baseURI).href === worker) return url;
      throw new TypeError(`demo: refusing the script URL ${url}`);
    },
  });
}
