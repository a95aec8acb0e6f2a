"""Self-examination indicators (order No. 1324, appendix 2, 1.1–1.19.3) on a small built
school, the page, the workbook, access and bad input."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from achievements.models import (
    AchievementLevel,
    AchievementResult,
    AchievementStatus,
    MarkKind,
    StateExamResult,
)
from achievements.models.state_exams import StateExamKind
from achievements.statistics.selfexam import NO_DATA, selfexam_indicators
from common.models import DocumentDownload
from learners.models import ProgrammeLevel, Role
from tests.achievements.factories import PeriodMarkFactory
from tests.achievements.portfolio.factories import AchievementFactory, category
from tests.factories import AcademicYearFactory, ProgrammeFactory
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db

URL = "/statistics/self-examination/"
XLSX_URL = "/statistics/self-examination.xlsx"


class School:
    """9А (two learners, ООО), 11А (one, СОО) of 2026/2027 with year marks, state exams
    and achievements."""

    def __init__(self):
        self.builder = b = SchoolBuilder()
        self.year = b.year
        basic = ProgrammeFactory(level=ProgrammeLevel.BASIC, first_grade=5, last_grade=9)
        secondary = ProgrammeFactory(
            name="ООП СОО", level=ProgrammeLevel.SECONDARY, first_grade=10, last_grade=11
        )
        nine = b.group("9А", grade=9, programme=basic)
        eleven = b.group("11А", grade=11, programme=secondary)
        self.russian, self.math = b.subject("Русский язык"), b.subject("Математика")
        self.history = b.subject("История")
        self.antonov = b.learner(nine, "Антонов")
        self.borisova = b.learner(nine, "Борисова")
        self.vasiliev = b.learner(eleven, "Васильев")
        for learner, marks in (
            (self.antonov, ("5", "4")),
            (self.borisova, ("4", "3")),
            (self.vasiliev, ("5", "5")),
        ):
            for subject, value in zip((self.russian, self.math), marks, strict=True):
                self.year_mark(learner, subject, value)
        for learner, kind, subject, score, mark in (
            (self.antonov, StateExamKind.OGE, self.russian, None, "5"),
            (self.antonov, StateExamKind.OGE, self.math, None, "4"),
            (self.borisova, StateExamKind.OGE, self.russian, None, "4"),
            (self.borisova, StateExamKind.OGE, self.math, None, "2"),
            (self.vasiliev, StateExamKind.EGE, self.russian, 78, ""),
            (self.vasiliev, StateExamKind.EGE, self.math, 20, ""),
            # Not Russian or mathematics: in no indicator.
            (self.vasiliev, StateExamKind.EGE, self.history, 10, ""),
        ):
            StateExamResult.objects.create(
                learner=learner, subject=subject, year=self.year, kind=kind,
                exam_date=date(2027, 6, 1), score=score, mark=mark,
            )  # fmt: skip
        AchievementFactory(
            learner=self.antonov, level=AchievementLevel.REGIONAL, result=AchievementResult.WINNER
        )
        AchievementFactory(
            learner=self.borisova,
            category=category("contest"),
            level=AchievementLevel.ALL_RUSSIAN,
            result=AchievementResult.PRIZE_WINNER,
        )
        AchievementFactory(
            learner=self.vasiliev,
            level=AchievementLevel.INTERNATIONAL,
            result=AchievementResult.PARTICIPANT,
        )
        # None of these counts: not confirmed, not a competition, outside the year.
        AchievementFactory(
            learner=self.vasiliev,
            level=AchievementLevel.INTERNATIONAL,
            status=AchievementStatus.PROPOSED,
        )
        AchievementFactory(
            learner=self.vasiliev, category=category("gto"), level=AchievementLevel.INTERNATIONAL
        )
        AchievementFactory(
            learner=self.vasiliev, level=AchievementLevel.INTERNATIONAL, date=date(2026, 6, 1)
        )

    def year_mark(self, learner, subject, value):
        PeriodMarkFactory(
            learner=learner, subject=subject, kind=MarkKind.YEAR, period=None,
            year=self.year, value=value, proposed=value,
        )  # fmt: skip


@pytest.fixture
def school():
    return School()


def test_selfexam_indicators_exact(school):
    values = {i.number: i.value for i in selfexam_indicators(year=school.year)}
    assert values == {
        "1.1": "3",
        "1.2": "0",
        "1.3": "2",
        "1.4": "1",
        "1.5": "2 / 66,7 %",
        "1.6": "4,50",
        "1.7": "3,00",
        "1.8": "78,00",
        "1.9": "20,00",
        "1.10": "0 / 0,0 %",
        "1.11": "1 / 50,0 %",
        "1.12": "0 / 0,0 %",
        "1.13": "1 / 100,0 %",
        "1.14": NO_DATA,
        "1.15": NO_DATA,
        "1.16": NO_DATA,
        "1.17": NO_DATA,
        "1.18": "3 / 100,0 %",
        "1.19": "2 / 66,7 %",
        "1.19.1": "1 / 33,3 %",
        "1.19.2": "1 / 33,3 %",
        "1.19.3": "0 / 0,0 %",
    }


def test_selfexam_indicators_units_and_numbers(school):
    items = {i.number: i for i in selfexam_indicators(year=school.year)}
    assert (items["1.5"].unit, items["1.5"].count, items["1.5"].percent) == (
        "человек/%",
        2,
        Decimal("66.7"),
    )
    assert (items["1.7"].unit, items["1.7"].score) == ("балл", Decimal("3.00"))
    assert items["1.1"].unit == "человек"
    assert items["1.1"].name == "Общая численность учащихся"


def test_selfexam_indicators_empty_year_no_figures(school):
    other = SchoolBuilder(name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31))
    values = {i.number: i.value for i in selfexam_indicators(year=other.year)}
    assert values["1.1"] == "0"
    assert values["1.5"] == "0 / —"
    assert values["1.6"] == "—"


def _queries(year):
    with CaptureQueriesContext(connection) as captured:
        selfexam_indicators(year=year)
    return len(captured)


def test_selfexam_indicators_query_count_constant(school):
    small = _queries(school.year)
    nine = school.antonov.enrollments.get().group
    for n in range(5):
        learner = school.builder.learner(nine, f"Новиков{n}")
        school.year_mark(learner, school.math, "5")
        StateExamResult.objects.create(
            learner=learner, subject=school.math, year=school.year, kind=StateExamKind.OGE,
            exam_date=date(2027, 6, 1), mark="3",
        )  # fmt: skip
        AchievementFactory(learner=learner)
    assert _queries(school.year) == small


def _get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def test_selfexam_page_deputy_sees_rows(client, school):
    response = _get(client, school.builder.official(Role.DEPUTY), year=school.year.pk)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Общая численность учащихся" in text
    assert "2 / 66,7 %" in text
    assert NO_DATA in text


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CLASS_TEACHER, Role.PARENT, Role.CLERK])
def test_selfexam_page_other_roles_forbidden(client, school, role):
    user = school.builder.user(role)
    assert _get(client, user).status_code == 403
    assert _get(client, user, XLSX_URL).status_code == 403


@pytest.mark.parametrize("value", ["abc", "0", "99999999999999999999", "²"])
def test_selfexam_page_bad_year_message(client, school, value):
    response = _get(client, school.builder.official(Role.DIRECTOR), year=value)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Нет такого учебного года: показан последний завершённый." in text


def test_selfexam_page_defaults_to_the_last_year_over(client, school):
    # The report is of a year that is over: with one on record, it is shown first.
    starts = school.year.starts_on.replace(year=school.year.starts_on.year - 1)
    ends = school.year.ends_on.replace(year=school.year.ends_on.year - 1)
    last = AcademicYearFactory(name=f"{starts.year}/{ends.year}", starts_on=starts, ends_on=ends)

    response = _get(client, school.builder.official(Role.DEPUTY))

    assert response.context["year"] == last
    assert f"Показатели самообследования — {last.name} учебный год" in response.content.decode()


def test_selfexam_xlsx_rows(client, school):
    deputy = school.builder.official(Role.DEPUTY)
    response = _get(client, deputy, XLSX_URL, year=school.year.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows()]
    assert rows[0] == ("№", "Показатель", "Единица измерения", "Значение", "Удельный вес, %")
    by_number = {row[0]: row for row in rows[1:]}
    assert len(by_number) == 22
    assert by_number["1.1"][1:] == ("Общая численность учащихся", "человек", 3, None)
    assert by_number["1.5"][2:] == ("человек/%", 2, 66.7)
    assert by_number["1.7"][2:] == ("балл", 3, None)
    assert by_number["1.14"][3:] == (NO_DATA, None)
    assert by_number["1.19.1"][2:] == ("человек/%", 1, 33.3)
    download = DocumentDownload.objects.get()
    assert (download.user, download.kind, download.object_id) == (
        deputy,
        "selfexam_xlsx",
        str(school.year.pk),
    )


def test_selfexam_xlsx_bad_year_message(client, school):
    response = _get(client, school.builder.official(Role.DEPUTY), XLSX_URL, year="abc")
    assert response.status_code == 200
    assert "Нет такого учебного года" in response.content.decode()
    assert not DocumentDownload.objects.exists()
