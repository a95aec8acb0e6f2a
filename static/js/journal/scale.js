/* What a cell may hold, checked in the page before anything is sent: the grid knows
 * its subject's grading scale (data attributes of #journal, rendered from the same
 * rows the server checks against), so a value the server would refuse is kept in
 * the cell with its message instead of making a round trip and vanishing.
 *
 * Pure and exported (through journal.js) so tests/js/ runs it under node. The rules
 * and the messages mirror achievements/journal/cells.py (parse_cell) and
 * achievements/journal/period_marks.py (_checked_value) word for word: the server
 * still checks everything, the page only answers first.
 *
 * Latin letters. A teacher who forgot to switch the layout types «n» for «н». A
 * token the scale does not know is read again, whole, two ways, and the first
 * reading that gives a known code wins:
 *   1. transliteration: n→н, b→б, u→у, p→п, o→о, a→а, s→с, v→в, z→з, ch→ч …
 *      so «n» = н, «b» = б, «up» = уп, «op» = оп, «n/a» = н/а, «osv.» = осв.;
 *   2. the same key on the Russian ЙЦУКЕН layout: y→н, e→у, g→п, j→о, f→а …
 *      so «y» = н, «eg» = уп, «jg» = оп, «pfx» = зач.
 * «y» is not transliterated (ы, й or у?): it is the key of «н». «б» sits on the
 * comma key, which is a separator of marks («5,4»), so б is typed as «b». A token
 * neither reading makes known stays as typed and is refused with the server's
 * message. Whole tokens, not letters, so «u» alone (у, not a code) stays «u». */

const TRANSLIT_PAIRS = [
  ["shch", "щ"], ["zh", "ж"], ["kh", "х"], ["ts", "ц"], ["ch", "ч"], ["sh", "ш"],
  ["yu", "ю"], ["ya", "я"], ["yo", "ё"],
  ["a", "а"], ["b", "б"], ["v", "в"], ["g", "г"], ["d", "д"], ["e", "е"], ["z", "з"],
  ["i", "и"], ["k", "к"], ["l", "л"], ["m", "м"], ["n", "н"], ["o", "о"], ["p", "п"],
  ["r", "р"], ["s", "с"], ["t", "т"], ["u", "у"], ["f", "ф"], ["h", "х"], ["c", "ц"],
];

// Latin key → the Cyrillic letter on the same key of the ЙЦУКЕН layout.
const LAYOUT = Object.fromEntries(
  [..."qwertyuiop[]asdfghjkl;'zxcvbnm,.`"].map((key, i) => [key, "йцукенгшщзхъфывапролджэячсмитьбюё"[i]]),
);

/** Latin text transliterated, longest letter group first; other characters kept. */
export function transliterate(text) {
  let out = "";
  for (let i = 0; i < text.length; ) {
    const pair = TRANSLIT_PAIRS.find(([latin]) => text.startsWith(latin, i));
    out += pair ? pair[1] : text[i];
    i += pair ? pair[0].length : 1;
  }
  return out;
}

/** Latin text as the same keys type it on the Russian layout; "/" and digits kept. */
export function byLayout(text) {
  return [...text].map((ch) => (/[a-z]/.test(ch) || ch === "`" ? LAYOUT[ch] : ch)).join("");
}

/** The first of: the token, its transliteration, its layout reading, that `known`
 * accepts; the token itself when none does. */
export function readLatin(token, known) {
  if (known(token) || !/[a-z]/.test(token)) return token;
  return [transliterate(token), byLayout(token)].find(known) ?? token;
}

/** The scale of the grid from #journal's dataset (lists joined by «|»). */
export function scaleFromData(d) {
  const list = (s) => String(s ?? "").split("|").filter(Boolean);
  const [low, high] = list(d.points).map(Number);
  return {
    kind: d.scaleKind || "",
    codes: list(d.codes),
    low: Number.isFinite(low) ? low : null,
    high: Number.isFinite(high) ? high : null,
    attendance: list(d.attendance),
    absence: list(d.absence),
    special: list(d.periodSpecial),
  };
}

/** The scale's own spelling of a typed code (the level scale's «В», «С», «Н» are
 * capitals), as canonical_code in cells.py. */
export function canonicalCode(token, codes) {
  return codes.find((code) => code.toLowerCase() === token.toLowerCase()) ?? token;
}

/** What was typed split into codes, «не осв» kept as one (cells.py _scale_tokens). */
function scaleTokens(typed, scale) {
  const lowered = scale.codes.map((code) => code.toLowerCase());
  const tokens = [];
  for (const word of typed.toLowerCase().split(/[/,;\s]+/).filter(Boolean)) {
    if (tokens.length && lowered.includes(`${tokens.at(-1)} ${word}`)) tokens[tokens.length - 1] += ` ${word}`;
    else tokens.push(word);
  }
  return tokens.map((t) => (scale.attendance.includes(t) ? t : canonicalCode(t, scale.codes)));
}

const byCodeDesc = (codes) => [...codes].sort().reverse(); // Python's sorted(..., reverse=True)

function markError(mark, scale) {
  if (scale.kind === "points") {
    const ok = /^[0-9]{1,9}$/.test(mark)
      && (scale.low === null || Number(mark) >= scale.low)
      && (scale.high === null || Number(mark) <= scale.high);
    return ok ? null : `«${mark}»: нужны баллы от ${scale.low} до ${scale.high}.`;
  }
  if (scale.codes.includes(mark)) return null;
  return `«${mark}» нет в шкале оценивания предмета. Можно: ${byCodeDesc(scale.codes).join(", ")}; `
    + `посещаемость: ${scale.attendance.join(", ")}.`;
}

export const MAX_MARKS_PER_LESSON = 4;

/** A journal cell as typed ("5/4", "н", "оп 5", "n", "") → {value, error}: value is
 * the text the server stores ("н/5/4": the attendance code first), error null; or
 * error is the server's message and value what was typed. */
export function checkCell(text, scale) {
  const typed = String(text ?? "").trim();
  const canonical = (t) => (scale.attendance.includes(t) ? t : canonicalCode(t, scale.codes));
  const known = (t) => scale.attendance.includes(t) || markError(canonical(t), scale) === null;
  const tokens = scaleTokens(typed, scale).map((t) => canonical(readLatin(t, known)));
  const attendance = tokens.filter((t) => scale.attendance.includes(t));
  const marks = tokens.filter((t) => !scale.attendance.includes(t));
  const refuse = (error) => ({ value: typed, error });
  if (attendance.length > 1) return refuse("В ячейке может быть только одна отметка посещаемости.");
  if (attendance.length && scale.absence.includes(attendance[0]) && marks.length) {
    return refuse(`«${attendance[0]}» — обучающийся отсутствовал, отметку поставить нельзя.`);
  }
  if (marks.length > MAX_MARKS_PER_LESSON) return refuse(`Не больше ${MAX_MARKS_PER_LESSON} отметок за один урок.`);
  for (const mark of marks) {
    const error = markError(mark, scale);
    if (error) return refuse(error);
  }
  return { value: [attendance[0] ?? "", marks.join("/")].filter(Boolean).join("/"), error: null };
}

/** A period mark as typed ("4", "н/а", "n/a") → {value, error}, as checkCell. */
export function checkPeriodMark(text, scale) {
  const typed = String(text ?? "").trim();
  const allowed = [...scale.codes, ...scale.special];
  const value = canonicalCode(
    readLatin(typed.toLowerCase().split(/\s+/).join(" "), (t) => allowed.includes(canonicalCode(t, allowed))),
    allowed,
  );
  if (!value || allowed.includes(value)) return { value, error: null };
  return {
    value: typed,
    error: `«${value}» нельзя поставить за период. Можно: ${byCodeDesc(scale.codes).join(", ")}, н/а, осв.`,
  };
}
