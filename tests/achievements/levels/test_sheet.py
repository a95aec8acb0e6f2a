"""The individual achievement sheet (002 §4.5): who may open it (R-SEC-2), what it shows
— levels by stage with the change between them, attendance and period results from the
journal, confirmed achievements of the year — as a page and as PDF/A-2b, and its query
count; the e-diary's link to it."""

import io
from datetime import date

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from pikepdf import pdfa
from pypdf import PdfReader

from achievements.levels.selectors import _change, sheet_groups
from achievements.models import AchievementStatus, Attendance, MarkKind
from common.models import DocumentDownload
from learners.models import OrganisationKind, ScaleValue, StudyGroup
from tests.achievements.factories import JournalCellFactory, LessonFactory, PeriodMarkFactory
from tests.achievements.levels.helpers import result, sheet_url
from tests.achievements.portfolio.factories import AchievementFactory

pytestmark = pytest.mark.django_db


def status_as(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


SHEET_ROLES = [
    ("deputy", 200), ("director", 200), ("teacher", 200), ("class_teacher", 200),
    ("parent", 200), ("learner", 200),
    ("other_teacher", 404), ("form_teacher", 404), ("other_parent", 404),
    ("other_learner", 404), ("customer", 404), ("clerk", 404),
]  # fmt: skip


@pytest.mark.parametrize(("role", "expected"), SHEET_ROLES)
def test_sheet_status_by_role(client, people, club, role, expected):
    assert status_as(client, people[role], sheet_url(club)) == expected


@pytest.mark.parametrize(("role", "expected"), SHEET_ROLES)
def test_sheet_pdf_status_by_role(client, people, club, role, expected):
    assert status_as(client, people[role], sheet_url(club) + "pdf/") == expected


def test_sheet_of_general_class_not_found(client, people, club):
    assert status_as(client, people["deputy"], sheet_url(club, group=club.form)) == 404


def test_sheet_of_association_learner_never_in_not_found(client, people, club):
    people["other_teacher"]
    chess = StudyGroup.objects.get(name="Шахматы-1")

    assert status_as(client, people["deputy"], sheet_url(club, group=chess)) == 404


@pytest.fixture
def record(club):
    """Levels at two stages; four lessons of the club, one before the learner joined
    and one she missed; a period mark and an empty year mark; achievements of the
    year, of the year before and one not confirmed."""
    result(club, level="Н", comment="Путается в деталях")
    result(club, stage="intermediate", level="С", day=date(2026, 10, 22))
    result(club, learner=club.classmate, level="В")
    lessons = [
        LessonFactory(group=club.group, subject=club.subject, period=club.period,
                      date=date(2026, 9, day), number=1, teacher=club.teacher)
        for day in (11, 18, 25)
    ] + [
        LessonFactory(group=club.group, subject=club.subject, period=club.period,
                      date=date(2026, 10, 2), number=1, teacher=club.teacher)
    ]  # fmt: skip
    JournalCellFactory(
        lesson=lessons[2], learner=club.learner, marks="", attendance=Attendance.ABSENT
    )
    JournalCellFactory(lesson=lessons[3], learner=club.learner, marks="С", attendance="")
    JournalCellFactory(
        lesson=lessons[1], learner=club.classmate, marks="", attendance=Attendance.ILL
    )
    PeriodMarkFactory(learner=club.learner, subject=club.subject, period=club.period, value="С")
    PeriodMarkFactory(
        learner=club.learner, subject=club.subject, period=None, year=club.year,
        kind=MarkKind.YEAR, value="",
    )  # fmt: skip
    AchievementFactory(learner=club.learner, title="Соревнование роботов «РобоФест»",
                       date=date(2026, 11, 14))  # fmt: skip
    AchievementFactory(
        learner=club.learner, title="Олимпиада прошлого года", date=date(2026, 5, 10)
    )
    AchievementFactory(learner=club.learner, title="Конкурс без подтверждения",
                       date=date(2026, 11, 1), status=AchievementStatus.PROPOSED)  # fmt: skip
    return lessons


def test_sheet_shows_levels_dynamics_attendance_marks_achievements(client, people, club, record):
    client.force_login(people["parent"])

    context = client.get(sheet_url(club)).context

    (line,) = context["lines"]
    assert [
        (s["stage"].value, s["result"] and s["result"].level, s["label"], s["change"])
        for s in line["stages"]
    ] == [
        ("entry", "Н", "низкий уровень", ""),
        ("intermediate", "С", "средний уровень", "повысился"),
        ("final", None, "", ""),
    ]
    # The lesson of 11.09 was before she joined the club on 15.09.
    assert (line["lessons"], line["attended"], line["missed"]) == (3, 2, 1)
    assert line["marks"] == [{"what": "1-я четверть", "value": "С"}]
    assert [t.last_name for t in line["teachers"]] == ["Кулибина"]
    assert [a.title for a in context["achievements"]] == ["Соревнование роботов «РобоФест»"]


def test_sheet_change_down_and_same(club):
    values = {v.code: v for v in ScaleValue.objects.filter(scale__code="levels")}

    assert _change(values["В"], values["С"]) == "понизился"
    assert _change(values["С"], values["С"]) == "не изменился"
    assert _change(None, values["С"]) == ""


def test_sheet_family_page_has_no_codes_or_logins(client, people, club, record):
    client.force_login(people["parent"])

    text = client.get(sheet_url(club)).content.decode()

    assert "Лист индивидуальных достижений" in text
    assert "Антонова Мария Ивановна" in text
    assert club.learner.personal_file_number not in text
    assert "antonova" not in text
    assert "Путается в деталях" in text
    assert "Борисов" not in text


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_sheet_pdf_text_and_logged(client, people, club, record):
    club.school.organisation()
    client.force_login(people["learner"])

    response = client.get(sheet_url(club) + "pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response)
    for part in (
        "Лист индивидуальных достижений",
        "Антоновой Марии Ивановны",
        "Робототехника-1, 2026/2027 учебный год",
        "Входная диагностика 20.09.2026 Н — низкий уровень",
        "Промежуточная аттестация 22.10.2026 С — средний уровень повысился",
        "Итоговая аттестация — не проводилась",
        "Соревнование роботов «РобоФест»",
    ):
        assert part in text
    assert "Конкурс без подтверждения" not in text
    assert club.learner.personal_file_number not in text
    download = DocumentDownload.objects.get()
    assert (download.kind, download.user, download.object_id) == (
        "levels_sheet_pdf", people["learner"], str(club.learner.pk),
    )  # fmt: skip


def test_sheet_pdf_is_pdfa_2b(client, people, club, record):
    club.school.organisation()
    client.force_login(people["deputy"])

    response = client.get(sheet_url(club) + "pdf/")

    report = pdfa.validate_written(io.BytesIO(response.content), "2b")
    assert (report.verdict, report.findings) == ("pass", [])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_sheet_query_count_constant_in_rows(client, people, club, record):
    client.force_login(people["parent"])
    few = _queries(client, sheet_url(club))
    result(club, stage="final", level="В", day=date(2026, 11, 30))
    for day in (5, 6, 7, 8):
        lesson = LessonFactory(
            group=club.group, subject=club.subject, period=club.period,
            date=date(2026, 10, day), number=2, teacher=club.teacher,
        )  # fmt: skip
        JournalCellFactory(lesson=lesson, learner=club.learner, marks="", attendance=Attendance.ILL)
        AchievementFactory(learner=club.learner, date=date(2026, 10, day))
    second = club.school.period(number=3, starts_on=date(2027, 1, 10), ends_on=date(2027, 3, 20))
    PeriodMarkFactory(learner=club.learner, subject=club.subject, period=second, value="В")

    assert _queries(client, sheet_url(club)) == few


def test_sheet_groups_for_family_and_teachers(people, club):
    assert sheet_groups(people["parent"], club.learner) == []
    result(club, level="В")

    assert sheet_groups(people["parent"], club.learner) == [club.group]
    assert sheet_groups(people["learner"], club.learner) == [club.group]
    assert sheet_groups(people["teacher"], club.learner) == [club.group]
    assert sheet_groups(people["form_teacher"], club.learner) == []


def test_family_link_template_links_sheet(people, club):
    result(club, level="В")
    html = render_to_string(
        "achievements/levels/_family_link.html",
        {"learner": club.learner, "level_sheets": sheet_groups(people["parent"], club.learner)},
    )

    assert f'href="{sheet_url(club)}"' in html
    assert "Робототехника-1, 2026/2027" in html


def test_sheet_speaks_additional_education_terms(client, people, club, record):
    club.school.organisation(kind=OrganisationKind.ADDITIONAL, full_name="МОУ ЦДО «Дземги»")
    client.force_login(people["parent"])

    page = client.get(sheet_url(club)).content.decode()
    pdf = _pdf_text(client.get(sheet_url(club) + "pdf/"))

    for text in (page, pdf):
        assert "Объединение" in text
        assert "Педагог объединения" in text
        assert "Класс" not in text
    assert "МОУ ЦДО «Дземги»" in pdf
