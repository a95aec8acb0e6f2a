/* The cursor: one active cell, moved by direction, kept visible under the sticky
 * header and names column. */

export function addNavigation(j) {
  j.setActive = (td, focus = true) => {
    if (j.active !== td) {
      if (j.active) { j.active.classList.remove("active"); j.active.tabIndex = -1; }
      j.active = td;
      td.classList.add("active");
      td.tabIndex = 0;
      // Hints follow the cursor (a locked cell tells why); save errors stay until fixed.
      const draft = j.draftOf(td);
      if (draft) j.setStatus(draft.message, td, "error");
      else if (!j.statusIsError) j.setStatus(td.dataset.locked || "", td);
    }
    if (focus) { td.focus(); reveal(j, td); }
  };
  j.neighbour = (td, dir) => neighbour(j, td, dir);
  j.go = (td, dir) => j.setActive(j.neighbour(td, dir) ?? td);
}

function reveal(j, td) {
  // focus() scrolls the cell into the wrapper, but may leave it under the sticky
  // header or names column (their size depends on the content): nudge it out.
  const wrap = j.table.closest(".grid-wrap");
  if (!wrap) return;
  const cell = td.getBoundingClientRect();
  const head = j.table.tHead?.getBoundingClientRect();
  const name = td.parentElement.querySelector("th")?.getBoundingClientRect();
  if (name && cell.left < name.right) wrap.scrollLeft -= name.right - cell.left;
  if (head && cell.top < head.bottom) wrap.scrollTop -= head.bottom - cell.top;
}

function neighbour(j, td, dir) {
  const grid = j.grid;
  const r = j.rows.indexOf(td.parentElement);
  const c = grid[r].indexOf(td);
  const at = (row, col) => (grid[row] ? grid[row][Math.min(col, grid[row].length - 1)] : null);
  switch (dir) {
    case "up": return at(r - 1, c);
    case "down": return at(r + 1, c);
    case "left": return grid[r][c - 1] ?? null;
    case "right": return grid[r][c + 1] ?? null;
    case "next": return grid[r][c + 1] ?? grid[r + 1]?.[0] ?? null; // Tab wraps to the next row
    case "prev": return grid[r][c - 1] ?? grid[r - 1]?.at(-1) ?? null;
    case "home": return grid[r][0];
    case "end": return grid[r].at(-1);
    case "first": return grid[0][0];
    case "last": return grid.at(-1).at(-1);
  }
  return null;
}

export function startPosition(j) {
  if (!(j.grid.length && j.grid[0].length)) return;
  // Start on today's lesson (the latest one not in the future): that is the column a
  // teacher opens the journal to fill in.
  const today = new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD, local time
  const dates = [...j.table.querySelectorAll("th.lesson-col")].map((th) => th.dataset.date || "");
  let column = 0;
  dates.forEach((date, i) => { if (date && date <= today) column = i; });
  const first = j.grid[0][Math.min(column, j.grid[0].length - 1)];
  j.setActive(first, false);
  // Typing works straight after the page opens, unless the user is already elsewhere.
  if (document.activeElement === document.body) first.focus({ preventScroll: false });
}
