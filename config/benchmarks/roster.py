"""``manage.py bench roster``: the roster import (R-LRN-6) on the reference school.

A file of LEARNERS new learners in the school's classes of the current year, with
PARENTS parents (every learner's mother with an e-mail, every other one's father too),
is checked (the dry run) and imported (the real run: learners, enrollments, parents'
accounts with their role, guardians, links) RUNS times at most, each time in a
transaction rolled back, so the school stays as it was and no invitation leaves (they
are sent on commit). Shown: the queries of each, constant in the rows (a file of SMALL
learners costs the same), and the median times."""

import io
import statistics
import time

from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from config.benchmarks.report import Figure

LEARNERS, SMALL = 1000, 100
PARENTS = LEARNERS + LEARNERS // 2
RUNS = 3
NUMBER = "ЗАМЕР-{:05d}"


def _statements(captured) -> int:
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(control))


def roster_file(count: int, group_names: list[str]) -> bytes:
    """A roster as a school would fill the template: ``count`` learners spread over the
    classes, a mother for each, a father for every other one."""
    from openpyxl import Workbook

    from learners.roster.columns import COLUMNS, SHEET

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    sheet.append([c.title for c in COLUMNS])
    for n in range(count):
        father = (
            ["Замеров", f"Пётр{n}", "Ильич", "отец", f"zamer-otec-{n}@example.org", ""]
            if n % 2 == 0
            else [""] * 6
        )
        sheet.append(
            [NUMBER.format(n), "Замерова", f"Анна{n}", "Петровна",
             f"{1 + n % 28:02d}.{1 + n % 12:02d}.2014", "Ж", group_names[n % len(group_names)], "",
             "Замерова", f"Ольга{n}", "Ивановна", "мать", f"zamer-mat-{n}@example.org",
             "+7 900 000-00-00", *father]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _measure(action) -> tuple[int, float]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - started) * 1000
    return _statements(captured.captured_queries), elapsed


def run(stdout, runs: int) -> list[Figure]:
    from django.contrib.auth import get_user_model

    from learners.models import StudyGroup
    from learners.roster.services import roster_check, roster_import
    from learners.selectors import current_year

    year = current_year()
    names = list(
        StudyGroup.objects.filter(year=year)
        .order_by("grade", "name")
        .values_list("name", flat=True)
    )
    deputy = (
        get_user_model().objects.filter(groups__name="Заместитель директора").order_by("pk").first()
    )
    if not names or deputy is None:
        raise CommandError("Нет классов текущего года или заместителя: сначала demo_school.")
    stdout.write(f"— файл: {LEARNERS} обучающихся, {PARENTS} родителей; классов: {len(names)}")
    content, small = roster_file(LEARNERS, names), roster_file(SMALL, names)
    checks, imports = [], []
    small_check = small_import = None
    for index in range(max(1, min(runs, RUNS))):
        with transaction.atomic():
            plan_queries, _ = _measure(lambda: roster_check(content=small))
            checks.append(_measure(lambda: roster_check(content=content)))
            if index == 0:
                small_check = plan_queries
                with transaction.atomic():
                    small_import = _measure(lambda: roster_import(content=small, actor=deputy))[0]
                    transaction.set_rollback(True)
            imports.append(_measure(lambda: roster_import(content=content, actor=deputy)))
            transaction.set_rollback(True)
        check_ms, import_ms = checks[-1][1], imports[-1][1]
        stdout.write(
            f"  прогон {index + 1}: проверка {check_ms:.0f} мс, загрузка {import_ms:.0f} мс"
        )
    check_queries, import_queries = checks[0][0], imports[0][0]
    check_ms = statistics.median(t for _, t in checks)
    import_ms = statistics.median(t for _, t in imports)
    return [
        Figure("roster", f"проверка файла ({LEARNERS} строк): запросов", str(check_queries),
               f"постоянно в строках ({SMALL} строк: {small_check})", check_queries == small_check),
        Figure("roster", "проверка файла: медиана", f"{check_ms:.0f} мс", "—", None),
        Figure("roster", f"загрузка ({LEARNERS} обуч., {PARENTS} родит.): запросов",
               str(import_queries), f"пакетами, не по строкам ({SMALL} строк: {small_import})",
               import_queries <= 3 * small_import),
        Figure("roster", "загрузка: медиана", f"{import_ms:.0f} мс", "—", None),
    ]  # fmt: skip
