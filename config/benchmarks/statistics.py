"""``manage.py bench statistics``: the class and organisation statistics of one period on
the reference school (achievements.statistics).

* The statistics of one class and of every general-education class of the year (the
  whole organisation) for the period holding today (or the last one over): the same
  number of queries for both — constant in classes, learners and marks — and the
  median time of the whole organisation's.
* The statistics page (its previous-period comparison, charts and tables) as the deputy
  opens it: queries and median time.

Nothing is written."""

import statistics as stats
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.benchmarks.history import page_measure, page_request
from config.benchmarks.report import Figure

QUERY_BUDGET = 4
PAGE_MAX_MS = 1000


def _statements(captured) -> int:
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(control))


def _median_ms(runs: int, action) -> float:
    times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return stats.median(times)


def run(stdout, runs: int) -> list[Figure]:
    from achievements.statistics.core import (
        general_groups,
        group_statistics,
        organisation_statistics,
    )
    from achievements.statistics.forms import default_scope, scope_query

    scope = default_scope()
    if scope is None:
        stdout.write("— статистика: учебных годов нет, нечего мерить")
        return []
    stdout.write(f"— статистика: {scope.label}")
    groups = list(general_groups(scope.year))
    with CaptureQueriesContext(connection) as one:
        group_statistics(scope=scope, groups=groups[:1])
    with CaptureQueriesContext(connection) as whole:
        result = organisation_statistics(scope=scope)
    one_q, whole_q = _statements(one.captured_queries), _statements(whole.captured_queries)
    median = _median_ms(runs, lambda: organisation_statistics(scope=scope))
    deputy = (
        get_user_model().objects.filter(groups__name="Заместитель директора").order_by("pk").first()
    )
    figures = [
        Figure(
            "statistics",
            f"статистика 1 класса и всех {len(groups)} классов ({result.totals.learners} "
            "обучающихся): запросов",
            f"{one_q} и {whole_q}",
            f"одинаково (≤ {QUERY_BUDGET})",
            one_q == whole_q <= QUERY_BUDGET,
        ),
        Figure("statistics", "статистика всей организации: медиана", f"{median:.0f} мс", "—", None),
    ]
    if deputy is not None:
        request = page_request(deputy, f"/statistics/?{scope_query(scope)}")
        page_queries, page_ms, _ = page_measure(request, runs)
        figures += [
            Figure(
                "statistics",
                "страница статистики организации: запросов",
                str(page_queries),
                "постоянно в строках (тесты)",
                None,
            ),
            Figure(
                "statistics",
                "страница статистики организации: медиана",
                f"{page_ms:.0f} мс",
                f"≤ {PAGE_MAX_MS} мс",
                page_ms <= PAGE_MAX_MS,
            ),
        ]
    return figures
