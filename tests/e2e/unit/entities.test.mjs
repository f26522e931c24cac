// www/src/entities.js under node's test runner: grouping, export, pieces of text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codePointOffsets, indexEntries, pieceEnd, toCSV, toDisplacy, toKashifJSON } from "../../../www/src/entities.js";

// The wasm module's groups, as analyzeEntities gives them, for mentions marked with these ids.
const GROUPS = [
  { id: 0, label: "PER", name: "سيرجي شويجو", gloss: "Shoigu", mentions: [0, 2] },
  { id: 1, label: "LOC", name: "الصين", mentions: [1, 3, 4] },
];
const MARKED = [
  { id: 0, start: 0, end: 11, label: "PER", text: "سيرجي شويجو", score: 0.9, entity: 0 },
  { id: 1, start: 20, end: 25, label: "LOC", text: "الصين", score: 0.8, entity: 1 },
  { id: 2, start: 30, end: 35, label: "PER", text: "شويجو", score: 0.7, entity: 0 },
  { id: 3, start: 40, end: 44, label: "LOC", text: "لصين", score: 0.6, entity: 1 },
  { id: 4, start: 50, end: 55, label: "LOC", text: "الصين", score: 0.5, entity: 1 },
  { id: 5, start: 60, end: 63, label: "DATE", text: "أمس", score: 0.85, value: "2021-07-27" },
  { id: 6, start: 70, end: 74, label: "DATE", text: "البارحة", score: 0.85, value: "2021-07-27" },
  { id: 7, start: 80, end: 84, label: "MONEY", text: "مبلغ", score: 0.85 },
];

test("indexEntries: one entry per group (its canonical name and gloss), dates by value, most mentioned first", () => {
  const entries = indexEntries(MARKED, GROUPS, (text) => text);
  assert.deepEqual(entries.map((e) => [e.key, e.label, e.text, e.gloss, e.count, e.ids]), [
    ["e1", "LOC", "الصين", null, 3, [1, 3, 4]],
    ["e0", "PER", "سيرجي شويجو", "Shoigu", 2, [0, 2]],
    ["DATE\u00002021-07-27", "DATE", "أمس", null, 2, [5, 6]],
    ["MONEY\u0000مبلغ", "MONEY", "مبلغ", null, 1, [7]],
  ]);
  // Only marked mentions count: a group none of whose mentions is marked has no entry.
  assert.deepEqual(indexEntries(MARKED.filter((e) => e.label === "PER"), GROUPS, (t) => t).map((e) => e.count), [2]);
  assert.deepEqual(indexEntries([], GROUPS, (t) => t), []);
});

test("toKashifJSON: mentions with entity ids and both kinds of offsets, groups indexing them", () => {
  const text = "😀 زار شويجو أمس";
  const marked = [
    { id: 0, start: 7, end: 12, label: "PER", text: "شويجو", score: 0.9, entity: 3 },
    { id: 1, start: 13, end: 16, label: "DATE", text: "أمس", score: 0.85, value: "XXXX-XX-XX", offset: "-P1D" },
  ];
  const groups = [{ id: 3, label: "PER", name: "سيرجي شويجو", gloss: "Shoigu", mentions: [5] }, { id: 4, label: "LOC", name: "x", mentions: [9] }];
  assert.deepEqual(toKashifJSON(text, marked, groups), {
    format: "kashif",
    version: 1,
    text,
    mentions: [
      { id: 0, label: "PER", text: "شويجو", score: 0.9, entity: 3, start: 7, end: 12, codePoints: { start: 6, end: 11 } },
      { id: 1, label: "DATE", text: "أمس", score: 0.85, value: "XXXX-XX-XX", offset: "-P1D", start: 13, end: 16, codePoints: { start: 12, end: 15 } },
    ],
    groups: [{ id: 3, label: "PER", name: "سيرجي شويجو", gloss: "Shoigu", mentions: [0] }],
  });
});

test("codePointOffsets and toDisplacy count astral characters once", () => {
  assert.deepEqual([...codePointOffsets("a😀b")], [0, 1, 1, 2, 3]);
  assert.deepEqual(toDisplacy("😀 زار بوتين", [{ start: 7, end: 12, label: "PER" }]), {
    text: "😀 زار بوتين",
    ents: [{ start: 6, end: 11, label: "PER" }],
    title: null,
  });
  // A lone surrogate is one unit and one code point.
  assert.deepEqual([...codePointOffsets("\ud800x")], [0, 1, 2]);
});

test("toCSV quotes what needs quoting, ends every row with CRLF, and gives entity ids and glosses", () => {
  const csv = toCSV([
    { start: 0, end: 1, label: "ORG", text: 'a,"b"', score: 1, entity: 2 },
    { start: 2, end: 9, label: "MONEY", text: "5 دولار", score: 0.5, value: "5 USD" },
    { start: 10, end: 12, label: "PER", text: "x\ny", score: 0.25, entity: 0 },
  ], [{ id: 0, label: "PER", name: "x y", gloss: "Shoigu, Sergei", mentions: [2] }, { id: 2, label: "ORG", name: "a", mentions: [0] }]);
  assert.equal(csv, 'start,end,label,text,score,value,entity,gloss\r\n0,1,ORG,"a,""b""",1,,2,\r\n2,9,MONEY,5 دولار,0.5,5 USD,,\r\n10,12,PER,"x\ny",0.25,,0,"Shoigu, Sergei"\r\n');
  assert.equal(toCSV([]), "start,end,label,text,score,value,entity,gloss\r\n");
});

test("pieceEnd cuts after line breaks, never inside a line, and covers the text", () => {
  const text = "aaaa\nbbbbbbbbbb\ncc\nd";
  assert.equal(pieceEnd(text, 0, 3), 5, "a line longer than the size is taken whole");
  assert.equal(pieceEnd(text, 0, 18), 16);
  assert.equal(pieceEnd(text, 5, 100), text.length);
  assert.equal(pieceEnd(text, 16, 1), 19);
  assert.equal(pieceEnd("no break", 0, 2), 8);
  for (const size of [1, 2, 5, 7, 50]) {
    const pieces = [];
    for (let start = 0; start < text.length;) {
      const end = pieceEnd(text, start, size);
      assert.ok(end > start);
      pieces.push(text.slice(start, end));
      start = end;
    }
    assert.equal(pieces.join(""), text);
    assert.ok(pieces.slice(0, -1).every((piece) => piece.endsWith("\n")), `size ${size}: ${JSON.stringify(pieces)}`);
  }
});
