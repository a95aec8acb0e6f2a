// Arithmetic of the journal grid (static/js/journal.js) against the server's rules
// (achievements/attestation.py). Run: node --test tests/js/
import assert from "node:assert/strict";
import { test } from "node:test";

import { markValues, parseFixed, rowStats } from "../../static/js/journal.js";

const rule = (over = {}) => ({ weighted: true, t3: "2.60", t4: "3.60", t5: "4.60", minMarks: 3, ...over });
const cells = (...pairs) => pairs.map(([text, weight = "1.0"]) => ({ text, weight }));

test("parseFixed reads dot and comma decimals exactly", () => {
  assert.equal(parseFixed("3.60"), 360);
  assert.equal(parseFixed("3,60"), 360);
  assert.equal(parseFixed("1.5"), 150);
  assert.equal(parseFixed("2"), 200);
  assert.ok(Number.isNaN(parseFixed("abc")));
  assert.ok(Number.isNaN(parseFixed(undefined)));
});

test("mark tokens: attendance codes and non-numeric marks are ignored", () => {
  assert.deepEqual(markValues("н/5/4"), [5, 4]);
  assert.deepEqual(markValues("уп"), []);
  assert.deepEqual(markValues("оп/3"), [3]);
  assert.deepEqual(markValues("зач/б"), []);
  assert.deepEqual(markValues(""), []);
});

test("weights 1 and 2 give exact weighted means", () => {
  // (5*1 + 4*2 + 4*2) / 5 = 21/5 = 4.20
  const s = rowStats(cells(["5", "1.0"], ["4", "2.0"], ["4", "2.0"]), rule());
  assert.equal(s.mean, "4.20");
  assert.equal(s.proposed, "4");
  // (5*2 + 3*1 + 3*1) / 4 = 4.00; arithmetic: 11/3 = 3.666… -> 3.67
  const row = cells(["5", "2.0"], ["3", "1.0"], ["3", "1.0"]);
  assert.equal(rowStats(row, rule()).mean, "4.00");
  assert.equal(rowStats(row, rule({ weighted: false })).mean, "3.67");
});

test("(5+4)/2 = 4.50 and 13/3 = 4.33", () => {
  assert.equal(rowStats(cells(["5/4"]), rule({ minMarks: 1 })).mean, "4.50");
  assert.equal(rowStats(cells(["5"], ["4"], ["4"]), rule()).mean, "4.33");
});

test("rounding is half up on the exact rational", () => {
  // weights 1.5 and 1.0: (5*1.5 + 4*1 + 4*1 + 4*1 + 4*1 + 4*1 + 4*1 + 4*1) / 8.5 = 35.5/8.5 = 4.1764… -> 4.18
  const row = cells(["5", "1.5"], ["4/4/4/4/4/4/4", "1.0"]);
  assert.equal(rowStats(row, rule()).mean, "4.18");
  // 4.125 -> 4.13 (half up, not banker's): (5*1 + 4*7) / 8 = 33/8
  assert.equal(rowStats(cells(["5/4/4/4/4/4/4/4"]), rule()).mean, "4.13");
  // (3*1.5 + 2*0.5) / 2 = 2.75
  assert.equal(rowStats(cells(["3", "1.5"], ["2", "0.5"]), rule({ minMarks: 1 })).mean, "2.75");
});

test("a mean exactly at a threshold reaches it", () => {
  // (4*3 + 3*2) / 5 = 18/5 = 3.60 with t4 3.60 -> 4
  const row = cells(["4"], ["4"], ["4"], ["3"], ["3"]);
  const s = rowStats(row, rule());
  assert.equal(s.mean, "3.60");
  assert.equal(s.proposed, "4");
  // 3.50 with thresholds 2.5/3.5/4.5 -> 4 (and comma-rendered thresholds read the same)
  const half = cells(["4"], ["3"], ["4"], ["3"]);
  assert.equal(rowStats(half, rule({ t3: "2.50", t4: "3.50", t5: "4.50" })).proposed, "4");
  assert.equal(rowStats(half, rule({ t3: "2,5", t4: "3,5", t5: "4,5" })).proposed, "4");
  // just under: 3.59… is 3.59 after rounding -> 3
  assert.equal(rowStats(cells(["4", "1.0"], ["3", "0.7"]), rule({ minMarks: 1 })).mean, "3.59");
  assert.equal(rowStats(cells(["4", "1.0"], ["3", "0.7"]), rule({ minMarks: 1 })).proposed, "3");
});

test("all thresholds", () => {
  const r = rule({ minMarks: 1 });
  assert.equal(rowStats(cells(["5"]), r).proposed, "5");
  assert.equal(rowStats(cells(["5/4/5"]), r).proposed, "5"); // 4.67
  assert.equal(rowStats(cells(["3"]), r).proposed, "3");
  assert.equal(rowStats(cells(["2/3"]), r).proposed, "2"); // 2.50 < 2.60
  assert.equal(rowStats(cells(["2"]), r).proposed, "2");
});

test("fewer marks than the minimum -> н/а, but the mean is shown", () => {
  const s = rowStats(cells(["5"], ["5"]), rule());
  assert.equal(s.mean, "5.00");
  assert.equal(s.proposed, "н/а");
});

test("attendance codes in a row: н/5/4 counts two marks", () => {
  const s = rowStats(cells(["н/5/4"], ["б"], ["3"]), rule());
  assert.equal(s.count, 3);
  assert.equal(s.mean, "4.00");
  assert.equal(s.proposed, "4");
});

test("an empty row has no mean and is not attested", () => {
  const s = rowStats(cells([""], ["н"], ["уп"]), rule());
  assert.equal(s.mean, "");
  assert.equal(s.proposed, "н/а");
  assert.equal(rowStats([], rule({ minMarks: 0 })).proposed, "н/а");
});

test("comma separator for a localised page", () => {
  assert.equal(rowStats(cells(["5"], ["4"], ["4"]), rule(), ",").mean, "4,33");
});

test("a scale without numbers proposes the latest result, as attestation.propose_latest", () => {
  const passFail = rule({ numeric: false, attendance: ["н", "б", "уп", "оп"] });
  assert.deepEqual(rowStats(cells(["незач"], ["н"], ["зач"]), passFail), {
    mean: "", mean100: null, proposed: "зач", count: 2,
  });
  assert.equal(rowStats(cells(["зач"], ["б/незач"]), passFail).proposed, "незач");
  // The level «Н» (низкий) is a result; the attendance code «н» is not.
  assert.equal(rowStats(cells(["С"], ["н/Н"], ["н"]), passFail).proposed, "Н");
  assert.equal(rowStats(cells(["н"], [""]), passFail).proposed, "н/а");
});
