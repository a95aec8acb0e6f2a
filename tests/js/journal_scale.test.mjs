// What a journal cell may hold, checked in the page before sending
// (static/js/journal/scale.js), against the server's rules and messages
// (achievements/journal/cells.py, period_marks.py). Run: node --test tests/js/
import assert from "node:assert/strict";
import { test } from "node:test";

import { byLayout, checkCell, checkPeriodMark, readLatin, scaleFromData, transliterate } from "../../static/js/journal.js";

// As grid.html renders #journal's data attributes for a five-point subject.
const FIVE = scaleFromData({
  scaleKind: "five_point",
  codes: "5|4|3|2",
  points: "|",
  attendance: "н|б|уп|оп",
  absence: "н|б|уп",
  periodSpecial: "н/а|осв.",
});
const POINTS = { ...FIVE, kind: "points", codes: [], low: 0, high: 100 };
const PASS = { ...FIVE, kind: "pass_fail", codes: ["зач", "незач"] };
const SCALE_ERROR = "нет в шкале оценивания предмета. Можно: 5, 4, 3, 2; посещаемость: н, б, уп, оп.";

test("scaleFromData reads the grid's lists and an empty points range", () => {
  assert.deepEqual(FIVE, {
    kind: "five_point",
    codes: ["5", "4", "3", "2"],
    low: null,
    high: null,
    attendance: ["н", "б", "уп", "оп"],
    absence: ["н", "б", "уп"],
    special: ["н/а", "осв."],
  });
  assert.deepEqual(scaleFromData({ scaleKind: "points", points: "0|100" }).low, 0);
  assert.deepEqual(scaleFromData({ scaleKind: "points", points: "0|100" }).high, 100);
});

test("checkCell accepts the scale and stores attendance first, as the server", () => {
  assert.deepEqual(checkCell("5", FIVE), { value: "5", error: null });
  assert.deepEqual(checkCell(" 5 4 ", FIVE), { value: "5/4", error: null });
  assert.deepEqual(checkCell("5,4;3", FIVE), { value: "5/4/3", error: null });
  assert.deepEqual(checkCell("5/оп", FIVE), { value: "оп/5", error: null });
  assert.deepEqual(checkCell("Н", FIVE), { value: "н", error: null });
  assert.deepEqual(checkCell("", FIVE), { value: "", error: null });
});

test("checkCell refuses what the server refuses, with its words", () => {
  assert.deepEqual(checkCell("7", FIVE), { value: "7", error: `«7» ${SCALE_ERROR}` });
  assert.deepEqual(checkCell("x", FIVE), { value: "x", error: `«x» ${SCALE_ERROR}` });
  assert.deepEqual(checkCell("5/ы", FIVE), { value: "5/ы", error: `«ы» ${SCALE_ERROR}` });
  assert.deepEqual(checkCell("н/б", FIVE), {
    value: "н/б",
    error: "В ячейке может быть только одна отметка посещаемости.",
  });
  assert.deepEqual(checkCell("н/5", FIVE), {
    value: "н/5",
    error: "«н» — обучающийся отсутствовал, отметку поставить нельзя.",
  });
  assert.deepEqual(checkCell("5/5/5/5/5", FIVE), { value: "5/5/5/5/5", error: "Не больше 4 отметок за один урок." });
});

test("points scale: whole numbers in range, ASCII digits only", () => {
  assert.deepEqual(checkCell("100", POINTS), { value: "100", error: null });
  assert.deepEqual(checkCell("101", POINTS), { value: "101", error: "«101»: нужны баллы от 0 до 100." });
  assert.deepEqual(checkCell("²", POINTS), { value: "²", error: "«²»: нужны баллы от 0 до 100." });
});

test("Latin keys: n/b/u/p/o by transliteration, y/e/g/j by the key on the Russian layout", () => {
  // transliteration
  assert.deepEqual(checkCell("n", FIVE), { value: "н", error: null });
  assert.deepEqual(checkCell("N", FIVE), { value: "н", error: null });
  assert.deepEqual(checkCell("b", FIVE), { value: "б", error: null });
  assert.deepEqual(checkCell("up", FIVE), { value: "уп", error: null });
  assert.deepEqual(checkCell("op/5", FIVE), { value: "оп/5", error: null });
  // the same keys of the ЙЦУКЕН layout
  assert.deepEqual(checkCell("y", FIVE), { value: "н", error: null });
  assert.deepEqual(checkCell("eg", FIVE), { value: "уп", error: null });
  assert.deepEqual(checkCell("jg 4", FIVE), { value: "оп/4", error: null });
  // «u» alone is у (not a code) or г: neither known, so it is refused as typed
  assert.deepEqual(checkCell("u", FIVE), { value: "u", error: `«u» ${SCALE_ERROR}` });
  // a whole word of another scale
  assert.deepEqual(checkCell("pfx", PASS).value, "зач");
  assert.deepEqual(checkCell("zach", PASS).value, "зач");
});

test("the two readings of Latin letters", () => {
  assert.equal(transliterate("up"), "уп");
  assert.equal(transliterate("n/a"), "н/а");
  assert.equal(transliterate("zach"), "зач");
  assert.equal(byLayout("y"), "н");
  assert.equal(byLayout("eg"), "уп");
  assert.equal(byLayout("y/f"), "н/а");
  assert.equal(byLayout("5/4"), "5/4");
  // transliteration first: «b» is б, not и (the key of «и» on the Russian layout)
  assert.equal(readLatin("b", (t) => ["б", "и"].includes(t)), "б");
  assert.equal(readLatin("q", () => false), "q");
});

test("checkPeriodMark: the scale, н/а and осв., Latin too; anything else refused", () => {
  assert.deepEqual(checkPeriodMark("4", FIVE), { value: "4", error: null });
  assert.deepEqual(checkPeriodMark("", FIVE), { value: "", error: null });
  assert.deepEqual(checkPeriodMark("Н/А", FIVE), { value: "н/а", error: null });
  assert.deepEqual(checkPeriodMark("n/a", FIVE), { value: "н/а", error: null });
  assert.deepEqual(checkPeriodMark("osv.", FIVE), { value: "осв.", error: null });
  assert.deepEqual(checkPeriodMark("7", FIVE), {
    value: "7",
    error: "«7» нельзя поставить за период. Можно: 5, 4, 3, 2, н/а, осв.",
  });
  assert.deepEqual(checkPeriodMark("н", FIVE).error, "«н» нельзя поставить за период. Можно: 5, 4, 3, 2, н/а, осв.");
});

test("the level scale's capital codes are accepted in either case", () => {
  const levels = { ...FIVE, kind: "levels", codes: ["В", "С", "Н"] };
  assert.deepEqual(checkCell("в", levels), { value: "В", error: null });
  assert.deepEqual(checkCell("С", levels), { value: "С", error: null });
  assert.deepEqual(checkCell("v", levels), { value: "В", error: null });
});

test("«не осв» is one code though it has a space", () => {
  const mastered = { ...FIVE, kind: "mastered", codes: ["осв", "не осв"] };
  assert.deepEqual(checkCell("не осв", mastered), { value: "не осв", error: null });
  assert.deepEqual(checkCell("Не  осв", mastered), { value: "не осв", error: null });
  assert.deepEqual(checkPeriodMark("не  осв", { ...mastered, special: ["н/а", "осв."] }), { value: "не осв", error: null });
});
