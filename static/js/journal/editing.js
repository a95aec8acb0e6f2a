/* The in-cell input: opened by typing (the character replaces the content, as in a
 * spreadsheet), F2 or a double click; committed by Enter, Tab, arrows or a click
 * elsewhere; Escape cancels. */

export function addEditing(j) {
  j.canEdit = (td) => {
    if (!j.editable) { j.setStatus(j.READ_ONLY, td); return false; }
    if (td.dataset.locked) { j.setStatus(td.dataset.locked, td); return false; }
    if (j.is(td, "proposed")) {
      j.setStatus("Enter подтверждает предложенную отметку; другую введите в столбце периода.", td);
      return false;
    }
    return true;
  };

  function onInputBlur() {
    // Switching windows blurs too; the browser restores focus on return, keep editing.
    if (j.editing && document.hasFocus()) j.commitEdit(null);
  }

  j.startEdit = (td, text) => {
    if (!j.canEdit(td)) return;
    j.state(td); // capture the confirmed value before the text is replaced
    const input = document.createElement("input");
    input.type = "text";
    input.className = "cell-input";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-label", j.is(td, "period-mark") ? "Отметка за период" : "Отметка");
    input.value = text;
    td.textContent = "";
    td.append(input);
    const draft = j.draftOf(td);
    if (draft && draft.value === text) {
      // Correcting a refused value: the editor carries the refusal too.
      td.append(j.draftMessage(td, draft.message));
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", td.getAttribute("aria-describedby"));
    }
    j.editing = { td, input };
    input.addEventListener("blur", onInputBlur);
    input.focus();
    input.setSelectionRange(text.length, text.length);
  };

  function finishEdit() {
    const { td, input } = j.editing;
    j.editing = null;
    input.removeEventListener("blur", onInputBlur);
    j.paint(td);
    return { td, value: input.value.trim() };
  }

  j.commitEdit = (dir) => {
    const { td, value } = finishEdit();
    const checked = j.check(td, value);
    if (checked.error) j.reject(td, value, checked.error); // kept in the cell, not sent
    else if (checked.value !== j.intended(td)) j.commit(td, checked.value);
    else j.clearDraft(td); // typed back to what is saved
    if (dir) j.go(td, dir); // on blur (a click elsewhere) the focus is already where the user wants it
  };

  j.cancelEdit = () => j.setActive(finishEdit().td);
}
