"""The table of ``manage.py bench --all``: each figure beside its budget, one section a
database in docs/benchmarks.md."""

import re
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from achievements.models import JournalCell, Lesson
from learners.models import Learner


@dataclass
class Figure:
    """One line of the table in docs/benchmarks.md: a figure beside its budget;
    ``ok`` None where one run cannot judge it (constancy is checked by the tests)."""

    suite: str
    name: str
    value: str
    budget: str
    ok: bool | None


def write_report(path: Path, figures: list[Figure], extra: list[str]) -> None:
    """Write this database's section of the report, keeping the other's: run
    ``bench --all`` once with SQLite and once with PostgreSQL for the whole table."""
    vendor = connection.vendor
    verdict = {True: "в бюджете", False: "**ПРЕВЫШЕН**", None: "—"}
    lines = [
        f"<!-- bench:{vendor} -->",
        f"## {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}",
        "",
        f"Измерено {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC; обучающихся "
        f"{Learner.objects.count()}, уроков {Lesson.objects.count()}, записей журнала "
        f"{JournalCell.objects.count()}.",
        "",
        "| замер | показатель | значение | бюджет | итог |",
        "|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(f"| {f.suite} | {f.name} | {f.value} | {f.budget} | {verdict[f.ok]} |")
    for note in extra:
        lines += ["", note]
    lines.append(f"<!-- /bench:{vendor} -->")
    section = "\n".join(lines)
    header = (
        "# Замеры производительности\n\n"
        "Бюджеты — из DESIGN.md; таблицу пишет `manage.py bench --all` (раздел базы, на "
        "которой он запущен, заменяется, другой остаётся). Время — медиана запросов "
        "тестовым клиентом Django в процессе (без сети); нагрузочный прогон — gunicorn и "
        "locust на этой же машине.\n"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else header
    pattern = re.compile(rf"<!-- bench:{vendor} -->.*?<!-- /bench:{vendor} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
