"""The documentation stays true to the repository (issue #10, §5), without a database.

- Every repository path that ``docs/requirements.md`` or ``docs/architecture.md`` cites in
  backticks exists. A span looks like a path when it is made of ASCII letters, digits,
  ``_``, ``.``, ``-`` and ``/`` only, does not start with ``/`` (that is a URL of the
  site), and contains ``/`` or ends in ``.py``, ``.html``, ``.js`` or ``.md``; a trailing
  ``/`` asks for a folder. ``path::name`` (a test by its node id) asks that the file
  defines ``name`` too.
- Every requirement id (``R-`` section ``-`` number) that the code, the templates, the
  static scripts or the tests cite is in the requirements ledger, so that it can be
  looked up without anything outside the repository.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEDGER = "docs/requirements.md"
DOCS = [LEDGER, "docs/architecture.md"]
SKIPPED_DIRS = {".venv", ".tools", "node_modules", "var", ".git", "__pycache__"}
CODE_SUFFIXES = (".py", ".html", ".js", ".mjs")
PATH_SUFFIXES = (".py", ".html", ".js", ".md")

BACKTICKED = re.compile(r"`([^`\n]+)`")
PATH_LIKE = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*/?")
REQUIREMENT_ID = re.compile(r"\bR-[A-Z]+-\d+\b")


def looks_like_path(span: str) -> bool:
    path = span.split("::", 1)[0]
    return PATH_LIKE.fullmatch(path) is not None and ("/" in path or path.endswith(PATH_SUFFIXES))


def cited_paths(doc: str) -> list[str]:
    text = (ROOT / doc).read_text(encoding="utf-8")
    return [span for span in BACKTICKED.findall(text) if looks_like_path(span)]


def missing_citation(span: str) -> str | None:
    """Why ``span`` names nothing in the repository, or None when it does."""
    path, _, name = span.partition("::")
    target = ROOT / path
    if path.endswith("/") and not target.is_dir():
        return "no such folder"
    if not target.exists():
        return "no such file or folder"
    if name and not re.search(rf"^\s*(?:async\s+)?def {re.escape(name)}\(", _text(target), re.M):
        return f"{path} defines no {name}"
    return None


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def code_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS)
        found.extend(Path(folder) / f for f in sorted(files) if f.endswith(CODE_SUFFIXES))
    return found


def cited_requirement_ids() -> dict[str, list[str]]:
    """Each requirement id the code cites → the files that cite it."""
    cited: dict[str, list[str]] = {}
    for path in code_files():
        for rid in sorted(set(REQUIREMENT_ID.findall(_text(path)))):
            cited.setdefault(rid, []).append(path.relative_to(ROOT).as_posix())
    return cited


def test_looks_like_path_repository_paths_accepted():
    spans = [
        "learners/access.py",
        "credit_transfer/services/",
        "README.md",
        "manage.py",
        ".ci/run",
        "templates/credit_transfer/pdf/",
        "tests/test_access_matrix.py::test_matrix_covers_every_url",
    ]
    assert [span for span in spans if not looks_like_path(span)] == []


def test_looks_like_path_other_spans_refused():
    spans = [
        "/journal/cell/",
        "manage.py bench journal",
        "common.downloads.logged_download",
        "н/а",
        "templates/<app>/",
        "R-JRN-4",
        "WHOLE_ORGANISATION",
        "sqlite:///var/bench.sqlite3",
    ]
    assert [span for span in spans if looks_like_path(span)] == []


def test_docs_cite_paths():
    # The check below must not pass by finding nothing to check.
    for doc in DOCS:
        assert "learners/access.py" in cited_paths(doc), doc


def test_docs_cited_paths_exist():
    stale = [
        f"{doc}: `{span}` — {reason}"
        for doc in DOCS
        for span in dict.fromkeys(cited_paths(doc))
        if (reason := missing_citation(span)) is not None
    ]
    assert stale == [], "Paths cited by the docs that are not in the repository:\n" + "\n".join(
        stale
    )


def test_code_requirement_ids_found():
    # The scan must reach the code, the templates' folder and the tests.
    cited = cited_requirement_ids()
    assert "learners/access.py" in cited["R-SEC-2"]
    assert "tests/test_access_matrix.py" in cited["R-SEC-2"]


def test_code_requirement_ids_in_ledger():
    ledger = set(REQUIREMENT_ID.findall((ROOT / LEDGER).read_text(encoding="utf-8")))
    unlisted = [
        f"{rid} (cited in {', '.join(files)})"
        for rid, files in sorted(cited_requirement_ids().items())
        if rid not in ledger
    ]
    assert unlisted == [], f"Requirement ids cited by the code but absent from {LEDGER}:\n" + (
        "\n".join(unlisted)
    )
