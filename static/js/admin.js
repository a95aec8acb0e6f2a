// Django's admin widgets made Russian and named for assistive technology. Runs on
// "load", after the admin's own scripts (DateTimeShortcuts, select2) built their widgets.

// The calendar's dates in Russian word order and case: «30 ноября 2026 г.», not the
// catalogue's «Ноябрь 30, 2026». Set before DateTimeShortcuts.init (also on "load",
// registered earlier) writes the «Сегодня, …» labels.
const calendar = window.CalendarNamespace;
if (calendar) {
  const format = new Intl.DateTimeFormat("ru-RU", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
  calendar.formatDate = (day, month, year) => format.format(Date.UTC(year, month - 1, day));
}

function labelText(select) {
  const label = select.id && document.querySelector(`label[for="${select.id}"]`);
  return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
}

// select2 names its combobox by the shown value, which is empty until one is chosen:
// name it by the field's own label instead.
function nameAutocompletes() {
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const name = labelText(select);
    const container = select.nextElementSibling;
    if (!name || !container) continue;
    for (const part of container.querySelectorAll(
      ".select2-selection[role=combobox], .select2-selection__rendered",
    )) {
      part.removeAttribute("aria-labelledby");
      part.setAttribute("aria-label", name);
    }
  }
}

// The search icons of the two-list selector carry a label without a role.
function nameFilterIcons() {
  for (const icon of document.querySelectorAll(".help-tooltip[aria-label], .help-tooltip[title]")) {
    if (!icon.getAttribute("role")) icon.setAttribute("role", "img");
    if (!icon.getAttribute("aria-label")) icon.setAttribute("aria-label", icon.title);
  }
}

// select2 builds its widgets from jQuery's ready callbacks, which may run after "load",
// and again for every inline row added: name whatever has appeared since.
let pending = false;
function nameWidgets() {
  pending = false;
  nameAutocompletes();
  nameFilterIcons();
}
window.addEventListener("load", () => {
  nameWidgets();
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      queueMicrotask(nameWidgets);
    }
  }).observe(document.body, { childList: true, subtree: true });
});
