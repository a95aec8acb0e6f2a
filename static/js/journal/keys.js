/* Keyboard and mouse: arrows, Tab, Home/End move; typing edits; Enter confirms a
 * proposal; Backspace clears; Ctrl+Z undoes; H or the right button shows history. */

import { NAV } from "./context.js";

const KEY_DIR = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right", Home: "home", End: "end" };

function onEditKey(j, e) {
  const dir = { Enter: e.shiftKey ? "up" : "down", Tab: e.shiftKey ? "prev" : "next", ArrowUp: "up", ArrowDown: "down" }[e.key];
  if (dir) { e.preventDefault(); j.commitEdit(dir); }
  else if (e.key === "Escape") { e.preventDefault(); j.cancelEdit(); }
}

function isUndo(e) {
  const key = e.key.toLowerCase();
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.code === "KeyZ" || key === "z" || key === "я");
}

/** The direction a key moves the cursor, or null; undefined lets Tab leave the grid. */
function moveOf(j, td, e) {
  let dir = KEY_DIR[e.key];
  if (e.ctrlKey) dir = e.key === "Home" ? "first" : "last";
  if (e.key === "Tab") {
    if (!j.neighbour(td, e.shiftKey ? "prev" : "next")) return undefined; // let Tab leave the grid at its ends
    dir = e.shiftKey ? "prev" : "next";
  }
  return dir ?? null;
}

/** Enter, F2, Backspace/Delete, Escape; true when the key was handled. */
function onCommandKey(j, td, e) {
  switch (e.key) {
    case "Enter":
      e.preventDefault();
      j.go(td, e.shiftKey ? "up" : "down"); // first, so the confirmation's message survives the move
      if (j.is(td, "proposed")) j.confirmProposed(td);
      return true;
    case "F2":
      e.preventDefault();
      j.startEdit(td, j.editText(td));
      return true;
    case "Backspace":
    case "Delete":
      e.preventDefault();
      if (!j.canEdit(td)) return true;
      j.clearDraft(td);
      if (j.intended(td) !== "") j.commit(td, "");
      return true;
    case "Escape":
      if (j.hideHistory() || j.clearDraft(td)) e.preventDefault(); // a refused value: dropped
      return true;
  }
  return false;
}

function onKeydown(j, e) {
  if (e.isComposing) return;
  if (j.editing) { if (e.target === j.editing.input) onEditKey(j, e); return; }
  const td = e.target.closest?.(NAV);
  if (!td || !j.table.contains(td)) return;
  if (isUndo(e)) { e.preventDefault(); j.undo(); return; }
  if (e.altKey || e.metaKey || (e.ctrlKey && !["Home", "End"].includes(e.key))) return; // browser shortcuts
  const dir = moveOf(j, td, e);
  if (dir === undefined) return;
  if (dir) { e.preventDefault(); j.go(td, dir); return; }
  if (onCommandKey(j, td, e)) return;
  if (e.key.length !== 1 || e.key === " ") return;
  e.preventDefault();
  if (j.is(td, "cell") && (e.code === "KeyH" || "hр".includes(e.key.toLowerCase()))) j.showHistory(td);
  else j.startEdit(td, e.key); // the typed character replaces the content, as in a spreadsheet
}

export function bindKeys(j) {
  const table = j.table;
  table.addEventListener("keydown", (e) => onKeydown(j, e));
  table.addEventListener("focusin", (e) => {
    const td = e.target.closest?.(NAV);
    if (td && td !== j.active && table.contains(td)) j.setActive(td, false);
  });
  table.addEventListener("dblclick", (e) => {
    const td = e.target.closest?.(NAV);
    if (td && !j.editing && table.contains(td)) j.startEdit(td, j.editText(td));
  });
  // One click for the mouse too: the right button on a mark cell shows its history.
  table.addEventListener("contextmenu", (e) => {
    const td = e.target.closest?.("td.cell");
    if (!td || j.editing || !table.contains(td)) return;
    e.preventDefault();
    j.setActive(td);
    j.showHistory(td);
  });
  j.panel?.addEventListener("click", (e) => { if (e.target.closest(".close")) j.hideHistory(); });
  j.panel?.addEventListener("keydown", (e) => { if (e.key === "Escape" && j.hideHistory()) e.preventDefault(); });
  window.addEventListener("beforeunload", (e) => {
    // Leaving would drop unsent or unanswered saves.
    if (j.inFlight || j.editing || j.drafts.size) e.preventDefault(); // refused values too
  });
}
