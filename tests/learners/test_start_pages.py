"""The start pages that show the work (issue 14 item 4): the overview of the deputy,
the director and the clerk, the class teacher's «Мой класс», the teacher's «Мои классы»,
each with the panels the other apps register (common/panels.py).

The school is built around today (the pages read timezone.localdate()): the first
quarter ended forty days ago, the second is under way and past its half."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from achievements.models import AchievementStatus, MarkKind
from archive.models import Snapshot, SnapshotStatus, Verification
from credit_transfer.models import Outcome, Status
from learners.models import Role
from tests.achievements.factories import (
    JournalCellFactory,
    LessonFactory,
    PeriodClosureFactory,
    PeriodMarkFactory,
)
from tests.achievements.portfolio.factories import AchievementFactory
from tests.credit_transfer.factories import ApplicationFactory, ApplicationLineFactory
from tests.factories import (
    AcademicYearFactory,
    EnrollmentFactory,
    GuardianFactory,
    LearnerFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)
from tests.rewards.factories import RewardFactory

pytestmark = pytest.mark.django_db


@dataclass
class School:
    today: object
    year: object
    p1: object
    p2: object
    programme: object
    maths: object
    russian: object
    a: object  # 5А
    b: object  # 5Б
    class_teacher: object  # of 5А
    other_class_teacher: object  # of 5Б
    maths_teacher: object  # 5А and 5Б
    russian_teacher: object  # 5А
    deputy: object
    director: object
    clerk: object
    parent: object
    alekseeva: object
    borisov: object
    vasilieva: object


def _staff(*roles, last_name):
    return StaffFactory(user=UserFactory(roles=list(roles)), last_name=last_name)


def _enrol(group, last_name):
    learner = LearnerFactory(last_name=last_name)
    EnrollmentFactory(learner=learner, group=group, started_on=group.year.starts_on)
    return learner


def _period_mark(school, learner, subject, value, period=None):
    return PeriodMarkFactory(
        learner=learner,
        subject=subject,
        period=period or school.p1,
        year=school.year,
        kind=MarkKind.PERIOD,
        value=value,
        proposed=value,
    )


@pytest.fixture
def school(db) -> School:
    today = timezone.localdate()
    year = AcademicYearFactory(
        name="Текущий", starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=150)
    )
    p1 = StudyPeriodFactory(
        year=year,
        number=1,
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=40),
    )
    p2 = StudyPeriodFactory(
        year=year,
        number=2,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=20),
    )
    programme = ProgrammeFactory()
    maths = SubjectFactory(name="Математика")
    russian = SubjectFactory(name="Русский язык")
    class_teacher = _staff(Role.CLASS_TEACHER, last_name="Классова")
    other_class_teacher = _staff(Role.CLASS_TEACHER, last_name="Другова")
    maths_teacher = _staff(Role.TEACHER, last_name="Математикова")
    russian_teacher = _staff(Role.TEACHER, last_name="Русакова")
    a = StudyGroupFactory(year=year, programme=programme, name="5А", class_teacher=class_teacher)
    b = StudyGroupFactory(
        year=year, programme=programme, name="5Б", class_teacher=other_class_teacher
    )
    TeachingAssignmentFactory(teacher=maths_teacher, subject=maths, group=a)
    TeachingAssignmentFactory(teacher=maths_teacher, subject=maths, group=b)
    TeachingAssignmentFactory(teacher=russian_teacher, subject=russian, group=a)
    s = School(
        today=today, year=year, p1=p1, p2=p2, programme=programme, maths=maths,
        russian=russian, a=a, b=b, class_teacher=class_teacher,
        other_class_teacher=other_class_teacher, maths_teacher=maths_teacher,
        russian_teacher=russian_teacher,
        deputy=UserFactory(roles=[Role.DEPUTY]), director=UserFactory(roles=[Role.DIRECTOR]),
        clerk=UserFactory(roles=[Role.CLERK]), parent=GuardianFactory().user,
        alekseeva=_enrol(a, "Алексеева"), borisov=_enrol(a, "Борисов"),
        vasilieva=_enrol(b, "Васильева"),
    )  # fmt: skip
    # The first quarter's marks: Алексеева 5 and 5, Борисов 5 and 2, Васильева 4 in
    # Russian (her maths mark is still missing).
    _period_mark(s, s.alekseeva, maths, "5")
    _period_mark(s, s.alekseeva, russian, "5")
    _period_mark(s, s.borisov, maths, "5")
    _period_mark(s, s.borisov, russian, "2")
    _period_mark(s, s.vasilieva, russian, "4")
    # The second quarter's journals: 5А maths has a lesson without a topic and no marks;
    # 5А Russian a lesson where only Алексеева has her three marks; 5Б maths is kept.
    day = today - timedelta(days=10)
    LessonFactory(group=a, subject=maths, date=day, period=p2, topic="")
    russian_lesson = LessonFactory(group=a, subject=russian, date=day, period=p2, topic="Имя")
    JournalCellFactory(lesson=russian_lesson, learner=s.alekseeva, marks="5/4/5")
    maths_b = LessonFactory(group=b, subject=maths, date=day, period=p2, topic="Дроби")
    JournalCellFactory(lesson=maths_b, learner=s.vasilieva, marks="5/5/4")
    return s


def _application(school, learner, group, status, **fields):
    enrollment = learner.enrollments.get(group=group)
    return ApplicationFactory(
        group_enrollment=enrollment,
        applicant=school.parent,
        status=status,
        submitted_at=timezone.now() - timedelta(days=20),
        **fields,
    )


def _panel(content: str, title_id: str) -> str:
    """The HTML of one panel, found by its heading's id."""
    match = re.search(
        rf'<section[^>]*aria-labelledby="{title_id}"[^>]*>(.*?)</section>', content, re.S
    )
    assert match, f"no panel {title_id}"
    return match.group(1)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the overview ---------------------------------------------------------------------


def test_overview_statistics_shows_progress_quality_and_trend(client, school):
    content = _page(client, school.deputy, "/overview/")

    panel = _text(_panel(content, "panel-statistics-title"))

    # Attested: Алексеева (5, 5), Борисов (5, 2), Васильева (4): two of three pass,
    # both of them with «4» and «5» only; the mean of 5, 5, 5, 2, 4 is 4,20.
    assert "Последний завершённый период — 1-я четверть." in panel
    assert "66,7 % успеваемость" in panel
    assert "66,7 % качество" in panel
    assert "4,20 средний балл" in panel
    assert "1 неуспевающих из 3 аттестованных" in panel
    # The table beneath the chart: the periods over; the quarter under way, which has
    # no period marks yet, is not shown.
    assert "1-я четверть 66,7 66,7 4,20 1" in panel
    assert "2-я четверть" not in panel
    assert "<svg" in _panel(content, "panel-statistics-title")


def test_overview_applications_overdue_first_with_deadlines(client, school):
    overdue_days = timedelta(days=10)
    for number in ("2026/0001", "2026/0002"):
        _application(
            school, school.alekseeva, school.a, Status.WITH_COUNCIL, number=number,
            notify_by=school.today - overdue_days,
        )  # fmt: skip
    _application(school, school.borisov, school.a, Status.UNDER_REVIEW, number="2026/0003")
    _application(
        school, school.vasilieva, school.b, Status.DECIDED, number="2026/0004",
        outcome=Outcome.APPROVED, decision_taken_on=school.today - timedelta(days=1),
        decision_notified_at=timezone.now(),
    )  # fmt: skip

    deputy = _text(_panel(_page(client, school.deputy, "/overview/"), "panel-applications-title"))
    director = _text(
        _panel(_page(client, school.director, "/overview/"), "panel-applications-title")
    )

    assert "3 заявления в работе, из них 2 просрочено" in deputy
    # Overdue first, each with its working days; then the open one by its age.
    assert deputy.index("№ 2026/0001") < deputy.index("№ 2026/0002") < deputy.index("2026/0003")
    assert deputy.count("просрочено на") == 2
    assert "в работе" in deputy.split("2026/0003")[1]
    assert "Ждут приказа" not in deputy
    assert "Ждут приказа: 1 заявление." in director


def test_overview_nominations_waiting_for_order(client, school):
    RewardFactory(learner=school.alekseeva, year=school.year)

    panel = _text(_panel(_page(client, school.director, "/overview/"), "panel-nominations-title"))

    assert "1 представление ждёт приказа." in panel
    assert school.alekseeva.short_name in panel


def test_overview_names_the_period_to_close(client, school):
    panel = _text(_panel(_page(client, school.deputy, "/overview/"), "panel-periods-title"))

    assert f"1-я четверть ({school.p1.dates}): период окончен, не закрыт" in panel
    assert "2-я четверть" not in panel
    assert "Закрыть периоды" in panel


def test_overview_period_closed_for_some_classes_counts_them(client, school):
    PeriodClosureFactory(period=school.p1, group=school.b)

    panel = _text(_panel(_page(client, school.director, "/overview/"), "panel-periods-title"))

    assert "закрыт для 1 из 2 классов" in panel
    # Only the deputy closes periods.
    assert "Закрыть периоды" not in panel


def test_overview_period_closed_for_whole_organisation_waits_no_more(client, school):
    PeriodClosureFactory(period=school.p1, group=None)

    panel = _text(_panel(_page(client, school.deputy, "/overview/"), "panel-periods-title"))

    assert panel.endswith("Ничего не ждёт.")


def test_overview_names_the_journals_behind(client, school):
    panel = _panel(_page(client, school.deputy, "/overview/"), "panel-journals-title")
    rows = re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]

    assert "2 журнала" in _text(panel)
    # 5А maths: a lesson without a topic and both learners short of three marks; 5А
    # Russian: Борисов short. 5Б maths is kept.
    assert [_text(row) for row in rows] == [
        "5А Математика Математикова А.С. 1 2 из 2",
        "5А Русский язык Русакова А.С. 0 1 из 2",
    ]


def test_overview_archive_failed_verification(client, school):
    Snapshot.objects.create(
        title="1-я четверть", period_ends_on=school.p1.ends_on, status=SnapshotStatus.COMPLETE,
        number=1, manifest_sha256="a" * 64,
    )  # fmt: skip
    Verification.objects.create(ok=False, started_by=school.deputy)

    panel = _text(_panel(_page(client, school.deputy, "/overview/"), "archive-warnings-title"))
    clerk = _text(_panel(_page(client, school.clerk, "/overview/"), "archive-warnings-title"))

    assert "нашла нарушения" in panel
    # The clerk keeps the archive; its warnings are for those answerable for it.
    assert "нашла нарушения" not in clerk
    assert clerk.startswith("Архив Ничего не ждёт.")


def test_overview_clerk_sees_only_their_own_work(client, school):
    _application(school, school.borisov, school.a, Status.WITH_COUNCIL, number="2026/0009",
                 notify_by=school.today - timedelta(days=3))  # fmt: skip
    ApplicationFactory(
        group_enrollment=school.alekseeva.enrollments.get(),
        applicant=school.parent,
        created_by=school.clerk,
        is_paper=True,
    )
    RewardFactory(learner=school.alekseeva, year=school.year)

    content = _page(client, school.clerk, "/overview/")
    panel = _text(_panel(content, "panel-applications-title"))

    assert "Бумажные заявления к регистрации" in panel
    assert school.alekseeva.short_name in panel
    assert "2026/0009" not in panel
    for foreign in ("panel-statistics-title", "panel-nominations-title", "panel-periods-title",
                    "panel-journals-title"):  # fmt: skip
        assert foreign not in content


# --- my class -------------------------------------------------------------------------


def test_my_class_shows_own_class_figures_and_attention(client, school):
    content = _page(client, school.class_teacher.user, "/my-class/")
    panel = _text(_panel(content, "panel-class-figures-title"))

    assert "Итоги класса — 1-я четверть Текущий" in panel
    # 5А: Алексеева passes with «5» only, Борисов has a «2» in Russian.
    assert "50,0 % успеваемость" in panel
    assert "50,0 % качество" in panel
    assert "4,25 средний балл" in panel
    assert "1 неуспевающий из 2" in panel
    assert f"{school.borisov.full_name} : Русский язык" in panel
    assert school.vasilieva.full_name not in content
    # Both lack three marks in the quarter under way (attention.py's reasons).
    assert "Нужно внимание: 2 обучающимся" in panel


def test_my_class_proposals_scoped_to_own_class(client, school):
    own = AchievementFactory(
        learner=school.alekseeva, status=AchievementStatus.PROPOSED, title="Кенгуру"
    )
    AchievementFactory(learner=school.vasilieva, status=AchievementStatus.PROPOSED, title="Чужое")
    AchievementFactory(learner=school.borisov, status=AchievementStatus.CONFIRMED, title="Готово")

    panel = _panel(_page(client, school.class_teacher.user, "/my-class/"), "panel-proposals-title")

    assert "1 достижение ждёт вашего подтверждения" in _text(panel)
    assert f'href="/portfolio/achievements/{own.pk}/">Кенгуру</a>' in panel
    assert "Чужое" not in panel
    assert "Готово" not in panel


def test_my_class_without_proposals_is_calm(client, school):
    panel = _text(_panel(_page(client, school.other_class_teacher.user, "/my-class/"),
                         "panel-proposals-title"))  # fmt: skip

    assert panel == "Достижения на подтверждение Ничего не ждёт."


# --- my classes -----------------------------------------------------------------------


def test_my_classes_lists_own_journals_with_what_is_missing(client, school):
    panel = _panel(
        _page(client, school.maths_teacher.user, "/teaching/"), "panel-teacher-journals-title"
    )
    rows = [_text(row) for row in re.findall(r"<tr>(.*?)</tr>", panel, re.S)[1:]]

    # Class, subject, lessons, without a topic, short of marks, first-quarter marks not set.
    assert rows == ["5А Математика 1 1 2 из 2 0", "5Б Математика 1 0 0 1"]
    assert "Русский язык" not in panel


def test_my_classes_credit_lines_waiting_for_the_teacher(client, school):
    application = _application(school, school.alekseeva, school.a, Status.WITH_TEACHER,
                               number="2026/0005")  # fmt: skip
    line = ApplicationLineFactory(
        application=application, subject=school.maths, external_name="Олимпиадная математика"
    )

    maths = _page(client, school.maths_teacher.user, "/teaching/")
    russian = _page(client, school.russian_teacher.user, "/teaching/")

    assert f"/credit/lines/{line.pk}/convert/" in _panel(maths, "panel-credit-lines-title")
    assert "panel-credit-lines-title" not in russian


# --- query counts ---------------------------------------------------------------------


def _grow(school, n):
    """``n`` more classes, and ``n`` more learners in 5А, with marks, journals,
    applications, nominations and proposals: every panel has more rows."""
    for i in range(n):
        group = StudyGroupFactory(year=school.year, programme=school.programme)
        TeachingAssignmentFactory(teacher=school.maths_teacher, subject=school.maths, group=group)
        lesson = LessonFactory(group=group, subject=school.maths, period=school.p2,
                               date=school.today - timedelta(days=5), topic="")  # fmt: skip
        for target in (group, school.a):
            learner = _enrol(target, f"Новикова{target.name}-{i}")
            _period_mark(school, learner, school.maths, "4" if i % 2 else "2")
            JournalCellFactory(lesson=lesson, learner=learner, marks="5")
            AchievementFactory(learner=learner, status=AchievementStatus.PROPOSED)
            RewardFactory(learner=learner, year=school.year)
            application = _application(school, learner, target, Status.WITH_TEACHER,
                                       number=f"2027/{learner.pk}",
                                       notify_by=school.today - timedelta(days=2))  # fmt: skip
            ApplicationLineFactory(application=application, subject=school.maths)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("deputy", "/overview/"),
        ("director", "/overview/"),
        ("clerk", "/overview/"),
        ("class_teacher", "/my-class/"),
        ("maths_teacher", "/teaching/"),
    ],
)
def test_start_page_query_count_constant_in_rows(client, school, who, url):
    user = getattr(school, who)
    client.force_login(getattr(user, "user", user))
    _grow(school, 1)
    client.get(url)  # warm the per-process caches (content types, the session)
    small = _queries(client, url)
    _grow(school, 4)

    assert _queries(client, url) == small
