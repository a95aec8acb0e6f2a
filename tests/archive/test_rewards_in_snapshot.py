"""Rewards in the period snapshot (R-AR-1, R-RW-6): a class's granted rewards are in
its workbook, its summary statement and its JSON Lines; nominations, refusals and
rewards granted outside the scope are not."""

import io
import json
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pikepdf import pdfa

from archive.collect import Scope, class_data
from archive.exports import class_files
from archive.storage import archive_storage
from rewards.models import Ground, Origin, RewardStatus
from tests.archive.conftest import make_snapshot
from tests.common.test_pdf import text_of
from tests.rewards.factories import RewardFactory, RewardOrderFactory, kind

MERIT = "За победу в муниципальном этапе олимпиады по математике"


@pytest.fixture
def rewarded(archive_school):
    """Антонова: a subject certificate by order 101-о of 20.10.2026, issued 22.10;
    Васильева: a diploma received elsewhere on 15.09.2026; Григорьев (5Б): a certificate
    of his own. Not in 5А's quarter: Борисов's nomination, a declined reward, and
    Антонова's gratitude approved after the quarter ended."""
    antonova, borisov, vasilieva, grigoriev = archive_school.learners
    year = archive_school.period.year
    maths = archive_school.school.subjects["Математика"]
    order = RewardOrderFactory(number="101-о", date=date(2026, 10, 20))
    certificate = RewardFactory(
        learner=antonova,
        kind=kind("subject_certificate"),
        subject=maths,
        year=year,
        merit=MERIT,
        status=RewardStatus.ISSUED,
        order=order,
        approved_on=order.date,
        issued_on=date(2026, 10, 22),
    )
    external = RewardFactory(
        learner=vasilieva,
        kind=kind("diploma"),
        year=year,
        ground=Ground.CREATIVE,
        merit="Лауреат городского конкурса чтецов",
        status=RewardStatus.RECORDED,
        origin=Origin.EXTERNAL,
        source_organisation="МБОУ «Школа № 7»",
        awarded_on=date(2026, 9, 15),
    )
    RewardFactory(
        learner=grigoriev,
        year=year,
        merit="Грамота Григорьева",
        status=RewardStatus.APPROVED,
        order=order,
        approved_on=order.date,
    )
    RewardFactory(learner=borisov, year=year, merit="Представление Борисова")
    RewardFactory(learner=borisov, year=year, merit="Отклонено", status=RewardStatus.DECLINED)
    later = RewardOrderFactory(number="140-о", date=date(2026, 11, 20))
    RewardFactory(
        learner=antonova,
        kind=kind("gratitude"),
        year=year,
        merit="Во второй четверти",
        status=RewardStatus.APPROVED,
        order=later,
        approved_on=later.date,
    )
    return certificate, external


def _files(snapshot, group_name="5А") -> dict[str, bytes]:
    storage = archive_storage()
    found = {}
    for f in snapshot.files.filter(group_name=group_name):
        with storage.open(f.storage_name, "rb") as handle:
            found[f.kind] = handle.read()
    return found


@pytest.fixture
def files(archive_school, rewarded, django_capture_on_commit_callbacks):
    snapshot = make_snapshot(archive_school, django_capture_on_commit_callbacks)
    return _files(snapshot), _files(snapshot, "5Б")


def test_snapshot_workbook_rewards_sheet_exact(files):
    book = load_workbook(io.BytesIO(files[0]["workbook"]))

    rows = list(book["Поощрения"].iter_rows(values_only=True))

    assert rows == [
        (
            "Обучающийся", "Вид поощрения", "Предмет", "Основание", "За что", "Приказ №",
            "Дата приказа", "Получено в (организация)", "Утверждено (получено)", "Вручено",
            "Статус",
        ),
        (
            "Антонова Мария Ивановна", "Похвальная грамота «За особые успехи в изучении отдельных "
            "предметов»", "Математика", "Успехи в учебной деятельности", MERIT, "101-о",
            datetime(2026, 10, 20), None, datetime(2026, 10, 20), datetime(2026, 10, 22),
            "Поощрение вручено",
        ),
        (
            "Васильева Анна Ивановна", "Диплом", None, "Успехи в творческой деятельности",
            "Лауреат городского конкурса чтецов", None, None, "МБОУ «Школа № 7»",
            datetime(2026, 9, 15), None, "Учтено (получено в другой организации)",
        ),
    ]  # fmt: skip
    assert book["Поощрения"]["G2"].number_format == "DD.MM.YYYY"
    assert book.sheetnames.index("Поощрения") == book.sheetnames.index("Достижения") + 1


def test_snapshot_summary_pdf_rewards_table_exact(files):
    content = files[0]["summary_pdf"]
    text = text_of(content)

    table = text[text.index("Поощрения за период") :]
    assert table.startswith(
        "Поощрения за период № Обучающийся Вид поощрения За что Основание "
        "Приказ или где получено Утверждено (получено) Вручено "
        "1 Антонова Мария Ивановна Похвальная грамота «За особые успехи в изучении отдельных "
        "предметов» (Математика) " + MERIT + " Успехи в учебной деятельности "
        "Приказ № 101-о от 20.10.2026 20.10.2026 22.10.2026 "
        "2 Васильева Анна Ивановна Диплом Лауреат городского конкурса чтецов "
        "Успехи в творческой деятельности Получено в МБОУ «Школа № 7» 15.09.2026"
    )
    for absent in ("Представление Борисова", "Отклонено", "Во второй четверти", "Григорьева"):
        assert absent not in text
    assert pdfa.validate_written(io.BytesIO(content), "2b").passed


def _records(content: bytes) -> list[dict]:
    return [json.loads(line) for line in content.decode("utf-8").splitlines()]


def test_snapshot_jsonl_reward_records_exact(files, rewarded):
    certificate, external = rewarded
    records = _records(files[0]["data"])

    rewards = [r for r in records if r["record"] == "reward"]

    assert records[0]["schema"] == "uchet-archive/1"
    assert rewards == [
        {
            "record": "reward",
            "id": certificate.pk,
            "learner_id": certificate.learner_id,
            "year_id": certificate.year_id,
            "kind_code": "subject_certificate",
            "kind_name": "Похвальная грамота «За особые успехи в изучении отдельных предметов»",
            "subject_id": certificate.subject_id,
            "subject_name": "Математика",
            "ground": "study",
            "ground_label": "Успехи в учебной деятельности",
            "merit": MERIT,
            "results_note": "",
            "status": "issued",
            "status_label": "Поощрение вручено",
            "origin": "school",
            "order": {
                "id": certificate.order_id,
                "number": "101-о",
                "date": "2026-10-20",
                "title": "О поощрении обучающихся",
                "signed_by_name": "Иванова Мария Петровна",
            },
            "source_organisation": "",
            "awarded_on": None,
            "approved_on": "2026-10-20",
            "issued_on": "2026-10-22",
        },
        {
            "record": "reward",
            "id": external.pk,
            "learner_id": external.learner_id,
            "year_id": external.year_id,
            "kind_code": "diploma",
            "kind_name": "Диплом",
            "subject_id": None,
            "subject_name": None,
            "ground": "creative",
            "ground_label": "Успехи в творческой деятельности",
            "merit": "Лауреат городского конкурса чтецов",
            "results_note": "",
            "status": "recorded",
            "status_label": "Учтено (получено в другой организации)",
            "origin": "external",
            "order": None,
            "source_organisation": "МБОУ «Школа № 7»",
            "awarded_on": "2026-09-15",
            "approved_on": None,
            "issued_on": None,
        },
    ]
    kinds = [r["record"] for r in records]
    assert kinds.index("reward") > len(kinds) - 1 - kinds[::-1].index("mark")
    assert kinds.index("reward") < kinds.index("summary_row")


def test_snapshot_other_class_has_only_its_own_rewards(files):
    records = _records(files[1]["data"])

    assert [r["merit"] for r in records if r["record"] == "reward"] == ["Грамота Григорьева"]
    book = load_workbook(io.BytesIO(files[1]["workbook"]))
    assert [row[4] for row in book["Поощрения"].iter_rows(min_row=2, values_only=True)] == [
        "Грамота Григорьева"
    ]


def test_class_data_year_scope_keeps_rewards_granted_after_the_quarter(archive_school, rewarded):
    data = class_data(
        scope=Scope(year=archive_school.period.year, period=None), group=archive_school.group_a
    )

    assert [r.merit for r in data.rewards] == [
        MERIT,
        "Во второй четверти",
        "Лауреат городского конкурса чтецов",
    ]


def test_class_data_rewards_read_in_one_query(archive_school):
    scope = Scope(year=archive_school.period.year, period=archive_school.period)

    def reads(group):
        with CaptureQueriesContext(connection) as queries:
            class_data(scope=scope, group=group)
        return [q["sql"] for q in queries]

    without = reads(archive_school.group_a)
    order = RewardOrderFactory(date=date(2026, 10, 1))
    for learner in archive_school.learners[:3]:
        for code in ("certificate", "diploma"):
            RewardFactory(
                learner=learner,
                kind=kind(code),
                year=scope.year,
                status=RewardStatus.APPROVED,
                order=order,
                approved_on=order.date,
            )
    with_rewards = reads(archive_school.group_a)

    assert len(with_rewards) == len(without)
    assert sum('"rewards_reward"' in sql for sql in with_rewards) == 1
    assert len(class_data(scope=scope, group=archive_school.group_a).rewards) == 6


def test_workbook_reward_merit_starting_with_equals_stays_text(archive_school):
    RewardFactory(
        learner=archive_school.learners[0],
        year=archive_school.period.year,
        merit='=HYPERLINK("http://x")',
        status=RewardStatus.APPROVED,
        approved_on=date(2026, 10, 1),
    )
    data = class_data(
        scope=Scope(year=archive_school.period.year, period=archive_school.period),
        group=archive_school.group_a,
    )
    workbook = next(f for f in class_files(data) if f.kind == "workbook")

    cell = load_workbook(io.BytesIO(workbook.content))["Поощрения"]["E2"]

    assert cell.value == '=HYPERLINK("http://x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
