// The index's entries and the exports of entities: no DOM, so that node's test runner checks them
// (tests/e2e/unit/entities.test.mjs).

/**
 * The entries of the entity index: one per thing the text names. Names (PER, LOC, ORG, MISC)
 * come grouped by the wasm module (`groups` of `analyzeEntities`, each marked entity carrying its
 * group's `entity` id); dates and amounts, which have no group, are one entry per value (or per
 * folded spelling, `fold`, where they have no value). Only marked mentions count. Returns
 * `[{key, label, text, gloss, count, ids, first}]`, most mentioned first, then by first
 * mention; `text` is the group's canonical name, `ids` the marks' `id`s in order.
 */
export function indexEntries(marked, groups, fold) {
  const byId = new Map(groups.map((group) => [group.id, group]));
  const entries = new Map();
  for (const entity of marked) {
    const group = entity.entity == null ? undefined : byId.get(entity.entity);
    const key = group ? `e${group.id}` : `${entity.label}\u0000${entity.value ?? fold(entity.text)}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = { key, label: entity.label, text: group?.name ?? entity.text, gloss: group?.gloss ?? null, count: 0, ids: [], first: entity.start };
      entries.set(key, entry);
    }
    entry.count += 1;
    entry.ids.push(entity.id);
  }
  return [...entries.values()].sort((a, b) => b.count - a.count || a.first - b.first);
}

/** The gloss of each group id of `groups` that has one. */
export function glossesById(groups) {
  return new Map(groups.filter((g) => g.gloss).map((g) => [g.id, g.gloss]));
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

/**
 * RFC 4180 CSV with a header row: start, end (UTF-16 offsets), label, text, score, value, entity
 * (the group id, empty for dates and amounts), gloss (the group's English name, when known).
 */
export function toCSV(entities, groups = []) {
  const glosses = glossesById(groups);
  const rows = [["start", "end", "label", "text", "score", "value", "entity", "gloss"]];
  for (const e of entities) {
    rows.push([e.start, e.end, e.label, e.text, e.score, e.value ?? "", e.entity ?? "", glosses.get(e.entity) ?? ""]);
  }
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * The kashif JSON export: `{format: "kashif", version: 1, text, mentions, groups}`. Each mention
 * `{id, label, text, score, value?, offset?, hijri?, entity?, start, end, codePoints: {start,
 * end}}` (`start`/`end` in UTF-16 units, as JavaScript counts; `codePoints` as Python counts);
 * each group `{id, label, name, gloss?, mentions}` with `mentions` indexing `mentions`, for the
 * groups that have a marked mention.
 */
export function toKashifJSON(text, entities, groups = []) {
  const points = codePointOffsets(text);
  const at = new Map();
  const mentions = entities.map((e, index) => {
    if (e.entity != null) at.set(e.entity, [...(at.get(e.entity) ?? []), index]);
    const mention = { id: e.id, label: e.label, text: e.text, score: e.score };
    for (const field of ["value", "offset", "hijri", "entity"]) if (e[field] != null) mention[field] = e[field];
    return { ...mention, start: e.start, end: e.end, codePoints: { start: points[e.start], end: points[e.end] } };
  });
  const exported = groups
    .filter((g) => at.has(g.id))
    .map((g) => ({ id: g.id, label: g.label, name: g.name, ...(g.gloss ? { gloss: g.gloss } : {}), mentions: at.get(g.id) }));
  return { format: "kashif", version: 1, text, mentions, groups: exported };
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
