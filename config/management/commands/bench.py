"""Benchmarks of the performance budgets in DESIGN.md, on the reference school.

    manage.py demo_school --scale school      # once, in an empty database
    manage.py bench journal                   # grid page, saving a mark, e-diary

Times are medians of in-process requests through Django's test client (server time,
no network), so they compare across machines better than wall-clock page loads;
query counts are exact. Saves run inside a transaction that is rolled back, so the
reference data stays as it was."""

import json
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from achievements.models import JournalCell, Lesson
from achievements.selectors import current_period
from learners.models import Learner, StudyPeriod

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
BUDGETS = {
    "grid": (12, 60.0),
    "full_grid": (12, 60.0),
    "save": (6, 15.0),
    "diary": (None, None),
    "credit_list": (None, None),
    "credit_review": (None, None),
    "credit_family": (None, None),
}
CREDIT_EXTRA = 600  # applications added (and rolled back) for the credit-transfer lists


def statements(captured) -> int:
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL))


class Command(BaseCommand):
    help = "Замеры бюджетов производительности на эталонной школе (--scale school)."

    def add_arguments(self, parser):
        parser.add_argument("suite", choices=["journal", "credit"])
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument(
            "--any-size",
            action="store_true",
            help="не требовать эталонную школу (для проверки самой команды на малых данных)",
        )

    def handle(self, *args, suite, runs, any_size, **options):
        if not any_size and Learner.objects.count() < 1000:
            raise CommandError(
                "Нужна эталонная школа: в пустой базе выполните "
                "`manage.py migrate && manage.py demo_school --scale school`, например с "
                "DATABASE_URL=sqlite:///var/bench.sqlite3."
            )
        results = self.journal(runs) if suite == "journal" else self.credit(runs)
        self.stdout.write(
            f"База: {connection.vendor}; обучающихся: {Learner.objects.count()}; "
            f"уроков: {Lesson.objects.count()}; записей журнала: {JournalCell.objects.count()}"
        )
        self.stdout.write(f"{'замер':<34}{'запросов':>9}{'медиана, мс':>13}{'бюджет':>16}")
        for name, (label, queries, median) in results.items():
            max_queries, max_ms = BUDGETS[name]
            budget = f"≤{max_queries} / ≤{max_ms:.0f} мс" if max_queries else "постоянно"
            within = (max_queries is None or queries <= max_queries) and (
                max_ms is None or median <= max_ms
            )
            self.stdout.write(
                f"{label:<34}{queries:>9}{median:>13.1f}{budget:>16}  "
                + ("в бюджете" if within else "ПРЕВЫШЕН")
            )

    def _timed(self, runs, request):
        """Median time of ``runs`` requests, then the statements of a few more. They
        are measured apart because capturing queries (the SQL text of each) costs time
        of its own, on PostgreSQL a millisecond or more a request."""
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = request()
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"Ответ {response.status_code}: {response.content[:300]!r}")
        counts = []
        for _ in range(3):
            with CaptureQueriesContext(connection) as captured:
                request()
            counts.append(statements(captured.captured_queries))
        return max(counts), statistics.median(times)

    def journal(self, runs):
        # The busiest journal of the current period: most learners × lessons.
        period = current_period(list(StudyPeriod.objects.order_by("starts_on")))
        busiest = (
            Lesson.objects.filter(period=period)
            .values("group_id", "subject_id")
            .annotate(n=Count("cells"))
            .order_by("-n")
            .first()
        )
        if busiest is None:
            raise CommandError("В текущем периоде нет уроков: сначала demo_school.")
        group_id, subject_id = busiest["group_id"], busiest["subject_id"]
        lesson = Lesson.objects.filter(group_id=group_id, subject_id=subject_id, period=period)
        lesson = lesson.select_related("teacher__user").order_by("-date").first()
        teacher = lesson.teacher.user
        client = Client(HTTP_HOST="localhost")
        client.force_login(teacher)
        url = f"/journal/{group_id}/{subject_id}/{period.pk}/"
        client.get(url)  # warm the template cache
        grid = self._timed(runs, lambda: client.get(url))

        # And the fullest journal of any period: a whole quarter of lessons.
        fullest = (
            Lesson.objects.values("group_id", "subject_id", "period_id")
            .annotate(n=Count("cells"))
            .order_by("-n")
            .first()
        )
        fullest_lesson = (
            Lesson.objects.filter(group_id=fullest["group_id"], subject_id=fullest["subject_id"])
            .select_related("teacher__user", "group", "subject")
            .first()
        )
        full_client = Client(HTTP_HOST="localhost")
        full_client.force_login(fullest_lesson.teacher.user)
        full_url = f"/journal/{fullest['group_id']}/{fullest['subject_id']}/{fullest['period_id']}/"
        full_client.get(full_url)
        full_grid = self._timed(runs, lambda: full_client.get(full_url))
        full_lessons = Lesson.objects.filter(
            group_id=fullest["group_id"],
            subject_id=fullest["subject_id"],
            period_id=fullest["period_id"],
        ).count()

        learner = Learner.objects.filter(
            enrollments__group_id=group_id, enrollments__ended_on__isnull=True
        ).first()
        cell = JournalCell.objects.filter(lesson=lesson, learner=learner).first()
        state = {"version": cell.version if cell else 0, "value": "5"}

        def save():
            state["value"] = "4" if state["value"] == "5" else "5"
            response = client.post(
                "/journal/cell/",
                json.dumps(
                    {
                        "lesson": lesson.pk,
                        "learner": learner.pk,
                        "value": state["value"],
                        "version": state["version"],
                    }
                ),
                content_type="application/json",
            )
            if response.status_code == 200:
                state["version"] = response.json()["version"]
            return response

        with transaction.atomic():
            saving = self._timed(runs, save)
            transaction.set_rollback(True)

        guardian = get_user_model().objects.filter(guardian__learners=learner).first()
        family = Client(HTTP_HOST="localhost")
        family.force_login(guardian)
        diary_url = f"/diary/{learner.pk}/"
        family.get(diary_url)
        diary = self._timed(runs, lambda: family.get(diary_url))
        return {
            "grid": (f"журнал {lesson.group} × {lesson.subject}", *grid),
            "full_grid": (
                f"журнал за период, {full_lessons} ур.",
                *full_grid,
            ),
            "save": ("сохранение одной отметки", *saving),
            "diary": ("электронный дневник", *diary),
        }

    def credit(self, runs):
        """The deputy's list of applications (overdue first, deadlines by the working
        calendar), one review page, and a family's list, with CREDIT_EXTRA applications
        more than the demo has, in every state; all of it rolled back afterwards."""
        from credit_transfer.models import Application, ApplicationChange, ApplicationLine

        demo = list(Application.objects.exclude(status="draft").order_by("pk"))
        if not demo:
            raise CommandError("Нет заявлений о зачёте: сначала demo_school.")
        deputy = get_user_model().objects.filter(username="zavuch").first()
        with transaction.atomic():
            copies = []
            for index in range(CREDIT_EXTRA):
                source = demo[index % len(demo)]
                copy = Application.objects.get(pk=source.pk)
                copy.pk, copy.number = None, f"B/{index:05d}"
                copies.append(copy)
            Application.objects.bulk_create(copies, batch_size=500)
            lines, changes = [], []
            for copy, source in zip(
                copies, (demo[i % len(demo)] for i in range(CREDIT_EXTRA)), strict=True
            ):
                for line in source.lines.all():
                    line.pk, line.application_id = None, copy.pk
                    line.period_mark_id = line.exemption_id = None
                    lines.append(line)
                changes.append(
                    ApplicationChange(
                        application=copy, changed_by=deputy, new_status=copy.status, action="Копия"
                    )
                )
            ApplicationLine.objects.bulk_create(lines, batch_size=1000)
            ApplicationChange.objects.bulk_create(changes, batch_size=1000)

            staff = Client(HTTP_HOST="localhost")
            staff.force_login(deputy)
            list_url = "/admin/credit_transfer/application/"
            review_url = f"/admin/credit_transfer/application/{demo[0].pk}/change/"
            staff.get(list_url)
            listing = self._timed(runs, lambda: staff.get(list_url))
            review = self._timed(runs, lambda: staff.get(review_url))
            family = Client(HTTP_HOST="localhost")
            family.force_login(demo[0].applicant)
            family.get("/credit/")
            family_list = self._timed(runs, lambda: family.get("/credit/"))
            total = Application.objects.count()
            transaction.set_rollback(True)
        return {
            "credit_list": (f"список заявлений ({total}, по 50)", *listing),
            "credit_review": ("рассмотрение заявления", *review),
            "credit_family": ("заявления семьи", *family_list),
        }
