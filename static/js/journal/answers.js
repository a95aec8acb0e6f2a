/* What the server answered a save: stored (flash, undo entry, new mean), a conflict
 * (someone else's value wins and is shown) or a refusal (the Russian reason). */

import { rowStats } from "./math.js";

export function addAnswers(j) {
  j.succeed = (td, job, data) => {
    const st = j.state(td);
    const before = st.confirmed;
    st.confirmed = data.value ?? job.value;
    td.dataset.version = String(data.version);
    if (!j.draftOf(td)) { // a value refused meanwhile keeps its mark and message
      td.classList.remove("error", "invalid", "conflict");
      td.removeAttribute("aria-describedby");
      if (j.is(td, "period-mark") && job.reason) td.title = job.reason;
      else td.removeAttribute("title");
    }
    flash(j, td);
    // A good save ends the status line's complaint, whichever cell it was about: a
    // refused value still in its cell keeps its own message there.
    j.setStatus(job.undo ? "Изменение отменено." : "", td);
    if (!job.undo && before !== st.confirmed) j.undoStack.push({ td, value: before });
    if (j.is(td, "period-mark")) {
      if (data.proposed != null) j.sibling(td, "proposed").textContent = data.proposed;
    } else {
      recompute(j, td.parentElement);
    }
  };

  j.conflict = (td, data) => {
    const st = j.state(td);
    st.confirmed = data.value ?? "";
    td.dataset.version = String(data.version);
    st.jobs.splice(1); // later saves were typed over a value that was not current
    td.classList.remove("error");
    td.classList.add("conflict");
    td.title = data.error || "";
    j.setStatus(data.error || "Отметку уже изменили.", td, "warn");
    if (j.is(td, "cell")) recompute(j, td.parentElement);
  };

  /** A refused save: the value typed (job.value) stays in the cell with the message. */
  j.fail = (td, message, job = null) => {
    if (job && job.value !== j.state(td).confirmed) { j.reject(td, job.value, message); return; }
    td.classList.remove("conflict");
    td.classList.add("error");
    td.title = message;
    j.setStatus(message, td, "error");
  };
}

function flash(j, td) {
  // Restart the CSS animation even if the previous flash has not finished.
  td.classList.remove("saved");
  void td.offsetWidth;
  td.classList.add("saved");
  const st = j.state(td);
  clearTimeout(st.flashTimer);
  st.flashTimer = setTimeout(() => td.classList.remove("saved"), 1200);
}

function recompute(j, tr) {
  const cells = [...tr.querySelectorAll("td.cell")].map((td) => ({
    text: j.confirmedText(td),
    weight: j.weights.get(td.dataset.lesson),
  }));
  const stats = rowStats(cells, j.rule, j.sep);
  tr.querySelector("td.mean").textContent = stats.mean;
  tr.querySelector("td.proposed").textContent = stats.proposed;
}
