/* Saving: each cell has a queue of saves, the first in flight, so two saves of one
 * cell never race on its version. A correction asks for its reason first. */

import { csrfToken } from "./context.js";

export function addSaving(j) {
  j.askReason = (question, td) => {
    const answer = window.prompt(question);
    if (answer?.trim()) return answer.trim();
    j.setStatus("Не сохранено: нужна причина.", td, "error");
    return null;
  };

  function reasonFor(td, value) {
    const proposed = j.is(td, "period-mark") ? j.sibling(td, "proposed").textContent.trim() : null;
    if (proposed !== null && value && value !== proposed) {
      return j.askReason(`Журнал предлагает «${proposed}». Причина другой отметки:`, td);
    }
    return j.needsReason ? j.askReason("Причина исправления", td) : "";
  }

  /** Queue a save of td (a td.cell or td.period-mark); shows the value at once. */
  j.commit = (td, text, undo = false) => {
    const { value, error } = j.check(td, text);
    if (error) { j.reject(td, text, error); return; }
    const st = j.state(td);
    const reason = reasonFor(td, value);
    if (reason === null) { j.reject(td, value, "Не сохранено: нужна причина."); return; }
    st.draft = null; // the new value replaces a refused one; its message goes on success
    j.drafts.delete(td);
    st.jobs.push({ value, reason, undo, retried: false });
    j.paint(td);
    if (!st.busy) pump(j, td);
  };

  j.undo = () => {
    const entry = j.undoStack.pop();
    if (!entry) { j.setStatus("Нечего отменять."); return; }
    j.setActive(entry.td);
    if (j.intended(entry.td) === entry.value) return;
    j.commit(entry.td, entry.value, true);
  };

  j.confirmProposed = (td) => {
    if (!j.editable) { j.setStatus(j.READ_ONLY, td); return; }
    const target = j.sibling(td, "period-mark");
    if (target.dataset.locked) { j.setStatus(target.dataset.locked, td); return; }
    const value = td.textContent.trim();
    if (j.intended(target) === value) { j.setStatus(`Отметка за период уже «${value}».`, td); return; }
    j.commit(target, value);
  };
}

async function pump(j, td) {
  const st = j.state(td);
  st.busy = true;
  j.inFlight += 1;
  td.classList.add("saving");
  while (st.jobs.length) {
    try {
      await send(j, td, st.jobs[0]);
    } catch (err) {
      // A bug here must not leave the cell "saving" forever with its queue stuck.
      console.error(err);
      j.fail(td, "Отметка не сохранена: ошибка на странице. Обновите страницу.");
    }
    st.jobs.shift();
  }
  td.classList.remove("saving");
  st.busy = false;
  j.inFlight -= 1;
  j.paint(td);
}

function requestBody(j, td, job) {
  const learner = Number(td.parentElement.dataset.learner);
  const version = Number(td.dataset.version) || 0; // read now: the previous save may have changed it
  const d = j.d;
  const body = j.is(td, "period-mark")
    ? { learner, group: Number(d.group), subject: Number(d.subject), period: Number(d.period), kind: "period" }
    : { lesson: Number(td.dataset.lesson), learner };
  return Object.assign(body, { value: job.value, version, reason: job.reason });
}

async function send(j, td, job) {
  let res;
  try {
    res = await fetch(j.is(td, "period-mark") ? j.d.markUrl : j.d.cellUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(requestBody(j, td, job)),
    });
  } catch {
    return j.fail(td, j.NETWORK, job);
  }
  const data = /json/.test(res.headers.get("Content-Type") || "") ? await res.json().catch(() => null) : null;
  if (res.ok && data?.ok) return j.succeed(td, job, data);
  if (res.status === 409 && data && "version" in data) return j.conflict(td, data);
  if (res.status === 400 && data?.needs_reason && !job.retried) {
    const reason = j.askReason(data.error || "Причина исправления", td);
    if (reason === null) return j.reject(td, job.value, "Не сохранено: нужна причина.");
    Object.assign(job, { reason, retried: true });
    return send(j, td, job);
  }
  if (data?.error) return j.fail(td, data.error, job);
  // A redirect here is the login page: the session has ended.
  j.fail(td, res.redirected ? "Сеанс завершён: войдите снова. Отметка не сохранена."
    : `Ошибка сервера (${res.status}): отметка не сохранена.`, job);
}
