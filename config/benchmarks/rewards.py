"""``manage.py bench rewards``: the reads of rewards on the reference school.

* Candidates of the whole organisation for the year (``rewards.candidates``): a fixed
  number of queries whatever the number of learners, marks and achievements, and the
  time it takes; the candidates page of the largest class.
* The director's page of pending nominations with PENDING_FEW and PENDING_MANY of them:
  the same number of queries (constant in rows), and both times.
* A learner's e-diary without rewards and with DIARY_REWARDS granted ones: the rewards
  section costs the same queries either way.

Nominations and rewards are added in a transaction rolled back afterwards."""

import statistics
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from config.benchmarks.history import page_request
from config.benchmarks.report import Figure
from learners.models import Learner, StudyGroup
from learners.selectors import current_year
from rewards.models import Ground, Reward, RewardKind, RewardStatus

PENDING_FEW, PENDING_MANY = 30, 300
DIARY_REWARDS = 20
CANDIDATE_RUNS = 5

Timed = Callable[[int, Callable], tuple[int, float]]


def _statements(captured) -> int:
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(control))


def _whole_organisation(year) -> tuple[int, int, float]:
    from rewards.candidates import candidates_for

    groups = list(StudyGroup.objects.filter(year=year))
    with CaptureQueriesContext(connection) as captured:
        found = candidates_for(groups=groups, year=year)
    times = []
    for _ in range(CANDIDATE_RUNS):
        started = time.perf_counter()
        candidates_for(groups=groups, year=year)
        times.append((time.perf_counter() - started) * 1000)
    return len(found), _statements(captured.captured_queries), statistics.median(times)


def _nominations(count: int, *, year, kinds, actor) -> None:
    learners = list(
        Learner.objects.filter(enrollments__group__year=year, enrollments__ended_on__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:count]
    )
    Reward.objects.bulk_create(
        [
            Reward(
                learner_id=learner, kind=kinds[index % len(kinds)], ground=Ground.STUDY,
                merit="За успехи в учении (замер)", year=year,
                status=RewardStatus.NOMINATED, created_by=actor,
            )
            for index, learner in enumerate(learners)
        ],
        batch_size=500,
    )  # fmt: skip


def measure(*, runs: int, timed: Timed, progress=print) -> list[Figure]:
    year = current_year()
    users = get_user_model().objects
    director = users.filter(groups__name="Директор").order_by("pk").first()
    deputy = users.filter(groups__name="Заместитель директора").order_by("pk").first()
    kinds = list(RewardKind.objects.filter(is_active=True, for_subject=False).order_by("order"))
    figures = []

    progress("— кандидаты всей организации")
    count, queries, median = _whole_organisation(year)
    figures += [
        Figure("rewards", f"кандидаты всей организации ({count}): запросов", str(queries),
               "постоянно (8)", queries <= 8),
        Figure("rewards", "кандидаты всей организации: медиана", f"{median:.0f} мс", "—", None),
    ]  # fmt: skip
    largest = (
        StudyGroup.objects.filter(year=year)
        .annotate(n=Count("enrollments", filter=Q(enrollments__ended_on__isnull=True)))
        .order_by("-n", "pk")
        .first()
    )
    page = timed(runs, page_request(deputy, f"/rewards/candidates/?group={largest.pk}"))
    figures += [
        Figure("rewards", f"страница кандидатов {largest.name}: запросов", str(page[0]),
               "постоянно в строках (тесты)", None),
        Figure("rewards", f"страница кандидатов {largest.name}: медиана", f"{page[1]:.1f} мс",
               "—", None),
    ]  # fmt: skip

    progress("— представления на утверждение")
    with transaction.atomic():
        pending = {}
        added = 0
        for size in (PENDING_FEW, PENDING_MANY):
            _nominations(size - added, year=year, kinds=kinds, actor=deputy)
            added = size
            pending[size] = timed(runs, page_request(director, "/rewards/pending/"))
        transaction.set_rollback(True)
    few, many = pending[PENDING_FEW], pending[PENDING_MANY]
    figures += [
        Figure("rewards", f"представления: запросов при {PENDING_FEW} и {PENDING_MANY}",
               f"{few[0]} и {many[0]}", "одинаково", few[0] == many[0]),
        Figure("rewards", f"представления: медиана при {PENDING_FEW} и {PENDING_MANY}",
               f"{few[1]:.1f} и {many[1]:.1f} мс", "—", None),
    ]  # fmt: skip

    progress("— поощрения в дневнике")
    learner = Learner.objects.filter(guardianships__isnull=False).order_by("pk").first()
    parent = users.filter(guardian__learners=learner).first()
    diary = {}
    with transaction.atomic():
        diary[0] = timed(runs, page_request(parent, f"/diary/{learner.pk}/"))
        Reward.objects.bulk_create(
            [
                Reward(
                    learner=learner, kind=kinds[i % len(kinds)], ground=Ground.STUDY,
                    merit="За успехи (замер)", year=year, status=RewardStatus.RECORDED,
                    origin="external", source_organisation="ДЮСШ", created_by=parent,
                )
                for i in range(DIARY_REWARDS)
            ]
        )  # fmt: skip
        diary[DIARY_REWARDS] = timed(runs, page_request(parent, f"/diary/{learner.pk}/"))
        transaction.set_rollback(True)
    figures += [
        Figure("rewards", f"дневник: запросов без поощрений и с {DIARY_REWARDS}",
               f"{diary[0][0]} и {diary[DIARY_REWARDS][0]}", "одинаково",
               diary[0][0] == diary[DIARY_REWARDS][0]),
        Figure("rewards", f"дневник: медиана без поощрений и с {DIARY_REWARDS}",
               f"{diary[0][1]:.1f} и {diary[DIARY_REWARDS][1]:.1f} мс", "—", None),
    ]  # fmt: skip
    return figures
