// What every page shares: the phone menu, asking before an irreversible step, and
// tables that scroll inside themselves being reachable from the keyboard.
// Loaded as a module from base.html; the Content-Security-Policy allows our own files only.

function menuToggle() {
  const button = document.querySelector("[data-menu-toggle]");
  if (!button) return;
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
  });
}

// A form (or its submit button) with data-confirm="…" asks in a dialog before it is sent: the letter to the
// family, the registered order. Without scripts the form is sent as before.
function confirmDialog() {
  const dialog = document.createElement("dialog");
  dialog.className = "confirm";
  dialog.setAttribute("aria-labelledby", "confirm-title");
  dialog.innerHTML =
    '<h2 id="confirm-title">Подтвердите действие</h2><p class="confirm-text"></p>' +
    '<form method="dialog" class="actions"><button value="yes" class="primary">Подтвердить</button>' +
    '<button value="no" class="secondary">Отмена</button></form>';
  let pending = null;
  dialog.addEventListener("close", () => {
    const form = pending;
    pending = null;
    if (form && dialog.returnValue === "yes") {
      form.dataset.confirmed = "yes";
      form.requestSubmit(form._confirmSubmitter || undefined);
    }
  });
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      // A form with two buttons (save a draft, sign and send) asks for the one that commits.
      const text = event.submitter?.dataset.confirm || form.dataset.confirm;
      if (!text) return;
      if (form.dataset.confirmed === "yes") {
        delete form.dataset.confirmed;
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      pending = form;
      form._confirmSubmitter = event.submitter || null;
      dialog.querySelector(".confirm-text").textContent = text;
      dialog.returnValue = "";
      if (!dialog.isConnected) document.body.append(dialog);
      dialog.showModal();
      dialog.querySelector("button[value=yes]").focus();
    },
    true,
  );
}

// A table wider than a phone scrolls inside itself (uchet.css); a keyboard user must be
// able to reach it to scroll it, and a screen reader should hear what it is.
function scrollableTables() {
  for (const table of document.querySelectorAll("table.table, .table-scroll")) {
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    if (scrolls && !table.hasAttribute("tabindex")) {
      table.tabIndex = 0;
      table.dataset.scrollable = "yes";
      if (!table.hasAttribute("aria-label") && !table.hasAttribute("aria-labelledby")) {
        const caption = table.caption || table.closest("section, .card")?.querySelector("h2, h3");
        if (caption) table.setAttribute("aria-label", caption.textContent.trim());
      }
    } else if (!scrolls && table.dataset.scrollable === "yes") {
      table.removeAttribute("tabindex");
      delete table.dataset.scrollable;
    }
  }
}

menuToggle();
confirmDialog();
scrollableTables();
let resizing = null;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(scrollableTables, 150);
});
document.addEventListener("htmx:afterSettle", scrollableTables);
