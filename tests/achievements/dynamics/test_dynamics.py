"""A learner's dynamics (achievements/dynamics): exact series across two academic years
and a move between classes, who may see it, bad spans and a query count flat in
marks."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from achievements.dynamics.computation import learner_dynamics, record_span
from achievements.models import (
    ExternalAssessment,
    ExternalKind,
    ExternalResult,
    MarkKind,
    MarkOrigin,
)
from achievements.models.portfolio import AchievementStatus
from learners.models import Role
from tests.achievements.factories import (
    CONTROL_WORK,
    JournalCellFactory,
    LessonFactory,
    PeriodMarkFactory,
    work_kind,
)
from tests.achievements.portfolio.factories import AchievementFactory
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianshipFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
# The record's end: the last year's end, or today if that is earlier.
RECORD_END = min(date(2027, 5, 31), timezone.localdate())


@dataclass
class Record:
    learner: object
    classmate: object
    maths: object
    physics: object
    new_group: object
    first_period: object
    first_year: object
    second_year: object


def cell(group, subject, day, marks="", attendance="", *, learner, kind=None, period=None):
    lesson = LessonFactory(
        group=group,
        subject=subject,
        date=day,
        number=1,
        **({"work_kind": work_kind(kind)} if kind else {}),
        **({"period": period} if period else {}),
    )
    if learner is not None:
        JournalCellFactory(lesson=lesson, learner=learner, marks=marks, attendance=attendance)
    return lesson


@pytest.fixture
def record():
    """2025/2026: 5А until 30.11.2025, then 5Б; 2026/2027: 6Б. Mathematics and physics,
    quarters as periods (1st quarter 01.09–28.12.2025, 2nd 09.01–31.05.2026)."""
    first = AcademicYearFactory(
        name="2025/2026", starts_on=date(2025, 9, 1), ends_on=date(2026, 5, 31)
    )
    second = AcademicYearFactory(
        name="2026/2027", starts_on=date(2026, 9, 1), ends_on=date(2027, 5, 31)
    )
    p1 = StudyPeriodFactory(
        year=first, number=1, starts_on=date(2025, 9, 1), ends_on=date(2025, 12, 28)
    )
    StudyPeriodFactory(year=first, number=2, starts_on=date(2026, 1, 9), ends_on=date(2026, 5, 31))
    q1 = StudyPeriodFactory(
        year=second, number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 10, 25)
    )
    a5 = StudyGroupFactory(year=first, name="5А")
    b5 = StudyGroupFactory(year=first, name="5Б")
    b6 = StudyGroupFactory(year=second, name="6Б")
    maths, physics = SubjectFactory(name="Математика"), SubjectFactory(name="Физика")
    learner = LearnerFactory(last_name="Антонова")
    classmate = LearnerFactory(last_name="Борисов")
    EnrollmentFactory(
        learner=learner, group=a5, started_on=date(2025, 9, 1), ended_on=date(2025, 11, 30)
    )
    EnrollmentFactory(
        learner=learner, group=b5, started_on=date(2025, 12, 1), ended_on=date(2026, 5, 31)
    )
    EnrollmentFactory(learner=learner, group=b6, started_on=date(2026, 9, 1))
    EnrollmentFactory(learner=classmate, group=b6, started_on=date(2026, 9, 1))
    # 5А: September «5/4» at work on the lesson (weight 1) and «3» at a test (weight 2).
    cell(a5, maths, date(2025, 9, 10), "5/4", learner=learner, period=p1)
    cell(a5, maths, date(2025, 9, 20), "3", learner=learner, kind=CONTROL_WORK, period=p1)
    cell(a5, maths, date(2025, 10, 5), attendance="н", learner=learner, period=p1)
    # 5А after she left and 5Б before she came: not her lessons.
    cell(a5, maths, date(2025, 12, 5), learner=None, period=p1)
    cell(b5, maths, date(2025, 11, 20), learner=None, period=p1)
    # 5Б in December.
    cell(b5, maths, date(2025, 12, 10), "4", learner=learner, period=p1)
    cell(b5, physics, date(2025, 12, 11), attendance="б", learner=learner, period=p1)
    cell(b5, physics, date(2025, 12, 12), "5", "оп", learner=learner, period=p1)
    # 6Б in September 2026.
    cell(b6, maths, date(2026, 9, 15), "5", learner=learner, period=q1)
    cell(b6, physics, date(2026, 9, 16), attendance="уп", learner=learner, period=q1)
    PeriodMarkFactory(learner=learner, subject=maths, period=p1, value="4")
    PeriodMarkFactory(
        learner=learner, subject=maths, year=first, kind=MarkKind.YEAR, period=None, value="4"
    )
    PeriodMarkFactory(
        learner=learner,
        subject=physics,
        period=p1,
        value="5",
        origin=MarkOrigin.CREDITED,
        credit_source="ДШИ № 3",
    )
    AchievementFactory(learner=learner, date=date(2026, 3, 1), title="Олимпиада по физике")
    AchievementFactory(
        learner=learner,
        date=date(2026, 3, 2),
        title="Ещё не подтверждено",
        status=AchievementStatus.PROPOSED,
    )
    return Record(learner, classmate, maths, physics, b6, p1, first, second)


def whole(record, subject_ids=None):
    start, end = record_span(record.learner)
    return learner_dynamics(
        learner=record.learner, start=start, end=end, subject_ids=subject_ids, achievements=True
    )


def by_label(labels, values):
    return {label: value for label, value in zip(labels, values, strict=True) if value is not None}


def test_record_span_never_enrolled_today():
    assert record_span(LearnerFactory()) == (timezone.localdate(), timezone.localdate())


def test_dynamics_months_continuous_across_years_without_summer(record):
    data = whole(record)

    # The record runs to the end of the last year or today, whichever is earlier; its
    # months from the first with a lesson to the last, the summer left out.
    assert (data.start, data.end) == (date(2025, 9, 1), RECORD_END)
    assert data.month_labels[:2] == ["сен 2025", "окт 2025"]
    assert data.month_labels[8:] == ["май 2026", "сен 2026"]


def test_dynamics_month_means_exact_across_move_and_years(record):
    data = whole(record)
    maths, physics = data.subjects

    assert (maths.subject.name, physics.subject.name) == ("Математика", "Физика")
    # (5 + 4 + 3×2) / (1 + 1 + 2) = 3,75: weighted, as the diary's mean.
    assert by_label(data.month_labels, maths.by_month) == {
        "сен 2025": Decimal("3.75"),
        "дек 2025": Decimal("4.00"),
        "сен 2026": Decimal("5.00"),
    }
    assert by_label(data.month_labels, physics.by_month) == {"дек 2025": Decimal("5.00")}
    assert by_label(data.month_labels, data.overall_by_month) == {
        "сен 2025": Decimal("3.75"),
        "дек 2025": Decimal("4.50"),
        "сен 2026": Decimal("5.00"),
    }


def test_dynamics_period_means_exact(record):
    data = whole(record)
    maths, physics = data.subjects

    assert data.period_labels == [
        "1-я четверть 2025/2026",
        "2-я четверть 2025/2026",
        "1-я четверть 2026/2027",
    ]
    assert maths.by_period == [Decimal("3.80"), None, Decimal("5.00")]
    assert physics.by_period == [Decimal("5.00"), None, None]
    assert data.overall_by_period == [Decimal("4.00"), None, Decimal("5.00")]


def test_dynamics_attendance_counts_lessons_while_enrolled(record):
    data = whole(record)

    counted = {
        m.label: (m.lessons, m.absent["н"], m.absent["б"], m.absent["уп"], m.late)
        for m in data.attendance
        if m.lessons or m.absences or m.late
    }
    assert counted == {
        "сен 2025": (2, 0, 0, 0, 0),
        "окт 2025": (1, 1, 0, 0, 0),
        "дек 2025": (3, 0, 1, 0, 1),
        "сен 2026": (2, 0, 0, 1, 0),
    }


def test_dynamics_attestation_marks_by_year_credited_kept(record):
    data = whole(record)

    ((year, periods, lines),) = data.years
    assert year == record.first_year
    assert [p.number for p in periods] == [1, 2]
    maths, physics = lines
    assert [m.value if m else None for m in maths.periods] == ["4", None]
    assert (maths.year.value, maths.final) == ("4", None)
    assert physics.periods[0].is_credited and physics.periods[0].value == "5"


def test_dynamics_achievements_confirmed_only(record):
    data = whole(record)

    assert [(a.date, a.title) for a in data.achievements] == [
        (date(2026, 3, 1), "Олимпиада по физике")
    ]


def test_dynamics_span_narrows_everything(record):
    data = learner_dynamics(
        learner=record.learner,
        start=date(2025, 12, 1),
        end=date(2025, 12, 31),
        subject_ids=None,
        achievements=True,
    )

    assert data.month_labels == ["дек 2025"]
    assert data.overall_by_month == [Decimal("4.50")]
    assert data.achievements == []


def url(learner, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("learner_dynamics", args=[learner.pk]) + (f"?{query}" if query else "")


def test_page_parent_sees_own_learner(client, record):
    parent = GuardianshipFactory(learner=record.learner).guardian.user
    client.force_login(parent)

    response = client.get(url(record.learner))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Математика" in text and "Физика" in text
    assert "3,75" in text and "4,50" in text
    assert "Олимпиада по физике" in text
    assert "зачтено" in text


def test_page_parent_of_other_learner_not_found(client, record):
    parent = GuardianshipFactory(learner=record.classmate).guardian.user
    client.force_login(parent)

    assert client.get(url(record.learner)).status_code == 404


def test_page_learner_own_only(client, record):
    record.learner.user = UserFactory(roles=[Role.LEARNER])
    record.learner.save()
    client.force_login(record.learner.user)

    assert client.get(url(record.learner)).status_code == 200
    assert client.get(url(record.classmate)).status_code == 404


def test_page_subject_teacher_sees_only_their_subject(client, record):
    teacher = TeachingAssignmentFactory(group=record.new_group, subject=record.physics).teacher
    client.force_login(teacher.user)

    response = client.get(url(record.learner))

    assert response.status_code == 200
    data = response.context["dynamics"]
    assert [s.subject.name for s in data.subjects] == ["Физика"]
    assert "Математика" not in response.content.decode()
    # Only physics lessons count in attendance: December's two, September's one.
    lessons = {m.label: m.lessons for m in data.attendance if m.lessons}
    assert lessons == {"дек 2025": 2, "сен 2026": 1}


@pytest.mark.parametrize("role", [Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR])
def test_page_staff_with_all_subjects(client, record, role):
    user = UserFactory(roles=[role])
    if role == Role.CLASS_TEACHER:
        record.new_group.class_teacher = StaffFactory(user=user)
        record.new_group.save()
    client.force_login(user)

    response = client.get(url(record.learner))

    assert response.status_code == 200
    assert len(response.context["dynamics"].subjects) == 2


@pytest.mark.parametrize("role", [Role.CLERK, Role.ADMINISTRATOR, Role.CUSTOMER])
def test_page_roles_without_results_not_found(client, record, role):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(url(record.learner)).status_code == 404


def test_page_teacher_of_other_class_not_found(client, record):
    other = StudyGroupFactory(year=record.second_year, name="6В")
    teacher = TeachingAssignmentFactory(group=other, subject=record.maths).teacher
    client.force_login(teacher.user)

    assert client.get(url(record.learner)).status_code == 404


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"from": "2025-13-40"}, "Дата «с» указана неверно"),
        ({"to": "вчера"}, "Дата «по» указана неверно"),
        ({"from": "2026-05-01", "to": "2025-09-01"}, "Дата «с» позже даты «по»"),
    ],
)
def test_page_bad_span_shows_error_and_whole_record(client, record, params, error):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = client.get(url(record.learner, **params))

    assert response.status_code == 200
    assert error in response.content.decode()
    data = response.context["dynamics"]
    assert (data.start, data.end) == (date(2025, 9, 1), RECORD_END)


def test_page_span_from_query(client, record):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = client.get(url(record.learner, **{"from": "2025-12-01", "to": "2025-12-31"}))

    data = response.context["dynamics"]
    assert (data.start, data.end, data.month_labels) == (
        date(2025, 12, 1),
        date(2025, 12, 31),
        ["дек 2025"],
    )


def test_page_many_subjects_get_small_charts(client, record):
    for n in range(4):
        subject = SubjectFactory(name=f"Предмет {n}")
        cell(record.new_group, subject, date(2026, 9, 20 + n), "4", learner=record.learner)
    client.force_login(UserFactory(roles=[Role.DEPUTY]))

    response = client.get(url(record.learner))

    charts = response.context["charts"]
    assert not charts["together"]
    assert len(charts["small"]) == 6
    assert response.content.decode().count("<svg") == 6 + 4


def page_queries(client, learner):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(learner))
    assert response.status_code == 200
    return len(captured)


def test_page_queries_constant_in_marks_years_subjects(client, record):
    client.force_login(UserFactory(roles=[Role.DEPUTY]))
    page_queries(client, record.learner)
    few = page_queries(client, record.learner)

    # A third year, three more subjects, forty more marked lessons and a period mark.
    third = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31)
    )
    period = StudyPeriodFactory(
        year=third, number=1, starts_on=date(2027, 9, 1), ends_on=date(2027, 12, 28)
    )
    group = StudyGroupFactory(year=third, name="7Б")
    EnrollmentFactory(learner=record.learner, group=group, started_on=date(2027, 9, 1))
    subjects = [SubjectFactory(name=f"Предмет {n}") for n in range(3)]
    for n in range(40):
        cell(
            group,
            subjects[n % 3],
            date(2027, 9, 1) + timedelta(days=n),
            "5/3",
            learner=record.learner,
            period=period,
        )
    PeriodMarkFactory(learner=record.learner, subject=subjects[0], period=period, value="4")
    AchievementFactory(learner=record.learner, date=date(2027, 10, 1))
    many = page_queries(client, record.learner)

    assert many == few > 0


def _vpr(record, title, held_on, score):
    assessment = ExternalAssessment.objects.create(
        kind=ExternalKind.VPR, title=title, subject=record.maths, grade=6, year=record.second_year,
        held_on=held_on, max_score=20, created_by=UserFactory(),
    )  # fmt: skip
    ExternalResult.objects.create(
        assessment=assessment, learner=record.learner, score=score, mark="",
        entered_by=assessment.created_by,
    )  # fmt: skip


def test_page_external_results_of_the_span_apart_from_marks(client, record):
    _vpr(record, "ВПР осенью", date(2026, 10, 1), 17)
    _vpr(record, "ВПР позже", date(2027, 4, 1), 11)
    parent = GuardianshipFactory(learner=record.learner).guardian.user
    client.force_login(parent)

    text = client.get(url(record.learner, **{"from": "2026-09-01", "to": "2026-12-31"})).content
    text = text.decode()

    section = text[text.index("Внешняя оценка") :]
    assert "ВПР: ВПР осенью" in section and "17 из 20" in section
    assert "ВПР позже" not in text
