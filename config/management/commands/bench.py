"""Benchmarks of the performance budgets in DESIGN.md, on the reference school.

    manage.py demo_school --scale school      # once, in an empty database
    manage.py bench journal                   # grid page, saving a mark, e-diary
    manage.py bench credit                    # credit-transfer lists and review page
    manage.py bench history                   # pages as the history grows tenfold
    manage.py bench archive                   # a whole-organisation snapshot, XLSX and PDF
    manage.py bench rewards                   # candidates, pending nominations, the diary
    manage.py bench documents                 # issuing a document, the registers' pages
    manage.py bench load                      # gunicorn + locust: 50 teachers, 50 parents
    manage.py bench --all                     # all of them, table in docs/benchmarks.md

Times are medians of in-process requests through Django's test client (server time,
no network), so they compare across machines better than wall-clock page loads;
query counts are exact. Saves run inside a transaction that is rolled back, so the
reference data stays as it was."""

import importlib
import json
import os
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from achievements.models import JournalCell, Lesson
from config.benchmarks.history import (
    busiest_journal,
    fill_family_applications,
    grow_history,
    history_pages,
    history_sizes,
    journal_url,
    page_request,
)
from config.benchmarks.report import Figure, write_report
from learners.models import Learner

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
HISTORY_FACTOR = 10  # the history grows to this many times the reference school's
FAMILY_APPLICATIONS = 60  # the measured family's list: more than a page before growing
HISTORY_MAX_RATIO = 1.5  # "flat": a page at ten times the history within this of before
LOAD_MAX_P95 = 250.0  # ms over the whole load run, logins included (PostgreSQL)
# Suites whose module in config/benchmarks has run(stdout, runs) -> list[Figure].
MODULE_SUITES = ("statistics", "dynamics", "roster")
SUITES = ["journal", "credit", "history", "archive", "rewards", "documents", *MODULE_SUITES, "load"]


def statements(captured) -> int:
    return sum(1 for q in captured if not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL))


class Command(BaseCommand):
    help = "Замеры бюджетов производительности на эталонной школе (--scale school)."

    def add_arguments(self, parser):
        parser.add_argument("suite", nargs="?", choices=SUITES)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument(
            "--any-size",
            action="store_true",
            help="не требовать эталонную школу (для проверки самой команды на малых данных)",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="все замеры подряд; таблица с бюджетами — в docs/benchmarks.md",
        )
        parser.add_argument("--no-load", action="store_true", help="с --all: без нагрузочного")
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "docs" / "benchmarks.md"),
            help="куда --all пишет таблицу (раздел этой базы данных заменяется)",
        )
        parser.add_argument(
            "--history-factor",
            type=int,
            default=HISTORY_FACTOR,
            help="history: во сколько раз вырастает история (по умолчанию в 10)",
        )
        parser.add_argument(
            "--classes", type=int, default=None, help="archive: только первые N классов"
        )
        parser.add_argument("--duration", type=int, default=120, help="load: секунд нагрузки")
        parser.add_argument("--teachers", type=int, default=50, help="load: учителей")
        parser.add_argument("--parents", type=int, default=50, help="load: родителей")
        parser.add_argument(
            "--load-dir",
            default=str(Path(settings.BASE_DIR) / "var" / "load"),
            help="load: куда сложить план, записи locust и журнал gunicorn",
        )

    def handle(self, *args, suite, runs, any_size, **options):
        if not suite and not options["all"]:
            raise CommandError(f"Укажите замер ({', '.join(SUITES)}) или --all.")
        if not any_size and Learner.objects.count() < 1000:
            raise CommandError(
                "Нужна эталонная школа: в пустой базе выполните "
                "`manage.py migrate && manage.py demo_school --scale school`, например с "
                "DATABASE_URL=sqlite:///var/bench.sqlite3."
            )
        self.stdout.write(
            f"База: {connection.vendor}; обучающихся: {Learner.objects.count()}; "
            f"уроков: {Lesson.objects.count()}; записей журнала: {JournalCell.objects.count()}"
        )
        if options["all"]:
            suites = [s for s in SUITES if not (s == "load" and options["no_load"])]
            figures, extra = [], []
            for name in suites:
                self.stdout.write(f"— {name}")
                found, notes = self.run_suite(name, runs, options)
                figures += found
                extra += notes
            write_report(Path(options["output"]), figures, extra)
            failed = [f for f in figures if f.ok is False]
            self.stdout.write(
                f"Таблица: {options['output']}; вне бюджета: {len(failed)}"
                + "".join(
                    f"\n  {f.suite}: {f.name} = {f.value} (бюджет {f.budget})" for f in failed
                )
            )
            return
        self.run_suite(suite, runs, options)

    def run_suite(self, suite, runs, options) -> tuple[list[Figure], list[str]]:
        """Run one suite, print its table, return its figures (and any Markdown to put
        under the main table)."""
        if suite in ("journal", "credit"):
            results = self.journal(runs) if suite == "journal" else self.credit(runs)
            return self.print_measures(suite, results), []
        if suite == "history":
            return self.print_history(self.history(runs, options["history_factor"])), []
        if suite == "archive":
            return self.archive(options), []
        if suite == "rewards":
            return self.rewards(runs), []
        if suite == "documents":
            return self.documents(runs), []
        if suite in MODULE_SUITES:
            return self.module_suite(suite, runs), []
        return self.load(options)

    def print_measures(self, suite, results) -> list[Figure]:
        figures = []
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
            if max_queries is None:
                # One run cannot show a count is constant in rows: the tests do.
                figures.append(
                    Figure(
                        suite,
                        f"{label}: запросов",
                        str(queries),
                        "постоянно в строках (тесты)",
                        None,
                    )
                )
                figures.append(Figure(suite, f"{label}: медиана", f"{median:.1f} мс", "—", None))
            else:
                figures.append(
                    Figure(
                        suite,
                        f"{label}: запросов",
                        str(queries),
                        f"≤ {max_queries}",
                        queries <= max_queries,
                    )
                )
                figures.append(
                    Figure(
                        suite,
                        f"{label}: медиана",
                        f"{median:.1f} мс",
                        f"≤ {max_ms:.0f} мс",
                        median <= max_ms,
                    )
                )
        return figures

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
        period, lesson = busiest_journal()
        grid = self._timed(runs, page_request(lesson.teacher.user, journal_url(lesson, period)))
        full_label, full_request = self._fullest_journal()
        full_grid = self._timed(runs, full_request)
        learner = Learner.objects.filter(
            enrollments__group_id=lesson.group_id, enrollments__ended_on__isnull=True
        ).first()
        saving = self._saving(runs, lesson, learner)
        guardian = get_user_model().objects.filter(guardian__learners=learner).first()
        diary = self._timed(runs, page_request(guardian, f"/diary/{learner.pk}/"))
        return {
            "grid": (f"журнал {lesson.group} × {lesson.subject}", *grid),
            "full_grid": (full_label, *full_grid),
            "save": ("сохранение одной отметки", *saving),
            "diary": ("электронный дневник", *diary),
        }

    @staticmethod
    def _fullest_journal():
        """The fullest journal of any period: a whole quarter of lessons."""
        fullest = (
            Lesson.objects.values("group_id", "subject_id", "period_id")
            .annotate(n=Count("cells"))
            .order_by("-n")
            .first()
        )
        lessons = Lesson.objects.filter(
            group_id=fullest["group_id"],
            subject_id=fullest["subject_id"],
            period_id=fullest["period_id"],
        ).select_related("teacher__user")
        url = f"/journal/{fullest['group_id']}/{fullest['subject_id']}/{fullest['period_id']}/"
        label = f"журнал за период, {lessons.count()} ур."
        return label, page_request(lessons.first().teacher.user, url)

    def _saving(self, runs, lesson, learner):
        """One mark saved again and again by the lesson's teacher, alternating 5 and 4,
        in a transaction rolled back afterwards."""
        client = Client(HTTP_HOST="localhost")
        client.force_login(lesson.teacher.user)
        cell = JournalCell.objects.filter(lesson=lesson, learner=learner).first()
        state = {"version": cell.version if cell else 0, "value": "5"}

        def save():
            state["value"] = "4" if state["value"] == "5" else "5"
            body = {"lesson": lesson.pk, "learner": learner.pk, **state}
            response = client.post(
                "/journal/cell/", json.dumps(body), content_type="application/json"
            )
            if response.status_code == 200:
                state["version"] = response.json()["version"]
            return response

        with transaction.atomic():
            timed = self._timed(runs, save)
            transaction.set_rollback(True)
        return timed

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

    # History -------------------------------------------------------------------------

    def history(self, runs, factor=HISTORY_FACTOR):
        """The pages whose time could grow with the school's history, at the reference
        school and again with ``factor`` times its marks, mark history, period-mark
        history, achievements and applications (past academic years, copied from this
        one), all of it rolled back afterwards."""
        with transaction.atomic():
            # The family whose list is measured gets a full page of applications first:
            # the demo gives it one, and a list growing from one row to ten would show
            # the rows drawn, not the history read.
            fill_family_applications(FAMILY_APPLICATIONS)
            pages = history_pages()
            first = {key: self._timed(runs, request) for key, (_, request) in pages.items()}
            sizes_before = history_sizes()
            with transaction.atomic():
                started = time.perf_counter()
                grow_history(factor)
                grown_in = time.perf_counter() - started
                sizes_after = history_sizes()
                for _, request in pages.values():
                    request()  # the first request after the growth warms the caches
                after = {key: self._timed(runs, request) for key, (_, request) in pages.items()}
                transaction.set_rollback(True)
            # The reference is measured again after the rollback: growing takes minutes,
            # and on a shared machine the load drifts meanwhile; the baseline is the mean
            # of the two medians, taken on either side of the one it is compared with.
            again = {key: self._timed(runs, request) for key, (_, request) in pages.items()}
            transaction.set_rollback(True)
        before = {
            key: (max(first[key][0], again[key][0]), (first[key][1] + again[key][1]) / 2)
            for key in pages
        }
        return {
            "pages": {key: (label, before[key], after[key]) for key, (label, _) in pages.items()},
            "sizes": (sizes_before, sizes_after),
            "grown_in": grown_in,
            "factor": factor,
        }

    def print_history(self, result) -> list[Figure]:
        sizes_before, sizes_after = result["sizes"]
        self.stdout.write(
            "История: "
            + "; ".join(f"{k} {sizes_before[k]} → {sizes_after[k]}" for k in sizes_before)
            + f" (добавлено за {result['grown_in']:.0f} с, затем откачено)"
        )
        self.stdout.write(f"{'страница':<36}{'запросов':>12}{'медиана, мс':>20}{'отношение':>11}")
        figures = []
        for label, (q0, ms0), (q1, ms1) in result["pages"].values():
            ratio = ms1 / ms0 if ms0 else 1.0
            ok = q1 <= q0 and ratio <= HISTORY_MAX_RATIO
            self.stdout.write(
                f"{label:<36}{f'{q0} → {q1}':>12}{f'{ms0:.1f} → {ms1:.1f}':>20}"
                f"{f'{ratio:.2f}×':>11}  " + ("в бюджете" if ok else "ПРЕВЫШЕН")
            )
            figures.append(
                Figure(
                    "history",
                    f"{label}: история ×{result['factor']}",
                    f"{q0} → {q1} запросов; {ms0:.1f} → {ms1:.1f} мс ({ratio:.2f}×)",
                    f"запросов не больше; ≤ {HISTORY_MAX_RATIO}×",
                    ok,
                )
            )
        return figures

    # Archive -----------------------------------------------------------------------

    def archive(self, options) -> list[Figure]:
        from config.benchmarks import archive

        figures = archive.measure(limit=options["classes"], progress=self.stdout.write)
        lines, rows = archive.report(figures)
        for line in lines:
            self.stdout.write(line)
        return rows

    # Rewards -----------------------------------------------------------------------

    def rewards(self, runs) -> list[Figure]:
        from config.benchmarks import rewards

        figures = rewards.measure(runs=runs, timed=self._timed, progress=self.stdout.write)
        return self.print_figures(figures)

    # Documents ---------------------------------------------------------------------

    def documents(self, runs) -> list[Figure]:
        from config.benchmarks import documents

        figures = documents.measure(runs=runs, timed=self._timed, progress=self.stdout.write)
        return self.print_figures(figures)

    def print_figures(self, figures: list[Figure]) -> list[Figure]:
        for figure in figures:
            verdict = {True: "в бюджете", False: "ПРЕВЫШЕН", None: ""}[figure.ok]
            self.stdout.write(f"{figure.name:<58}{figure.value:>18}  {figure.budget}  {verdict}")
        return figures

    # Statistics, dynamics, roster import ---------------------------------------------

    def module_suite(self, suite, runs) -> list[Figure]:
        module = importlib.import_module(f"config.benchmarks.{suite}")
        figures = module.run(self.stdout, runs)
        return self.print_figures(figures)

    # Load --------------------------------------------------------------------------

    def load(self, options) -> tuple[list[Figure], list[str]]:
        from config.loadtest import report, run

        result = run.run(
            duration=options["duration"],
            teachers=options["teachers"],
            parents=options["parents"],
            out=Path(options["load_dir"]),
            log=self.stdout.write,
        )
        table = report.markdown(result.lines)
        lost = len(result.lost)
        total = result.total
        self.stdout.write(
            f"{result.workers}; {result.teachers} учителей, {result.parents} родителей, "
            f"{result.duration:.0f} с; подтверждённых сохранений {result.acknowledged}, "
            f"конфликтов (409, верный ответ) {result.conflicts}; потеряно {lost}; "
            f"ошибок {result.errors}; загрузка машины (load average) {result.load_average:.1f} "
            f"на {os.cpu_count()} ядрах"
        )
        self.stdout.write(table)
        for problem in result.lost[:20]:
            self.stdout.write(f"  потеряно: {problem}")
        for line in result.server_errors[:20]:
            self.stdout.write(f"  сервер: {line}")
        postgres = connection.vendor == "postgresql"
        figures = [
            Figure("load", "ошибок (кроме 409)", str(result.errors), "0", result.errors == 0),
            Figure(
                "load",
                "потеряно подтверждённых сохранений",
                f"{lost} из {result.acknowledged}",
                "0",
                lost == 0,
            ),
            Figure(
                "load",
                "p95 за весь прогон, вход включён",
                f"{total.p95:.0f} мс",
                f"≤ {LOAD_MAX_P95:.0f} мс" + ("" if postgres else " (бюджет — для PostgreSQL)"),
                total.p95 <= LOAD_MAX_P95 if postgres else None,
            ),
            Figure("load", "p99 за весь прогон", f"{total.p99:.0f} мс", "—", None),
            Figure("load", "запросов в секунду", f"{total.rps:.1f}", "—", None),
            Figure("load", "конфликтов 409 (верный ответ)", str(result.conflicts), "—", None),
        ]
        note = (
            f"Нагрузочный прогон ({connection.vendor}): {result.workers}, "
            f"{result.teachers} учителей и {result.parents} родителей, все входят за первые "
            f"20 с, {result.duration:.0f} с; подтверждённых сохранений {result.acknowledged}, "
            f"конфликтов 409 {result.conflicts}, потеряно {lost}; load average машины в конце "
            f"{result.load_average:.1f} на {os.cpu_count()} ядрах (locust на той же машине)."
            f"\n\n{table}"
        )
        return figures, [note]
