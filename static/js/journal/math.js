/* Arithmetic of the journal grid, pure and exported so tests/js/ can run it under
 * node against the server's rules (achievements/attestation.py). */

export const NOT_ATTESTED = "н/а";

/** "3,60" / "3.60" / "1.5" / "2" -> integer in 1/10^places (360, 150, 200);
 * NaN for anything else. Integers, because 3.6 in binary floating point is not
 * 3.6 and the thresholds are compared exactly. Django renders decimals with the
 * locale's comma, so both separators are accepted. */
export function parseFixed(text, places = 2) {
  const m = /^\s*(\d+)(?:[.,](\d*))?\s*$/.exec(String(text ?? ""));
  if (!m) return NaN;
  const frac = ((m[2] || "") + "0".repeat(places)).slice(0, places);
  return Number(m[1]) * 10 ** places + (places ? Number(frac) : 0);
}

/** Numeric marks of a cell "н/5/4" -> [5, 4]. Like the server (str.isdigit):
 * attendance codes (н, б, уп, оп) and non-numeric marks (зач…) do not count. */
export function markValues(text) {
  return String(text ?? "")
    .split("/")
    .map((t) => t.trim())
    .filter((t) => /^\d+$/.test(t))
    .map(Number);
}

/** n/d rounded half up, for non-negative integers, without floating point. */
function divHalfUp(n, d) {
  const num = 2 * n + d;
  const den = 2 * d;
  return (num - (num % den)) / den;
}

/** 433 -> "4.33" (sep "," -> "4,33"). */
export function formatHundredths(value, sep = ".") {
  return `${Math.trunc(value / 100)}${sep}${String(value % 100).padStart(2, "0")}`;
}

/** Period mark by the thresholds for a mean in hundredths (thresholds as text). */
export function markFor(mean100, rule) {
  if (mean100 >= parseFixed(rule.t5)) return "5";
  if (mean100 >= parseFixed(rule.t4)) return "4";
  if (mean100 >= parseFixed(rule.t3)) return "3";
  return "2";
}

/** Mean and proposed mark of one row, mirroring achievements/attestation.py:
 * cells = [{text: "5/4", weight: "2,0"}], rule = {weighted, t3, t4, t5, minMarks}.
 * Weights are taken in hundredths, so sum(v*w)/sum(w) is an exact rational and
 * the mean is rounded half up once, as Decimal.quantize(ROUND_HALF_UP) does; the
 * thresholds are compared with that rounded mean, as on the server. */
export function rowStats(cells, rule, sep = ".") {
  if (rule.numeric === false) return latestStats(cells, rule);
  let total = 0;
  let weights = 0;
  let count = 0;
  for (const { text, weight } of cells) {
    const parsed = rule.weighted ? parseFixed(weight) : 100;
    const w = Number.isNaN(parsed) || parsed <= 0 ? 100 : parsed;
    for (const v of markValues(text)) {
      total += v * w;
      weights += w;
      count += 1;
    }
  }
  if (!count) return { mean: "", mean100: null, proposed: NOT_ATTESTED, count };
  const mean100 = divHalfUp(total * 100, weights);
  const proposed = count < (rule.minMarks || 0) ? NOT_ATTESTED : markFor(mean100, rule);
  return { mean: formatHundredths(mean100, sep), mean100, proposed, count };
}

/** A scale without numbers (зачёт, уровни) has no mean: like the server's
 * attestation.propose_latest, the proposal is the row's latest result in lesson
 * order, н/а when there is none. Attendance codes (rule.attendance) are not results;
 * they are lower case, so the level «Н» stays a result. */
function latestStats(cells, rule) {
  const attendance = rule.attendance || [];
  let proposed = NOT_ATTESTED;
  let count = 0;
  for (const { text } of cells) {
    for (const token of String(text ?? "").split("/").map((t) => t.trim())) {
      if (!token || token === NOT_ATTESTED || attendance.includes(token)) continue;
      proposed = token;
      count += 1;
    }
  }
  return { mean: "", mean100: null, proposed, count };
}
