// The achievement form's file input offers what the chosen category accepts: a work
// (a project, a paper, a creative work) may be a DOCX, PPTX, ODT or ODP; a certificate
// only a scan. The server renders the offer for the category it knows and checks every
// file by its content anyway; this only keeps the file picker and its help in step.

function followCategory(input) {
  const select = document.getElementById(input.dataset.categoryField);
  const help = document.getElementById(`${input.id}_helptext`);
  if (!select) return;
  const works = new Set(input.dataset.workCategories.split(",").filter(Boolean));
  const update = () => {
    const kind = select.value === "" ? "either" : works.has(select.value) ? "works" : "scans";
    input.accept = kind === "scans" ? input.dataset.acceptScans : input.dataset.acceptWorks;
    if (help) help.textContent = input.dataset[`help${kind[0].toUpperCase()}${kind.slice(1)}`];
  };
  select.addEventListener("change", update);
  update(); // a form restored by the browser's back button keeps its category
}

for (const input of document.querySelectorAll("input[type=file][data-work-categories]")) {
  followCategory(input);
}
