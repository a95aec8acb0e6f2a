"""The benchmark command itself (config/management/commands/bench.py), on small data:
the history suite grows and rolls back, ``--all`` writes its table beside the budgets,
and the load test's check finds an acknowledged save that is not in the database —
plus one short real run of gunicorn and locust on a tiny school."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from achievements import demo as journal_demo
from achievements.models import CellChange, JournalCell
from achievements.portfolio import demo as portfolio_demo
from archive.models import ArchiveFile, Disclosure, InfoRequest, IssuedDocument, Snapshot
from config.benchmarks.report import Figure, write_report
from config.loadtest import report
from config.loadtest.run import plan
from config.loadtest.run import run as run_load
from credit_transfer import demo as credit_demo
from learners.demo import DEMO_PASSWORD, generate
from learners.models import Role
from rewards.models import Reward
from tests.achievements.factories import CellChangeFactory, JournalCellFactory, LessonFactory
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PRODUCTION_HASHERS = [
    "learners.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(scope="class")
def demo_school(django_db_setup, django_db_blocker):
    """The demo-scale school (about 300 learners), once for the class, rolled back."""
    today = timezone.localdate()
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        generate(scale="demo", today=today)
        journal_demo.generate(today=today)
        portfolio_demo.generate(today=today)
        credit_demo.generate(today=today)
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_school")
class TestBenchOnDemoSchool:
    def bench(self, *args):
        out = StringIO()
        call_command("bench", *args, "--any-size", "--runs", "1", stdout=out)
        return out.getvalue()

    def test_bench_history_grows_and_rolls_back(self):
        cells, changes = JournalCell.objects.count(), CellChange.objects.count()

        output = self.bench("history", "--history-factor", "2")

        assert f"записей журнала {cells} → {2 * cells}" in output
        assert f"истории отметок {changes} → {2 * changes}" in output
        for label in (
            "журналы заместителя",
            "история отметок (админка)",
            "история отметок аттестации",
            "кандидаты в ГИР",
            "электронный дневник",
            "заявления семьи",
        ):
            assert label in output
        assert (JournalCell.objects.count(), CellChange.objects.count()) == (cells, changes)

    def test_bench_journal_and_credit_still_work(self):
        journal = self.bench("journal")
        credit = self.bench("credit")

        assert "сохранение одной отметки" in journal
        assert "электронный дневник" in journal
        assert "список заявлений" in credit

    def test_bench_all_writes_table_keeping_other_database(self, tmp_path):
        # One run of every suite: the archive's own figures (the slowest suite) are
        # checked here rather than in a second run of it.
        output = tmp_path / "benchmarks.md"
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        output.write_text(f"# Замеры\n\n<!-- bench:{other} -->\nтам\n<!-- /bench:{other} -->\n")

        printed = self.bench(
            "--all", "--no-load", "--history-factor", "2", "--classes", "2", "--output", str(output)
        )

        text = output.read_text()
        assert text.count(f"<!-- bench:{connection.vendor} -->") == 1
        assert f"<!-- bench:{other} -->\nтам\n<!-- /bench:{other} -->" in text
        assert "| замер | показатель | значение | бюджет | итог |" in text
        assert "| journal | сохранение одной отметки: запросов |" in text
        assert "| history | кандидаты в ГИР: история ×2 |" in text
        assert "| credit | заявления семьи: запросов |" in text
        assert "| archive | запросов на класс |" in text
        assert "| rewards | представления: запросов при 30 и 300 |" in text
        assert "| load |" not in text
        lines = printed.splitlines()
        assert "снимок всей организации: классов 2" in lines
        assert any(line.startswith("XLSX: наш ") for line in lines)
        assert any(line.startswith("PDF: наш (PDF/A-2b с проверкой) ") for line in lines)
        assert any(
            line.startswith("память на класс (первый, средний, последний): пик ") for line in lines
        )
        queries = next(line for line in lines if line.startswith("запросов на класс: "))
        low, high = queries.removeprefix("запросов на класс: от ").split(" до ")
        assert low == high
        # The snapshot the archive suite made is rolled back, with its files.
        assert (Snapshot.objects.count(), ArchiveFile.objects.count()) == (0, 0)

    def test_bench_rewards_counts_constant_and_rolls_back(self):
        rewards = Reward.objects.count()

        output = self.bench("rewards")

        lines = output.splitlines()

        def line(start):
            return " ".join(next(x for x in lines if x.startswith(start)).split())

        # The candidates of every class in 8 queries; the pending page and the diary in
        # the same number of queries with few rows and with many.
        assert line("кандидаты всей организации (").endswith(": запросов 8 постоянно (8) в бюджете")
        assert line("представления: запросов").endswith(" 5 и 5 одинаково в бюджете")
        assert line("дневник: запросов").endswith(" одинаково в бюджете")
        assert Reward.objects.count() == rewards

    def test_bench_documents_counts_constant_and_rolls_back(self):
        counts = (
            IssuedDocument.objects.count(),
            InfoRequest.objects.count(),
            Disclosure.objects.count(),
        )

        out = StringIO()
        call_command("bench", "documents", "--any-size", "--runs", "2", stdout=out)

        lines = out.getvalue().splitlines()

        def line(start):
            return " ".join(next(x for x in lines if x.startswith(start)).split())

        # Issuing costs the same queries for the learner with the fewest marks and the
        # one with the most; every list page the same with a page of rows and 1,000 more.
        assert line("выдача: справка об обучении, запросов").endswith(
            " 9 и 9 постоянно в отметках в бюджете"
        )
        assert line("выдача: выписка из журнала, запросов").endswith(
            " 11 и 11 постоянно в отметках в бюджете"
        )
        assert line("журнал регистрации документов: запросов").endswith(
            " 5 и 5 одинаково в строках в бюджете"
        )
        assert line("запросы документов: запросов").endswith(" 5 и 5 одинаково в строках в бюджете")
        assert line("журнал передачи сведений: запросов").endswith(
            " 5 и 5 одинаково в строках в бюджете"
        )
        assert line("документы семьи: запросов").endswith(" 6 и 6 одинаково в строках в бюджете")
        # One document's PDF/A is shown against bare WeasyPrint, not budgeted: the 1.3×
        # of DESIGN.md is for the whole school's set (bench archive).
        assert line("PDF/A: справка об обучении / голый WeasyPrint").endswith(
            "× — (1,3× — для пакета всей школы, bench archive)"
        )
        assert (
            IssuedDocument.objects.count(),
            InfoRequest.objects.count(),
            Disclosure.objects.count(),
        ) == counts

    def test_bench_load_plan_teachers_with_journals_parents_with_children(self):
        found = plan(teachers=5, parents=5)

        assert (found["teacher_users"], found["parent_users"]) == (5, 5)
        assert len(found["teachers"]) == 5
        assert len(found["parents"]) == 5
        assert all(t["journals"] for t in found["teachers"])
        assert all(p["diaries"] for p in found["parents"])
        assert found["password"] == DEMO_PASSWORD

    def test_bench_statistics_and_dynamics_through_the_command(self):
        output = self.bench("statistics") + self.bench("dynamics")

        lines = [" ".join(x.split()) for x in output.splitlines()]
        # The statistics of one class and of the whole school, and the dynamics of the
        # learner with the fewest marks and the one with the most: the same queries.
        counts = [x for x in lines if x.startswith(("статистика", "динамика")) and "запросов" in x]
        assert len(counts) == 2
        assert [x for x in counts if not x.endswith("в бюджете")] == []


@pytest.mark.django_db
def test_bench_report_section_replaced_not_repeated(tmp_path):
    output = tmp_path / "benchmarks.md"
    write_report(output, [Figure("load", "ошибок", "3", "0", False)], [])
    write_report(output, [Figure("load", "ошибок", "0", "0", True)], ["заметка"])

    text = output.read_text()
    assert text.startswith("# Замеры производительности\n")
    assert text.count(f"<!-- bench:{connection.vendor} -->") == 1
    assert "| load | ошибок | 0 | 0 | в бюджете |" in text
    assert "| load | ошибок | 3 |" not in text
    assert text.rstrip().endswith(f"заметка\n<!-- /bench:{connection.vendor} -->")


# The check after a load run ---------------------------------------------------------------


@pytest.fixture
def acknowledged(db):
    """Two cells saved by a teacher, each with its history row, as a run leaves them,
    and the acknowledgements the locust users recorded."""
    teacher = UserFactory(username="t1")
    first = JournalCellFactory(marks="5", version=1, updated_by=teacher)
    second = JournalCellFactory(marks="4/5", version=2, updated_by=teacher)
    CellChangeFactory(cell=first, changed_by=teacher, new_marks="5")
    CellChangeFactory(cell=second, changed_by=teacher, new_marks="4")
    CellChangeFactory(cell=second, changed_by=teacher, old_marks="4", new_marks="4/5")
    acks = [
        {"user": "t1", "lesson": first.lesson_id, "learner": first.learner_id,
         "value": "5", "version": 1, "sent_version": 0},
        {"user": "t1", "lesson": second.lesson_id, "learner": second.learner_id,
         "value": "4", "version": 1, "sent_version": 0},
        {"user": "t1", "lesson": second.lesson_id, "learner": second.learner_id,
         "value": "4/5", "version": 2, "sent_version": 1},
    ]  # fmt: skip
    return acks, first, second


def test_bench_load_verify_nothing_lost(acknowledged):
    acks, _, _ = acknowledged

    assert report.verify_saves(acks) == []


def test_bench_load_verify_finds_missing_cell(acknowledged):
    acks, first, _ = acknowledged
    lost = {**acks[0], "lesson": LessonFactory(date=date(2026, 9, 20)).pk}

    problems = report.verify_saves([*acks, lost])

    assert problems == [
        f"нет ячейки: урок {lost['lesson']}, обучающийся {first.learner_id}, «5» (версия 1)"
    ]


def test_bench_load_verify_finds_missing_history_row(acknowledged):
    acks, _, second = acknowledged
    CellChange.objects.filter(cell=second, new_marks="4/5").delete()

    problems = report.verify_saves(acks)

    assert problems == [
        f"нет строки истории: ячейка {second.pk}, «4/5» — подтверждено 1, в истории 0"
    ]


def test_bench_load_verify_finds_overwritten_value(acknowledged):
    acks, first, _ = acknowledged
    JournalCell.objects.filter(pk=first.pk).update(marks="3")

    problems = report.verify_saves(acks)

    assert problems == [
        f"в ячейке «3» вместо подтверждённого «5»: урок {first.lesson_id}, "
        f"обучающийся {first.learner_id} (версия 1)"
    ]


def test_bench_load_verify_ignores_history_before_run(acknowledged):
    acks, _, _ = acknowledged
    before_run = CellChange.objects.order_by("-pk").first().pk

    problems = report.verify_saves(acks, history_after=before_run)

    assert len(problems) == 3


def test_bench_load_summary_exact_percentiles():
    requests = [{"name": "GET /a/", "ms": float(ms), "ok": True} for ms in range(1, 101)] + [
        {"name": "POST /b/", "ms": 500.0, "ok": False}
    ]

    lines = report.summarise(requests, duration=10.0)

    assert [(x.name, x.requests, x.errors, x.p50, x.p95, x.p99) for x in lines] == [
        ("GET /a/", 100, 0, 50.0, 95.0, 99.0),
        ("POST /b/", 1, 1, 500.0, 500.0, 500.0),
        ("всего", 101, 1, 51.0, 96.0, 100.0),
    ]
    assert lines[-1].rps == pytest.approx(10.1)


# One short real run -------------------------------------------------------------------------


def tiny_school():
    """One teacher with a journal of the current period (three lessons, two learners)
    and one parent of one of them; passwords as the demo's, hashed as in production."""
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="load", starts_on=today - timedelta(days=40), ends_on=today + timedelta(days=200)
    )
    period = StudyPeriodFactory(
        year=year, number=1, starts_on=year.starts_on, ends_on=today + timedelta(days=20)
    )
    group = StudyGroupFactory(year=year, name="5А")
    subject = SubjectFactory(name="Математика")
    teacher = StaffFactory(user=UserFactory(username="uchitel_load", roles=[Role.TEACHER]))
    TeachingAssignmentFactory(teacher=teacher, group=group, subject=subject)
    learners = [EnrollmentFactory(group=group, started_on=year.starts_on).learner for _ in range(2)]
    for days in (3, 2, 1):
        LessonFactory(
            group=group, subject=subject, period=period, teacher=teacher,
            date=today - timedelta(days=days), number=1,
        )  # fmt: skip
    parent = UserFactory(username="roditel_load", roles=[Role.PARENT])
    GuardianshipFactory(learner=learners[0], guardian=GuardianFactory(user=parent))
    for user in (teacher.user, parent):
        user.password = make_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])


def database_url() -> str:
    """The test database, for the server and locust the run starts."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_bench_load_short_run_nothing_lost(tmp_path, settings):
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    tiny_school()

    result = run_load(
        duration=6, teachers=1, parents=1, out=tmp_path, log=lambda *_: None,
        extra_env={"DATABASE_URL": database_url(), "WEB_CONCURRENCY": "1",
                   "GUNICORN_THREADS": "2"},
    )  # fmt: skip

    names = {line.name for line in result.lines}
    assert {"POST /login/", "GET /journal/<grid>/", "GET /diary/<id>/"} <= names
    assert (result.errors, result.lost) == (0, [])
    assert result.acknowledged >= 1
    # Every acknowledged save was a change: one history row each, none more.
    assert CellChange.objects.count() == result.acknowledged
    assert json.loads((tmp_path / "plan.json").read_text())["teachers"][0]["journals"]
