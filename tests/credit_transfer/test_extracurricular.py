"""Credit transfer of a course of extracurricular activity taken elsewhere (000 §4.6,
R-JRN-12): the child's plan offers the course, the form lists it under its own label,
and the decision writes a credited «зач.» (зачтено) period result through the ordinary
workflow, with history, kept apart from the school's own marks."""

import re

import pytest
from django.utils import timezone

from achievements.models import MarkKind, MarkOrigin, PeriodMark, PeriodMarkChange
from credit_transfer import services
from credit_transfer.models import Status
from learners.models import GradingScale, ScaleKind, SubjectKind
from tests.credit_transfer.conftest import make_application, submit
from tests.factories import CurriculumLineFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chess(school):
    """«Шахматы», a course of 7А's plan of extracurricular activity, on levels."""
    course = SubjectFactory(
        name="Шахматы",
        kind=SubjectKind.EXTRACURRICULAR,
        grading_scale=GradingScale.objects.get(code="levels"),
    )
    CurriculumLineFactory(
        programme=school.group.programme, subject=course, grade=school.group.grade, hours=34
    )
    school.subjects["Шахматы"] = course
    return course


def test_course_credited_as_passed_for_the_period(school, chess):
    period = school.current_period
    line = {
        "subject": "Шахматы",
        "external_name": "Шахматы",
        "external_scale": ScaleKind.PASS_FAIL,
        "external_result": "зачтено",
        "external_hours": 9,
    }
    application = submit(make_application(school, [line], period=period), school.parent)
    for to in (Status.UNDER_REVIEW, Status.DECIDED):
        application = services.application_transition(
            application=application, to=to, actor=school.deputy
        )

    mark = PeriodMark.objects.get(learner=school.learner)
    assert (mark.subject, mark.kind, mark.period, mark.value, mark.origin) == (
        chess,
        MarkKind.PERIOD,
        period,
        "зач.",
        MarkOrigin.CREDITED,
    )
    assert mark.credit_reference == (
        f"заявление № {application.number}, решение от {timezone.localdate():%d.%m.%Y}"
    )
    assert list(application.lines.values_list("decision", "credited_value")) == [
        ("credited", "зач.")
    ]
    assert list(
        PeriodMarkChange.objects.filter(mark=mark).values_list(
            "old_value", "new_value", "changed_by"
        )
    ) == [("", "зач.", school.deputy.pk)]


def test_course_not_passed_elsewhere_is_not_credited(school, chess):
    line = {
        "subject": "Шахматы",
        "external_scale": ScaleKind.PASS_FAIL,
        "external_result": "не зачтено",
    }
    application = submit(make_application(school, [line]), school.parent)
    for to in (Status.UNDER_REVIEW, Status.DECIDED):
        application = services.application_transition(
            application=application, to=to, actor=school.deputy
        )

    assert list(application.lines.values_list("decision", "credited_value")) == [("refused", "")]
    assert PeriodMark.objects.count() == 0


def test_form_lists_courses_under_their_own_label(client, school, chess):
    client.force_login(school.parent)

    page = client.get("/credit/new/").content.decode()

    select = re.search(r'<select name="lines-0-subject".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [(label, re.findall(r">([^<]+)</option>", body)) for label, body in groups] == [
        (
            "Учебные предметы",
            ["Алгебра", "Иностранный язык (английский)", "Информатика", "Физическая культура"],
        ),
        ("Курсы внеурочной деятельности", ["Шахматы"]),
    ]


def test_form_without_courses_has_no_groups(client, school):
    client.force_login(school.parent)

    page = client.get("/credit/new/").content.decode()

    assert "<optgroup" not in page


def test_course_of_another_class_plan_not_offered(client, school, chess):
    chess.curriculumline_set.update(grade=8)
    client.force_login(school.parent)

    page = client.get("/credit/new/").content.decode()

    assert "Шахматы" not in page
