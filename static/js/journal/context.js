/* What the page tells the grid (data attributes of #journal) and the state every
 * part shares: the cursor, the cell being edited, the status line, per-cell saves. */

import { scaleFromData } from "./scale.js";

export const NAV = "td.cell, td.proposed, td.period-mark";

export function csrfToken() {
  // The <meta> is the contract; the htmx header on <body> and the cookie are fallbacks.
  const meta = document.querySelector('meta[name="csrf-token"]')?.content;
  if (meta) return meta;
  try {
    const hx = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    if (hx) return hx;
  } catch { /* not JSON: fall through */ }
  return /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? "";
}

function decimalSeparator(table) {
  // Show recomputed means the way the server rendered its own: Django localises them
  // ("4,33" in ru). With no mean on the page yet, follow the page's language.
  const sample = [...table.querySelectorAll("td.mean")].map((td) => td.textContent.trim()).find(Boolean);
  const localeSep = (1.5).toLocaleString(document.documentElement.lang || undefined).charAt(1);
  return sample ? (sample.includes(",") ? "," : ".") : localeSep === "," ? "," : ".";
}

export function createContext(table) {
  const d = table.dataset;
  const rows = [...(table.tBodies[0]?.rows ?? [])].filter((tr) => tr.dataset.learner);
  const j = {
    table,
    d,
    editable: d.editable === "1",
    needsReason: d.needsReason === "1",
    scale: scaleFromData(d),
    rule: {
      weighted: d.weighted === "1",
      t3: d.t3,
      t4: d.t4,
      t5: d.t5,
      minMarks: parseInt(d.minMarks, 10) || 0,
      // The scales with numbers (attestation.NUMERIC_SCALES) propose a mean.
      numeric: ["five_point", "points"].includes(d.scaleKind),
      attendance: (d.attendance || "").split("|").filter(Boolean),
    },
    status: document.getElementById("journal-status"),
    panel: document.getElementById("cell-history"),
    weights: new Map(
      [...table.querySelectorAll("th.lesson-col")].map((th) => [th.dataset.lesson, th.dataset.weight]),
    ),
    sep: decimalSeparator(table),
    rows,
    grid: rows.map((tr) => [...tr.querySelectorAll(NAV)]),
    NETWORK: "Нет связи с сервером: отметка не сохранена.",
    READ_ONLY: "Журнал доступен только для чтения.",
    // Per-cell save state: the last value the server confirmed and a queue of saves
    // (the first one in flight) so two saves of one cell never race on its version.
    states: new WeakMap(),
    undoStack: [],
    active: null,
    editing: null, // {td, input}
    statusOwner: null,
    statusIsError: false,
    historyToken: 0,
    inFlight: 0,
    drafts: new Set(), // cells holding a value that was not saved (see drafts.js)
  };
  addCellState(j);
  addStatus(j);
  return j;
}

function addCellState(j) {
  j.state = (td) => {
    if (!j.states.has(td)) j.states.set(td, { confirmed: td.textContent.trim(), jobs: [], busy: false });
    return j.states.get(td);
  };
  j.intended = (td) => { const st = j.state(td); return st.jobs.length ? st.jobs.at(-1).value : st.confirmed; };
  // An exempt cell shows "осв" but may hold older marks the server still counts (data-text).
  j.confirmedText = (td) => (j.states.has(td) ? j.states.get(td).confirmed : td.dataset.text ?? td.textContent.trim());
  j.is = (td, cls) => td.classList.contains(cls);
  j.sibling = (td, cls) => td.parentElement.querySelector(`td.${cls}`);
  /** What the cell shows: a refused value with its message (drafts.js), else the
   * value last typed and queued, else the confirmed one. */
  j.paint = (td) => {
    if (j.editing?.td === td) return;
    const draft = j.states.get(td)?.draft;
    td.textContent = draft ? draft.value : j.intended(td);
    if (draft) td.append(j.draftMessage(td, draft.message));
  };
}

function addStatus(j) {
  /** level: "" a hint (cleared when the cursor moves), "error" or "warn" (a conflict):
   * kept until the cell they are about is saved. */
  j.setStatus = (message, td = null, level = "") => {
    if (!j.status) return;
    j.status.textContent = message;
    j.statusIsError = Boolean(level && message);
    j.status.classList.toggle("error", j.statusIsError && level === "error");
    j.status.classList.toggle("warn", j.statusIsError && level === "warn");
    j.statusOwner = message ? td : null;
  };
}
