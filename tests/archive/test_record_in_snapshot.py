"""External assessment and academic debts in the period snapshot (R-JRN-9, R-JRN-13,
R-AR-1): the class's results of procedures held in the quarter are in its workbook and
its JSON Lines, apart from the school's marks (a procedure held after the quarter is
not), and so are the debts its quarter marks opened, with their retakes."""

import io
import json
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from achievements.models import (
    DebtStatus,
    ExternalAssessment,
    ExternalKind,
    ExternalResult,
    MarkKind,
    PeriodMark,
)
from archive.storage import archive_storage
from tests.achievements.debts.factories import AcademicDebtFactory, DebtAttemptFactory
from tests.archive.conftest import make_snapshot


def _assessment(archive_school, title, held_on):
    return ExternalAssessment.objects.create(
        kind=ExternalKind.VPR, title=title, subject=archive_school.school.subjects["Математика"],
        grade=5, year=archive_school.period.year, held_on=held_on, max_score=10,
        task_count=2, task_max=[4, 6], created_by=archive_school.deputy,
    )  # fmt: skip


@pytest.fixture
def results(archive_school):
    antonova, borisov, *_ = archive_school.learners
    vpr = _assessment(archive_school, "ВПР по математике", date(2026, 10, 1))
    later = _assessment(archive_school, "ВПР во второй четверти", date(2026, 11, 20))
    kept = ExternalResult.objects.create(
        assessment=vpr, learner=antonova, score=9, mark="5", task_scores=[4, 5],
        entered_by=archive_school.deputy,
    )  # fmt: skip
    ExternalResult.objects.create(
        assessment=later, learner=borisov, score=3, mark="2", task_scores=[1, 2],
        entered_by=archive_school.deputy,
    )  # fmt: skip
    return vpr, kept


@pytest.fixture
def files(archive_school, results, django_capture_on_commit_callbacks):
    snapshot = make_snapshot(archive_school, django_capture_on_commit_callbacks)
    storage = archive_storage()
    found = {}
    for f in snapshot.files.filter(group_name="5А"):
        with storage.open(f.storage_name, "rb") as handle:
            found[f.kind] = handle.read()
    return found


pytestmark = pytest.mark.django_db


def test_snapshot_workbook_external_sheet_exact(files):
    book = load_workbook(io.BytesIO(files["workbook"]))

    rows = list(book["Внешняя оценка"].iter_rows(values_only=True))

    assert rows[0] == (
        "Обучающийся", "Процедура", "Предмет", "Дата", "Баллы", "Из", "Отметка",
        "Баллы за задания",
    )  # fmt: skip
    assert [row[1:] for row in rows[1:]] == [
        ("ВПР: ВПР по математике", "Математика", datetime(2026, 10, 1), 9, 10, "5", "4 5"),
    ]
    assert rows[1][0].startswith("Антонова")


def test_snapshot_jsonl_external_records_exact(files, results):
    vpr, kept = results
    records = [json.loads(line) for line in files["data"].decode("utf-8").splitlines()]

    assert [r for r in records if r["record"] == "external_result"] == [
        {
            "record": "external_result", "id": kept.pk, "learner_id": kept.learner_id,
            "assessment_id": vpr.pk, "kind": "vpr", "kind_label": "ВПР",
            "title": "ВПР по математике", "subject_name": "Математика",
            "held_on": "2026-10-01", "max_score": 10, "score": 9, "mark": "5",
            "task_scores": [4, 5],
        }
    ]  # fmt: skip


@pytest.fixture
def debt(archive_school):
    """Васильева's «2» in mathematics for the quarter opened a debt; the first retake on
    10.11.2026 failed, the commission's on 24.11.2026 gave «3»."""
    vasilieva = archive_school.learners[2]
    maths = archive_school.school.subjects["Математика"]
    mark = PeriodMark.objects.get(learner=vasilieva, subject=maths, kind=MarkKind.PERIOD)
    debt = AcademicDebtFactory(
        mark=mark, group=archive_school.group_a, opened_on=date(2026, 10, 26),
        deadline=date(2026, 12, 25), status=DebtStatus.CLOSED, closed_on=date(2026, 11, 24),
        closed_by=archive_school.deputy,
        close_reason="Пересдача № 2 от 24.11.2026: «3»",
    )  # fmt: skip
    DebtAttemptFactory(debt=debt, number=1, held_on=date(2026, 11, 10), value="2")
    DebtAttemptFactory(
        debt=debt, number=2, held_on=date(2026, 11, 24), value="3",
        commission="Соколова Е. П.\nМорозов А. В.\nКузнецова И. Н.",
    )  # fmt: skip
    return debt


@pytest.fixture
def debt_files(archive_school, debt, django_capture_on_commit_callbacks):
    snapshot = make_snapshot(archive_school, django_capture_on_commit_callbacks)
    storage = archive_storage()
    found = {}
    for f in snapshot.files.filter(group_name="5А"):
        with storage.open(f.storage_name, "rb") as handle:
            found[f.kind] = handle.read()
    return found


def test_snapshot_workbook_debts_sheet_exact(debt_files):
    book = load_workbook(io.BytesIO(debt_files["workbook"]))

    rows = list(book["Академические задолженности"].iter_rows(values_only=True))

    assert rows == [
        (
            "Обучающийся", "Предмет", "Отметка", "Возникла", "Срок ликвидации", "Пересдачи",
            "Состояние", "Ликвидирована (отменена)",
        ),
        (
            "Васильева Анна Ивановна", "Математика", "2", datetime(2026, 10, 26),
            datetime(2026, 12, 25), "№ 1 10.11.2026: 2; № 2 24.11.2026: 3", "Ликвидирована",
            datetime(2026, 11, 24),
        ),
    ]  # fmt: skip


def test_snapshot_jsonl_debt_records_exact(debt_files, debt):
    records = [json.loads(line) for line in debt_files["data"].decode("utf-8").splitlines()]

    assert [r for r in records if r["record"] == "debt"] == [
        {
            "record": "debt", "id": debt.pk, "learner_id": debt.learner_id,
            "subject_id": debt.subject_id, "subject_name": "Математика",
            "mark_id": debt.mark_id, "value": "2", "opened_on": "2026-10-26",
            "deadline": "2026-12-25", "status": "closed", "status_label": "Ликвидирована",
            "closed_on": "2026-11-24", "close_reason": "Пересдача № 2 от 24.11.2026: «3»",
            "attempts": [
                {"number": 1, "held_on": "2026-11-10", "value": "2", "commission": []},
                {"number": 2, "held_on": "2026-11-24", "value": "3",
                 "commission": ["Соколова Е. П.", "Морозов А. В.", "Кузнецова И. Н."]},
            ],
        }
    ]  # fmt: skip
