/* A value the cell could not keep: refused by the scale in the page (scale.js), by
 * the server, or left without a reason. It stays in the cell as typed, marked
 * invalid, with its message beside it (aria-describedby), until the cell is saved,
 * cleared (Backspace) or the value dropped (Escape); it is never sent as it is. */

import { checkCell, checkPeriodMark } from "./scale.js";

export function addDrafts(j) {
  const messageId = (td) => `cell-message-${td.parentElement.dataset.learner}-${td.dataset.lesson ?? "period"}`;

  /** The value as the server would store it, or the reason it cannot be stored. */
  j.check = (td, value) => (j.is(td, "period-mark") ? checkPeriodMark : checkCell)(value, j.scale);

  j.draftMessage = (td, message) => {
    const note = document.createElement("span");
    note.className = "cell-message";
    note.id = messageId(td);
    note.textContent = message;
    return note;
  };

  j.reject = (td, value, message) => {
    j.state(td).draft = { value, message };
    j.drafts.add(td);
    td.classList.remove("conflict");
    td.classList.add("error", "invalid");
    td.setAttribute("aria-describedby", messageId(td));
    td.title = message;
    j.paint(td);
    j.setStatus(message, td, "error");
  };

  /** Forget the cell's refused value; false when it had none. */
  j.clearDraft = (td) => {
    const st = j.states.get(td);
    if (!st?.draft) return false;
    st.draft = null;
    j.drafts.delete(td);
    td.classList.remove("error", "invalid");
    td.removeAttribute("aria-describedby");
    td.removeAttribute("title");
    j.paint(td);
    if (j.statusOwner === td && j.statusIsError) j.setStatus("", td);
    return true;
  };

  j.draftOf = (td) => j.states.get(td)?.draft ?? null;

  /** The text an editor opens with: the refused value, to correct it, else the value. */
  j.editText = (td) => j.draftOf(td)?.value ?? j.intended(td);
}
