/* Journal grid: keyboard-first entry of marks (templates/achievements/grid.html).
 *
 * ES modules, no globals, no bundler: this entry re-exports the pure arithmetic
 * (journal/math.js, which tests/js/journal_math.test.mjs runs under node) and, in a
 * browser page with a #journal table, wires the grid from its parts:
 *   journal/context.js     the page's data and the shared state of the grid
 *   journal/navigation.js  the cursor: moving, revealing under the sticky headers
 *   journal/scale.js       what a cell may hold, checked before sending; Latin keys
 *   journal/drafts.js      a refused value kept in its cell with its message
 *   journal/editing.js     the in-cell input
 *   journal/saving.js      the queue of saves per cell, reasons, undo
 *   journal/answers.js     what the server answered: saved, conflict, refusal
 *   journal/history.js     the history panel of a cell
 *   journal/keys.js        keyboard and mouse
 * CSP forbids inline styles: every visual state is a class (see uchet.css,
 * "Journal grid"). */

import { initJournal } from "./journal/grid.js";

export { byLayout, checkCell, checkPeriodMark, readLatin, scaleFromData, transliterate } from "./journal/scale.js";
export { NOT_ATTESTED, formatHundredths, markFor, markValues, parseFixed, rowStats } from "./journal/math.js";

if (typeof document !== "undefined") {
  const table = document.getElementById("journal");
  if (table) initJournal(table);
}
