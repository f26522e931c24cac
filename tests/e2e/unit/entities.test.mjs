// www/src/entities.js under node's test runner: grouping, export, pieces of text.
import { test } from "node:test";
import assert from "node:assert/strict";
import { codePointOffsets, groupEntities, normalizeName, pieceEnd, toCSV, toDisplacy } from "../../../www/src/entities.js";

test("normalizeName folds diacritics, tatweel, alef, yeh and teh marbuta variants and spaces", () => {
  assert.equal(normalizeName("مُحَمَّد"), "محمد");
  assert.equal(normalizeName("القاهـــرة"), normalizeName("القاهرة"));
  assert.equal(normalizeName("أحمد"), "احمد");
  assert.equal(normalizeName("إسلام آباد"), "اسلام اباد");
  assert.equal(normalizeName("مصطفى"), "مصطفي");
  assert.equal(normalizeName("منظمة"), "منظمه");
  assert.equal(normalizeName("  عبد   الله \n"), "عبد الله");
  assert.notEqual(normalizeName("عمان"), normalizeName("عمار"), "different letters stay apart");
});

test("groupEntities: one group per label and folded name, most frequent spelling, counts and ids in order", () => {
  const entities = [
    { id: 0, start: 0, end: 5, label: "LOC", text: "عمّان" },
    { id: 1, start: 10, end: 14, label: "PER", text: "أحمد" },
    { id: 2, start: 20, end: 24, label: "LOC", text: "عمان" },
    { id: 3, start: 30, end: 34, label: "LOC", text: "عمان" },
    { id: 4, start: 40, end: 44, label: "PER", text: "احمد" },
    { id: 5, start: 50, end: 54, label: "ORG", text: "عمان" },
    { id: 6, start: 60, end: 65, label: "DATE", text: "مارس" },
  ];
  const groups = groupEntities(entities);
  assert.deepEqual(groups.map((g) => [g.label, g.text, g.count, g.ids]), [
    ["LOC", "عمان", 3, [0, 2, 3]],
    ["PER", "أحمد", 2, [1, 4]],
    ["ORG", "عمان", 1, [5]],
    ["DATE", "مارس", 1, [6]],
  ]);
  assert.equal(groups[1].first, 10);
  assert.deepEqual(groupEntities([]), []);
  // Another folding: grouping follows it.
  assert.equal(groupEntities(entities, (text) => text).length, 6);
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

test("toCSV quotes what needs quoting and ends every row with CRLF", () => {
  const csv = toCSV([
    { start: 0, end: 1, label: "ORG", text: 'a,"b"', score: 1 },
    { start: 2, end: 9, label: "MONEY", text: "5 دولار", score: 0.5, value: "5 USD" },
    { start: 10, end: 12, label: "PER", text: "x\ny", score: 0.25 },
  ]);
  assert.equal(csv, 'start,end,label,text,score,value\r\n0,1,ORG,"a,""b""",1,\r\n2,9,MONEY,5 دولار,0.5,5 USD\r\n10,12,PER,"x\ny",0.25,\r\n');
  assert.equal(toCSV([]), "start,end,label,text,score,value\r\n");
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
