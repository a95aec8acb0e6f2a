"""``manage.py bench dynamics``: a learner's dynamics page on the reference school, for
the learner with the fewest marks in the journal and the one with the most, opened by
the deputy (all subjects, every year on record): the same number of queries for both
(constant in marks, DESIGN.md) and the median server time of each."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse

from config.benchmarks.history import page_measure, page_request
from config.benchmarks.report import Figure

# The page reads a learner's whole record and draws five charts; a diary-like page.
PAGE_MAX_MS = 300


def _learners_by_marks():
    from learners.models import Learner

    learners = (
        Learner.objects.annotate(marks=Count("journal_cells", filter=~Q(journal_cells__marks="")))
        .filter(marks__gt=0)
        .order_by("marks", "pk")
    )
    few, many = learners.first(), learners.last()
    if few is None:
        raise CommandError("Нет обучающихся с отметками в журнале: сначала demo_school.")
    return [few, many]


def _measure(request, runs: int) -> tuple[int, float]:
    statements, median, status = page_measure(request, runs)
    if status != 200:
        raise CommandError(f"Страница динамики ответила {status}.")
    return statements, median


def run(stdout, runs: int) -> list[Figure]:
    deputy = get_user_model().objects.filter(username="zavuch").first()
    if deputy is None:
        raise CommandError("Нет демо-пользователя zavuch: сначала demo_school.")
    results = []
    # Rolled back: the logins' sessions are not left in the reference school.
    with transaction.atomic():
        for learner in _learners_by_marks():
            stdout.write(f"— динамика: {learner} ({learner.marks} отметок)")
            url = reverse("learner_dynamics", args=[learner.pk])
            results.append((learner.marks, *_measure(page_request(deputy, url), runs)))
        transaction.set_rollback(True)
    (m0, q0, ms0), (m1, q1, ms1) = results
    return [
        Figure(
            "dynamics",
            f"динамика обучающегося: запросов ({m0} и {m1} отметок)",
            f"{q0} и {q1}",
            "постоянно в отметках",
            q0 == q1,
        ),
        Figure(
            "dynamics",
            f"динамика обучающегося: медиана ({m0} и {m1} отметок)",
            f"{ms0:.1f} и {ms1:.1f} мс",
            f"≤ {PAGE_MAX_MS} мс",
            max(ms0, ms1) <= PAGE_MAX_MS,
        ),
    ]
