/* The history panel of one cell, filled with the server's rendered fragment. */

export function addHistory(j) {
  j.showHistory = async (td) => {
    const panel = j.panel;
    if (!panel || !j.d.historyUrl) return;
    const token = ++j.historyToken; // only the latest request may fill the panel
    const url = new URL(j.d.historyUrl, window.location.href);
    url.searchParams.set("lesson", td.dataset.lesson);
    url.searchParams.set("learner", td.parentElement.dataset.learner);
    try {
      const res = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (!res.ok || res.redirected) throw new Error(String(res.status));
      const html = await res.text();
      if (token !== j.historyToken) return;
      panel.innerHTML = html; // server-rendered fragment, trusted
      if (!panel.querySelector(".close")) panel.prepend(closeButton());
      panel.hidden = false;
      panel.scrollIntoView({ block: "nearest" });
    } catch {
      if (token === j.historyToken) j.setStatus("Не удалось загрузить историю ячейки.", td, "error");
    }
  };

  j.hideHistory = () => {
    if (!j.panel || j.panel.hidden) return false;
    j.historyToken += 1;
    j.panel.hidden = true;
    if (j.active) j.setActive(j.active);
    return true;
  };
}

function closeButton() {
  const close = document.createElement("button");
  close.type = "button";
  close.className = "close";
  close.setAttribute("aria-label", "Закрыть историю");
  close.textContent = "×";
  return close;
}
