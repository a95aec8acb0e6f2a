/* Journal grid: keyboard-first entry of marks (templates/achievements/grid.html).
 *
 * One ES module, no globals. The arithmetic at the top is pure and exported so
 * tests/js/journal_math.test.mjs can run it under node; the DOM wiring runs only
 * in a browser and only when the page has a #journal table.
 * CSP forbids inline styles: every visual state is a class (see uchet.css,
 * "Journal grid"). */

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

if (typeof document !== "undefined") {
  const table = document.getElementById("journal");
  if (table) initJournal(table);
}

function csrfToken() {
  // The <meta> is the contract; the htmx header on <body> and the cookie are fallbacks.
  const meta = document.querySelector('meta[name="csrf-token"]')?.content;
  if (meta) return meta;
  try {
    const hx = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    if (hx) return hx;
  } catch { /* not JSON: fall through */ }
  return /(?:^|;\s*)csrftoken=([^;]+)/.exec(document.cookie)?.[1] ?? "";
}

function initJournal(table) {
  const d = table.dataset;
  const editable = d.editable === "1";
  const needsReason = d.needsReason === "1";
  const rule = { weighted: d.weighted === "1", t3: d.t3, t4: d.t4, t5: d.t5, minMarks: parseInt(d.minMarks, 10) || 0 };
  const status = document.getElementById("journal-status");
  const panel = document.getElementById("cell-history");
  const weights = new Map(
    [...table.querySelectorAll("th.lesson-col")].map((th) => [th.dataset.lesson, th.dataset.weight]),
  );
  // Show recomputed means the way the server rendered its own: Django localises them
  // ("4,33" in ru). With no mean on the page yet, follow the page's language.
  const sample = [...table.querySelectorAll("td.mean")].map((td) => td.textContent.trim()).find(Boolean);
  const localeSep = (1.5).toLocaleString(document.documentElement.lang || undefined).charAt(1);
  const sep = sample ? (sample.includes(",") ? "," : ".") : localeSep === "," ? "," : ".";
  const NAV = "td.cell, td.proposed, td.period-mark";
  const rows = [...(table.tBodies[0]?.rows ?? [])].filter((tr) => tr.dataset.learner);
  const grid = rows.map((tr) => [...tr.querySelectorAll(NAV)]);
  const NETWORK = "Нет связи с сервером: отметка не сохранена.";
  const READ_ONLY = "Журнал доступен только для чтения.";

  // Per-cell save state: the last value the server confirmed and a queue of saves
  // (the first one in flight) so two saves of one cell never race on its version.
  const states = new WeakMap();
  const undoStack = [];
  let active = null;
  let editing = null; // {td, input}
  let statusOwner = null;
  let statusIsError = false;
  let historyToken = 0;
  let inFlight = 0;

  const state = (td) => {
    if (!states.has(td)) states.set(td, { confirmed: td.textContent.trim(), jobs: [], busy: false });
    return states.get(td);
  };
  const intended = (td) => { const st = state(td); return st.jobs.length ? st.jobs.at(-1).value : st.confirmed; };
  // An exempt cell shows "осв" but may hold older marks the server still counts (data-text).
  const confirmedText = (td) => (states.has(td) ? states.get(td).confirmed : td.dataset.text ?? td.textContent.trim());
  const is = (td, cls) => td.classList.contains(cls);
  const sibling = (td, cls) => td.parentElement.querySelector(`td.${cls}`);

  /** level: "" a hint (cleared when the cursor moves), "error" or "warn" (a conflict):
   * kept until the cell they are about is saved. */
  function setStatus(message, td = null, level = "") {
    if (!status) return;
    status.textContent = message;
    statusIsError = Boolean(level && message);
    status.classList.toggle("error", statusIsError && level === "error");
    status.classList.toggle("warn", statusIsError && level === "warn");
    statusOwner = message ? td : null;
  }

  function paint(td) {
    if (editing?.td !== td) td.textContent = intended(td);
  }

  function setActive(td, focus = true) {
    if (active !== td) {
      if (active) { active.classList.remove("active"); active.tabIndex = -1; }
      active = td;
      td.classList.add("active");
      td.tabIndex = 0;
      // Hints follow the cursor (a locked cell tells why); save errors stay until fixed.
      if (!statusIsError) setStatus(td.dataset.locked || "", td);
    }
    if (focus) { td.focus(); reveal(td); }
  }

  function reveal(td) {
    // focus() scrolls the cell into the wrapper, but may leave it under the sticky
    // header or names column (their size depends on the content): nudge it out.
    const wrap = table.closest(".grid-wrap");
    if (!wrap) return;
    const cell = td.getBoundingClientRect();
    const head = table.tHead?.getBoundingClientRect();
    const name = td.parentElement.querySelector("th")?.getBoundingClientRect();
    if (name && cell.left < name.right) wrap.scrollLeft -= name.right - cell.left;
    if (head && cell.top < head.bottom) wrap.scrollTop -= head.bottom - cell.top;
  }

  function neighbour(td, dir) {
    const r = rows.indexOf(td.parentElement);
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

  function go(td, dir) {
    setActive(neighbour(td, dir) ?? td);
  }

  function canEdit(td) {
    if (!editable) { setStatus(READ_ONLY, td); return false; }
    if (td.dataset.locked) { setStatus(td.dataset.locked, td); return false; }
    if (is(td, "proposed")) {
      setStatus("Enter подтверждает предложенную отметку; другую введите в столбце периода.", td);
      return false;
    }
    return true;
  }

  // --- editing ---------------------------------------------------------------

  function startEdit(td, text) {
    if (!canEdit(td)) return;
    state(td); // capture the confirmed value before the text is replaced
    const input = document.createElement("input");
    input.type = "text";
    input.className = "cell-input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", is(td, "period-mark") ? "Отметка за период" : "Отметка");
    input.value = text;
    td.textContent = "";
    td.append(input);
    editing = { td, input };
    input.addEventListener("blur", onInputBlur);
    input.focus();
    input.setSelectionRange(text.length, text.length);
  }

  function onInputBlur() {
    // Switching windows blurs too; the browser restores focus on return, keep editing.
    if (editing && document.hasFocus()) commitEdit(null);
  }

  function finishEdit() {
    const { td, input } = editing;
    editing = null;
    input.removeEventListener("blur", onInputBlur);
    paint(td);
    return { td, value: input.value.trim() };
  }

  function commitEdit(dir) {
    const { td, value } = finishEdit();
    if (value !== intended(td)) commit(td, value);
    if (dir) go(td, dir); // on blur (a click elsewhere) the focus is already where the user wants it
  }

  function cancelEdit() {
    setActive(finishEdit().td);
  }

  // --- saving ------------------------------------------------------------------

  function askReason(question, td) {
    const answer = window.prompt(question);
    if (answer?.trim()) return answer.trim();
    setStatus("Не сохранено: нужна причина.", td, "error");
    return null;
  }

  function reasonFor(td, value) {
    const proposed = is(td, "period-mark") ? sibling(td, "proposed").textContent.trim() : null;
    if (proposed !== null && value && value !== proposed) {
      return askReason(`Журнал предлагает «${proposed}». Причина другой отметки:`, td);
    }
    return needsReason ? askReason("Причина исправления", td) : "";
  }

  /** Queue a save of td (a td.cell or td.period-mark); shows the value at once. */
  function commit(td, value, undo = false) {
    const st = state(td);
    const reason = reasonFor(td, value);
    if (reason === null) { paint(td); return; }
    st.jobs.push({ value, reason, undo, retried: false });
    paint(td);
    if (!st.busy) pump(td);
  }

  async function pump(td) {
    const st = state(td);
    st.busy = true;
    inFlight += 1;
    td.classList.add("saving");
    while (st.jobs.length) {
      try {
        await send(td, st.jobs[0]);
      } catch (err) {
        // A bug here must not leave the cell "saving" forever with its queue stuck.
        console.error(err);
        fail(td, "Отметка не сохранена: ошибка на странице. Обновите страницу.");
      }
      st.jobs.shift();
    }
    td.classList.remove("saving");
    st.busy = false;
    inFlight -= 1;
    paint(td);
  }

  async function send(td, job) {
    const mark = is(td, "period-mark");
    const learner = Number(td.parentElement.dataset.learner);
    const version = Number(td.dataset.version) || 0; // read now: the previous save may have changed it
    const body = mark
      ? { learner, group: Number(d.group), subject: Number(d.subject), period: Number(d.period), kind: "period" }
      : { lesson: Number(td.dataset.lesson), learner };
    Object.assign(body, { value: job.value, version, reason: job.reason });
    let res;
    try {
      res = await fetch(mark ? d.markUrl : d.cellUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(body),
      });
    } catch {
      return fail(td, NETWORK);
    }
    const data = /json/.test(res.headers.get("Content-Type") || "") ? await res.json().catch(() => null) : null;
    if (res.ok && data?.ok) return succeed(td, job, data);
    if (res.status === 409 && data && "version" in data) return conflict(td, data);
    if (res.status === 400 && data?.needs_reason && !job.retried) {
      const reason = askReason(data.error || "Причина исправления", td);
      if (reason === null) return;
      Object.assign(job, { reason, retried: true });
      return send(td, job);
    }
    if (data?.error) return fail(td, data.error);
    // A redirect here is the login page: the session has ended.
    fail(td, res.redirected ? "Сеанс завершён: войдите снова. Отметка не сохранена."
      : `Ошибка сервера (${res.status}): отметка не сохранена.`);
  }

  function succeed(td, job, data) {
    const st = state(td);
    const before = st.confirmed;
    st.confirmed = data.value ?? job.value;
    td.dataset.version = String(data.version);
    td.classList.remove("error", "conflict");
    if (is(td, "period-mark") && job.reason) td.title = job.reason;
    else td.removeAttribute("title");
    flash(td);
    if (statusOwner === td || !statusIsError) setStatus(job.undo ? "Изменение отменено." : "", td);
    if (!job.undo && before !== st.confirmed) undoStack.push({ td, value: before });
    if (is(td, "period-mark")) {
      if (data.proposed != null) sibling(td, "proposed").textContent = data.proposed;
    } else {
      recompute(td.parentElement);
    }
  }

  function conflict(td, data) {
    const st = state(td);
    st.confirmed = data.value ?? "";
    td.dataset.version = String(data.version);
    st.jobs.splice(1); // later saves were typed over a value that was not current
    td.classList.remove("error");
    td.classList.add("conflict");
    td.title = data.error || "";
    setStatus(data.error || "Отметку уже изменили.", td, "warn");
    if (is(td, "cell")) recompute(td.parentElement);
  }

  function fail(td, message) {
    td.classList.remove("conflict");
    td.classList.add("error");
    td.title = message;
    setStatus(message, td, "error");
  }

  function flash(td) {
    // Restart the CSS animation even if the previous flash has not finished.
    td.classList.remove("saved");
    void td.offsetWidth;
    td.classList.add("saved");
    const st = state(td);
    clearTimeout(st.flashTimer);
    st.flashTimer = setTimeout(() => td.classList.remove("saved"), 1200);
  }

  function recompute(tr) {
    const cells = [...tr.querySelectorAll("td.cell")].map((td) => ({
      text: confirmedText(td),
      weight: weights.get(td.dataset.lesson),
    }));
    const stats = rowStats(cells, rule, sep);
    tr.querySelector("td.mean").textContent = stats.mean;
    tr.querySelector("td.proposed").textContent = stats.proposed;
  }

  function undo() {
    const entry = undoStack.pop();
    if (!entry) { setStatus("Нечего отменять."); return; }
    setActive(entry.td);
    if (intended(entry.td) === entry.value) return;
    commit(entry.td, entry.value, true);
  }

  function confirmProposed(td) {
    if (!editable) { setStatus(READ_ONLY, td); return; }
    const target = sibling(td, "period-mark");
    if (target.dataset.locked) { setStatus(target.dataset.locked, td); return; }
    const value = td.textContent.trim();
    if (intended(target) === value) { setStatus(`Отметка за период уже «${value}».`, td); return; }
    commit(target, value);
  }

  // --- history -------------------------------------------------------------------

  async function showHistory(td) {
    if (!panel || !d.historyUrl) return;
    const token = ++historyToken; // only the latest request may fill the panel
    const url = new URL(d.historyUrl, window.location.href);
    url.searchParams.set("lesson", td.dataset.lesson);
    url.searchParams.set("learner", td.parentElement.dataset.learner);
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!res.ok || res.redirected) throw new Error(String(res.status));
      const html = await res.text();
      if (token !== historyToken) return;
      panel.innerHTML = html; // server-rendered fragment, trusted
      if (!panel.querySelector(".close")) {
        const close = document.createElement("button");
        close.type = "button";
        close.className = "close";
        close.setAttribute("aria-label", "Закрыть историю");
        close.textContent = "×";
        panel.prepend(close);
      }
      panel.hidden = false;
      panel.scrollIntoView({ block: "nearest" });
    } catch {
      if (token === historyToken) setStatus("Не удалось загрузить историю ячейки.", td, "error");
    }
  }

  function hideHistory() {
    if (!panel || panel.hidden) return false;
    historyToken += 1;
    panel.hidden = true;
    if (active) setActive(active);
    return true;
  }

  // --- keyboard and mouse ---------------------------------------------------------

  const KEY_DIR = { ArrowUp: "up", ArrowDown: "down", ArrowLeft: "left", ArrowRight: "right", Home: "home", End: "end" };

  function onEditKey(e) {
    const dir = { Enter: e.shiftKey ? "up" : "down", Tab: e.shiftKey ? "prev" : "next", ArrowUp: "up", ArrowDown: "down" }[e.key];
    if (dir) { e.preventDefault(); commitEdit(dir); }
    else if (e.key === "Escape") { e.preventDefault(); cancelEdit(); }
  }

  function onKeydown(e) {
    if (e.isComposing) return;
    if (editing) { if (e.target === editing.input) onEditKey(e); return; }
    const td = e.target.closest?.(NAV);
    if (!td || !table.contains(td)) return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.code === "KeyZ" || key === "z" || key === "я")) {
      e.preventDefault();
      undo();
      return;
    }
    if (e.altKey || e.metaKey || (e.ctrlKey && !["Home", "End"].includes(e.key))) return; // browser shortcuts
    let dir = KEY_DIR[e.key];
    if (e.ctrlKey) dir = e.key === "Home" ? "first" : "last";
    if (e.key === "Tab") {
      const next = neighbour(td, e.shiftKey ? "prev" : "next");
      if (!next) return; // let Tab leave the grid at its ends
      dir = e.shiftKey ? "prev" : "next";
    }
    if (dir) { e.preventDefault(); go(td, dir); return; }
    switch (e.key) {
      case "Enter":
        e.preventDefault();
        go(td, e.shiftKey ? "up" : "down"); // first, so the confirmation's message survives the move
        if (is(td, "proposed")) confirmProposed(td);
        return;
      case "F2":
        e.preventDefault();
        startEdit(td, intended(td));
        return;
      case "Backspace":
      case "Delete":
        e.preventDefault();
        if (canEdit(td) && intended(td) !== "") commit(td, "");
        return;
      case "Escape":
        if (hideHistory()) e.preventDefault();
        return;
    }
    if (e.key.length !== 1 || e.key === " ") return;
    e.preventDefault();
    if (is(td, "cell") && (e.code === "KeyH" || "hр".includes(key))) showHistory(td);
    else startEdit(td, e.key); // the typed character replaces the content, as in a spreadsheet
  }

  table.addEventListener("keydown", onKeydown);
  table.addEventListener("focusin", (e) => {
    const td = e.target.closest?.(NAV);
    if (td && td !== active && table.contains(td)) setActive(td, false);
  });
  table.addEventListener("dblclick", (e) => {
    const td = e.target.closest?.(NAV);
    if (td && !editing && table.contains(td)) startEdit(td, intended(td));
  });
  // One click for the mouse too: the right button on a mark cell shows its history.
  table.addEventListener("contextmenu", (e) => {
    const td = e.target.closest?.("td.cell");
    if (!td || editing || !table.contains(td)) return;
    e.preventDefault();
    setActive(td);
    showHistory(td);
  });
  panel?.addEventListener("click", (e) => { if (e.target.closest(".close")) hideHistory(); });
  panel?.addEventListener("keydown", (e) => { if (e.key === "Escape" && hideHistory()) e.preventDefault(); });
  window.addEventListener("beforeunload", (e) => {
    // Leaving would drop unsent or unanswered saves.
    if (inFlight || editing) e.preventDefault();
  });

  if (grid.length && grid[0].length) {
    // Start on today's lesson (the latest one not in the future): that is the column a
    // teacher opens the journal to fill in.
    const today = new Date().toLocaleDateString("sv-SE"); // YYYY-MM-DD, local time
    const dates = [...table.querySelectorAll("th.lesson-col")].map((th) => th.dataset.date || "");
    let column = 0;
    dates.forEach((date, i) => { if (date && date <= today) column = i; });
    const first = grid[0][Math.min(column, grid[0].length - 1)];
    setActive(first, false);
    // Typing works straight after the page opens, unless the user is already elsewhere.
    if (document.activeElement === document.body) first.focus({ preventScroll: false });
  }
}
