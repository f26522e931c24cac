// Grouping and export of entities: no DOM, so that node's test runner checks them
// (tests/e2e/unit/entities.test.mjs).

/**
 * The form under which mentions of one entity are grouped in the index: without diacritics and
 * tatweel, with the alef, yeh and teh marbuta variants folded, spaces collapsed.
 * (The wasm module's own folding is not exported yet; when it is, the index will use that one.)
 */
export function normalizeName(text) {
  return String(text)
    .normalize("NFKC")
    .replace(/[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, "")
    .replace(/[\u0622\u0623\u0625\u0671]/g, "\u0627")
    .replace(/\u0649/g, "\u064A")
    .replace(/\u0629/g, "\u0647")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Groups entities by label and folded form (`fold`, normalizeName by default):
 * `[{label, key, text, count, ids, first}]`, most frequent first, then by first mention. `text`
 * is the spelling used most often; `ids` the `id`s of the mentions in order.
 */
export function groupEntities(entities, fold = normalizeName) {
  const groups = new Map();
  for (const entity of entities) {
    const key = `${entity.label}\u0000${fold(entity.text)}`;
    let group = groups.get(key);
    if (!group) {
      group = { label: entity.label, key, forms: new Map(), count: 0, ids: [], first: entity.start };
      groups.set(key, group);
    }
    group.count += 1;
    group.ids.push(entity.id);
    group.forms.set(entity.text, (group.forms.get(entity.text) ?? 0) + 1);
  }
  return [...groups.values()]
    .map(({ forms, ...group }) => ({
      ...group,
      // The spelling used most often names the group; the first seen of those tied.
      text: [...forms].reduce((best, form) => (form[1] > best[1] ? form : best))[0],
    }))
    .sort((a, b) => b.count - a.count || a.first - b.first);
}

/** Code-point offset of every UTF-16 offset of `text` (a pair's second unit maps to its first). */
export function codePointOffsets(text) {
  const map = new Uint32Array(text.length + 1);
  let points = 0;
  for (let unit = 0; unit < text.length; unit++) {
    map[unit] = points;
    const code = text.charCodeAt(unit);
    const pairs = code >= 0xd800 && code <= 0xdbff && unit + 1 < text.length
      && (text.charCodeAt(unit + 1) & 0xfc00) === 0xdc00;
    if (pairs) map[++unit] = points;
    points += 1;
  }
  map[text.length] = points;
  return map;
}

/**
 * The displaCy "manual" format, `{text, ents: [{start, end, label}], title: null}`, offsets in
 * code points, as Python tools (displaCy, spaCy) count them.
 */
export function toDisplacy(text, entities) {
  const points = codePointOffsets(text);
  return {
    text,
    ents: entities.map((e) => ({ start: points[e.start], end: points[e.end], label: e.label })),
    title: null,
  };
}

function csvCell(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row: start, end (UTF-16 offsets), label, text, score, value. */
export function toCSV(entities) {
  const rows = [["start", "end", "label", "text", "score", "value"]];
  for (const e of entities) rows.push([e.start, e.end, e.label, e.text, e.score, e.value ?? ""]);
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * Where a piece of `text` that starts at `start` and is about `size` UTF-16 units long ends: just
 * after a line break (kashif's block boundaries, which no entity crosses), or at the end of the
 * text; a block longer than `size` is taken whole.
 */
export function pieceEnd(text, start, size) {
  const end = start + Math.max(1, Math.floor(size));
  if (end >= text.length) return text.length;
  const back = text.lastIndexOf("\n", end - 1);
  if (back >= start) return back + 1;
  const forward = text.indexOf("\n", end);
  return forward < 0 ? text.length : forward + 1;
}
