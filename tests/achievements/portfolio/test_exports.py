"""Portfolio exports (R-PF-4): a learner's portfolio as PDF (confirmed entries only,
grouped by category, on the organisation's letterhead, for the class teacher's
signature) and a class's as XLSX, both read back from the bytes the pages send."""

import io
from datetime import date, datetime
from email.message import EmailMessage

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.models import AchievementLevel, AchievementResult, AchievementStatus
from learners.models import ProgrammeLevel
from tests.achievements.portfolio.factories import AchievementFactory, EvidenceFactory, category
from tests.factories import EnrollmentFactory, StudyGroupFactory

pytestmark = pytest.mark.django_db

P, C, R = AchievementStatus.PROPOSED, AchievementStatus.CONFIRMED, AchievementStatus.REJECTED
ORGANISATION = "Муниципальное автономное общеобразовательное учреждение «Лицей № 1»"
OLYMPIADS = "Олимпиады (всероссийская олимпиада школьников и другие)"
GTO = "Нормы комплекса ГТО"
PROJECTS = "Проектная и учебно-исследовательская деятельность"
HEADER = [
    "Обучающийся",
    "Категория",
    "Название",
    "Уровень",
    "Результат",
    "Этап / знак",
    "Дата",
    "Организатор",
    "Предметная область",
    "Статус",
    "Документов",
]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _pdf_text(response) -> str:
    """The PDF's text with line breaks and repeated spaces collapsed: table cells wrap."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _in_order(text, *parts) -> list[int]:
    return [text.index(part) for part in parts]


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def _values(sheet) -> list[tuple]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _disposition(raw: str) -> tuple[str, str | None]:
    """The disposition type as a browser reads it (the first token of the raw header; RFC
    2047 encoded-words are not decoded in HTTP) and the file name (RFC 6266/2231)."""
    message = EmailMessage()
    message["Content-Disposition"] = raw
    return raw.split(";", 1)[0].strip(), message.get_filename()


# The learner's PDF ---------------------------------------------------------------------------


@pytest.fixture
def portfolio(school):
    """Антонова's entries in three categories, and two that are not confirmed."""
    learner = school.learner
    physics = AchievementFactory(
        learner=learner,
        title="ВсОШ по физике",
        level=AchievementLevel.REGIONAL,
        stage="regional",
        result=AchievementResult.PRIZE_WINNER,
        organiser="Минобрнауки края",
        date=date(2026, 2, 10),
    )
    EvidenceFactory.create_batch(3, achievement=physics)
    maths = AchievementFactory(
        learner=learner,
        title="Олимпиада «Кенгуру»",
        level=AchievementLevel.INTERNATIONAL,
        result=AchievementResult.PARTICIPANT,
        organiser="ИПО «Кенгуру»",
        date=date(2026, 3, 19),
    )
    EvidenceFactory(achievement=maths)
    gto = AchievementFactory(
        learner=learner,
        category=category("gto"),
        title="Нормы ГТО, III ступень",
        badge="gold",
        level=AchievementLevel.MUNICIPAL,
        result=AchievementResult.WINNER,
        organiser="Центр тестирования ГТО",
        date=date(2026, 5, 20),
    )
    project = AchievementFactory(
        learner=learner,
        category=category("project"),
        title="Проект «Вода Байкала»",
        level=AchievementLevel.SCHOOL,
        result=AchievementResult.LAUREATE,
        organiser="",
        date=date(2026, 4, 1),
    )
    proposed = AchievementFactory(learner=learner, status=P, title="Конкурс чтецов")
    rejected = AchievementFactory(learner=learner, status=R, title="Турнир эрудитов")
    AchievementFactory(learner=school.classmate, title="Олимпиада одноклассника")
    return physics, maths, gto, project, proposed, rejected


def test_learner_pdf_lists_confirmed_by_category(client, school, portfolio):
    """The parent, who sees the unconfirmed entries on the page, gets only the rest."""
    client.force_login(school.parent)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = _pdf_text(response)
    assert text.startswith(ORGANISATION)
    header = "Портфолио достижений Антоновой Марии Ивановны, 12.04.2015 г. р., 5А"
    rows = [
        "ВсОШ по физике (региональный этап) Региональный Призёр 10.02.2026 Минобрнауки края 3",
        "Олимпиада «Кенгуру» Международный Участник 19.03.2026 ИПО «Кенгуру» 1",
        "Нормы ГТО, III ступень — золотой знак Муниципальный Победитель 20.05.2026 "
        "Центр тестирования ГТО 0",
        "Проект «Вода Байкала» Школьный (уровень организации) Лауреат 01.04.2026 0",
    ]
    for row in rows:
        assert row in text
    positions = _in_order(
        text,
        header,
        OLYMPIADS,
        rows[0],
        GTO,
        rows[2],
        PROJECTS,
        rows[3],
        f"Дата: {timezone.localdate():%d.%m.%Y}",
        "Классный руководитель / Петрова А.С. /",
    )
    assert positions == sorted(positions)
    assert text.index(OLYMPIADS) < text.index(rows[1]) < text.index(GTO)
    for foreign in ("Конкурс чтецов", "Турнир эрудитов", "Олимпиада одноклассника"):
        assert foreign not in text
    assert text.count("Название Уровень Результат Дата Организатор Документов") == 3
    reader = PdfReader(io.BytesIO(response.content))
    assert (reader.metadata.title, len(reader.pages)) == ("Портфолио: Антонова Мария Ивановна", 1)


def test_learner_pdf_pdfa_2b(client, school, portfolio):
    client.force_login(school.parent)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/pdf/")

    report = pdfa.validate_written(io.BytesIO(response.content), "2b")
    assert (report.verdict, report.findings) == ("pass", [])


def test_learner_pdf_without_confirmed_entries(client, school):
    AchievementFactory(learner=school.learner, status=P, title="Конкурс чтецов")
    client.force_login(school.parent)

    text = _pdf_text(client.get(f"/portfolio/learners/{school.learner.pk}/pdf/"))

    assert "Подтверждённых достижений пока нет." in text
    assert "Конкурс чтецов" not in text
    assert OLYMPIADS not in text


def test_learner_pdf_by_subject_teacher_confirmed_only(client, school, portfolio):
    client.force_login(school.subject_teacher)

    text = _pdf_text(client.get(f"/portfolio/learners/{school.learner.pk}/pdf/"))

    assert "ВсОШ по физике" in text
    assert "Конкурс чтецов" not in text


def test_learner_pdf_named_after_the_learner_not_the_file_number(client, school):
    school.learner.personal_file_number = "ЛД-00042"
    school.learner.save()
    client.force_login(school.parent)

    response = client.get(f"/portfolio/learners/{school.learner.pk}/pdf/")

    assert _disposition(response["Content-Disposition"]) == (
        "attachment",
        "Портфолио Антонова Мария Ивановна.pdf",
    )


def test_learner_pdf_names_class_when_learner_also_in_club(client, school, portfolio):
    # A club runs an additional programme: it is not the learner's class.
    club = StudyGroupFactory(
        name="Кружок робототехники", programme__level=ProgrammeLevel.ADDITIONAL_DEVELOPING
    )
    EnrollmentFactory(learner=school.learner, group=club, started_on=date(2026, 10, 1))
    client.force_login(school.parent)

    text = _pdf_text(client.get(f"/portfolio/learners/{school.learner.pk}/pdf/"))

    assert "Портфолио достижений Антоновой Марии Ивановны, 12.04.2015 г. р., 5А" in text
    assert "Классный руководитель / Петрова А.С. /" in text


# The class XLSX ------------------------------------------------------------------------------


ANTONOVA, BORISOV = "Антонова Мария Ивановна", "Борисов Глеб Олегович"
ROW_GTO = (
    ANTONOVA,
    GTO,
    "Нормы ГТО, III ступень",
    "Муниципальный",
    "Победитель",
    "Серебряный знак",
    datetime(2026, 5, 20),
    None,
    None,
    "Предложено, ждёт подтверждения",
    1,
)
ROW_CONTEST = (
    ANTONOVA,
    "Интеллектуальные и творческие конкурсы",
    "Турнир эрудитов",
    "Школьный (уровень организации)",
    "Участник",
    None,
    datetime(2026, 3, 1),
    None,
    None,
    "Отклонено",
    0,
)
ROW_PHYSICS = (
    ANTONOVA,
    OLYMPIADS,
    "ВсОШ по физике",
    "Региональный",
    "Победитель",
    "Региональный этап",
    datetime(2026, 2, 10),
    "Минобрнауки края",
    "Физика",
    "Подтверждено",
    1,
)
ROW_SWIMMING = (
    BORISOV,
    "Спортивные соревнования и туризм",
    "Первенство района по плаванию",
    "Муниципальный",
    "Призёр",
    None,
    datetime(2026, 9, 20),
    "Спорткомитет",
    "Физическая культура",
    "Подтверждено",
    2,
)


def test_class_xlsx_rows_exact(client, school, class_entries):
    client.force_login(school.class_teacher.user)

    response = client.get(f"/portfolio/groups/{school.group.pk}/?format=xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_TYPE
    assert _disposition(response["Content-Disposition"]) == ("attachment", "Портфолио 5А.xlsx")
    assert response["Cache-Control"] == "private, no-store"
    workbook = _workbook(response)
    assert workbook.sheetnames == ["Портфолио 5А"]
    sheet = workbook.active
    # By learner, then the newest first.
    assert _values(sheet) == [tuple(HEADER), ROW_GTO, ROW_CONTEST, ROW_PHYSICS, ROW_SWIMMING]
    assert [cell.font.bold for cell in sheet[1]] == [True] * 11
    assert [sheet.cell(row=r, column=7).is_date for r in range(2, 6)] == [True] * 4
    assert {sheet.cell(row=r, column=7).number_format for r in range(2, 6)} == {"DD.MM.YYYY"}
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K5"


def test_class_xlsx_without_entries_has_header_only(client, school):
    client.force_login(school.class_teacher.user)

    sheet = _workbook(client.get(f"/portfolio/groups/{school.group.pk}/?format=xlsx")).active

    assert _values(sheet) == [tuple(HEADER)]
    assert sheet.auto_filter.ref == "A1:K1"


XLSX_FILTERS = {
    "category={olympiad}": [ROW_PHYSICS],
    "level=municipal": [ROW_GTO, ROW_SWIMMING],
    "status=confirmed": [ROW_PHYSICS, ROW_SWIMMING],
    "category={gto}&result=winner&status=rejected": [],
}


def test_class_xlsx_filtered(client, school, class_entries):
    codes = {"olympiad": category("olympiad").pk, "gto": category("gto").pk}
    client.force_login(school.class_teacher.user)

    sheets = {}
    for query in XLSX_FILTERS:
        url = f"/portfolio/groups/{school.group.pk}/?{query.format(**codes)}&format=xlsx"
        sheet = _workbook(client.get(url)).active
        sheets[query] = (_values(sheet), sheet.auto_filter.ref)

    assert sheets == {
        query: ([tuple(HEADER), *rows], f"A1:K{len(rows) + 1}")
        for query, rows in XLSX_FILTERS.items()
    }


def test_class_xlsx_by_subject_teacher_confirmed_only(client, school, class_entries):
    client.force_login(school.subject_teacher)

    response = client.get(f"/portfolio/groups/{school.group.pk}/?format=xlsx")

    assert _values(_workbook(response).active) == [tuple(HEADER), ROW_PHYSICS, ROW_SWIMMING]


def test_class_xlsx_by_deputy_every_status(client, school, class_entries):
    client.force_login(school.deputy)

    response = client.get(f"/portfolio/groups/{school.group.pk}/?format=xlsx")

    assert _values(_workbook(response).active) == [
        tuple(HEADER),
        ROW_GTO,
        ROW_CONTEST,
        ROW_PHYSICS,
        ROW_SWIMMING,
    ]


def test_class_xlsx_other_class_teacher_not_found(client, school, class_entries):
    client.force_login(school.other_class_teacher.user)

    response = client.get(f"/portfolio/groups/{school.group.pk}/?format=xlsx")

    assert response.status_code == 404
