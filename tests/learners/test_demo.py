"""The demo school (learners.demo): what a newcomer sees on first start must be a
consistent school, the same on every run, and never mixed into real data."""

import re
from datetime import date, datetime
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q
from django.test import RequestFactory, override_settings
from django.utils import timezone

from achievements.attestation import DEFAULT_RULE, propose_year
from achievements.models import MarkKind, PeriodClosure, PeriodMark, PeriodMarkChange
from credit_transfer import demo as credit_demo
from credit_transfer.models import Application, Status
from learners import selectors
from learners.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoRefused, generate
from learners.models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    ProgrammeLevel,
    Role,
    Staff,
    StudyGroup,
    Subject,
    TeachingAssignment,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
YEAR_STARTS = date(2026, 9, 1)
GENERAL_LEVELS = ProgrammeLevel.general()
CLASS_NAMES = [f"{grade}{letter}" for grade in range(1, 12) for letter in "АБ"]
CLUB = "Робототехника-1"
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SUBJECT_NAMES = [
    "Алгебра",
    "Биология",
    "География",
    "Геометрия",
    "Иностранный язык (английский)",
    "Информатика",
    "История",
    "Литература",
    "Математика",
    "Обществознание",
    "Окружающий мир",
    "Русский язык",
    "Физика",
    "Физическая культура",
    "Химия",
]
# One learner of the last class of grades 3, 6 and 8 moved to the parallel class on
# 01.10 (the generator keeps both enrollments); every other roster keeps its 14.
ACTIVE_ROSTER = {name: 14 for name in CLASS_NAMES} | {
    "3А": 15,
    "3Б": 13,
    "6А": 15,
    "6Б": 13,
    "8А": 15,
    "8Б": 13,
}


def _counts():
    models = [
        Organisation,
        AcademicYear,
        Subject,
        CurriculumLine,
        StudyGroup,
        Staff,
        TeachingAssignment,
        Learner,
        Guardian,
        Guardianship,
        Enrollment,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


def _learner_names():
    return [
        learner.full_name
        for learner in Learner.objects.order_by("pk").only("last_name", "first_name", "patronymic")
    ]


def _generate_and_roll_back(**kwargs):
    """Generate in a savepoint, read the learners' names, leave the database empty."""
    with transaction.atomic():
        generate(**kwargs)
        names = _learner_names()
        transaction.set_rollback(True)
    return names


def _active_general_group(learner):
    return Enrollment.objects.get(
        learner=learner, ended_on__isnull=True, programme__level__in=GENERAL_LEVELS
    ).group.name


@pytest.fixture(scope="class")
def school(django_db_setup, django_db_blocker):
    """One demo school for all the tests of a class: generated once in an outer
    transaction, rolled back after the class; each test runs in a savepoint inside."""
    # The tests' fast hasher (tests/conftest.py) is function-scoped: use it here too, so
    # that the demo password hashed now is checked with the same hasher later.
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        summary = generate(scale="demo", today=TODAY)
        yield summary
        transaction.set_rollback(True)


@pytest.mark.usefixtures("school")
class TestDemoSchool:
    def test_generate_demo_scale_returns_summary(self, school):
        assert school == {
            "organisation": "МАОУ СОШ № 17",
            "learners": 308,
            "groups": 22,
            "subjects": 15,
            "staff": 31,
            "guardians": 442,
            "users": 475,
        }
        assert (
            Staff.objects.count(),
            Guardian.objects.count(),
            get_user_model().objects.count(),
        ) == (31, 442, 475)

    def test_academic_year_demo_date_is_2026_2027_in_quarters(self):
        year = AcademicYear.objects.get()

        assert (year.name, year.starts_on, year.ends_on) == (
            "2026/2027",
            YEAR_STARTS,
            date(2027, 5, 31),
        )
        assert list(year.periods.order_by("number").values_list("starts_on", "ends_on")) == [
            (date(2026, 9, 1), date(2026, 10, 24)),
            (date(2026, 11, 5), date(2026, 12, 28)),
            (date(2027, 1, 12), date(2027, 3, 21)),
            (date(2027, 3, 31), date(2027, 5, 31)),
        ]

    def test_groups_demo_scale_named_1a_to_11b_plus_club(self):
        assert list(StudyGroup.objects.order_by("pk").values_list("name", flat=True)) == [
            *CLASS_NAMES,
            CLUB,
        ]

    def test_groups_demo_scale_classes_in_general_programme_of_their_grade(self):
        classes = StudyGroup.objects.exclude(name=CLUB).select_related("programme")

        assert {(g.name, g.grade, g.programme.level) for g in classes} == {
            (name, int(name[:-1]), level)
            for name in CLASS_NAMES
            for level in [
                ProgrammeLevel.PRIMARY
                if int(name[:-1]) <= 4
                else ProgrammeLevel.BASIC
                if int(name[:-1]) <= 9
                else ProgrammeLevel.SECONDARY
            ]
        }

    def test_learners_demo_scale_308_with_14_enrolled_per_class(self):
        enrolled_on_first_day = (
            StudyGroup.objects.exclude(name=CLUB)
            .annotate(n=Count("enrollments", filter=Q(enrollments__started_on=YEAR_STARTS)))
            .values_list("name", "n")
        )

        assert Learner.objects.count() == 308
        assert dict(enrolled_on_first_day) == {name: 14 for name in CLASS_NAMES}

    def test_rosters_demo_scale_reflect_three_transfers_within_grade(self):
        active = (
            StudyGroup.objects.exclude(name=CLUB)
            .annotate(n=Count("enrollments", filter=Q(enrollments__ended_on__isnull=True)))
            .values_list("name", "n")
        )
        transfers = Enrollment.objects.filter(ended_on__isnull=False).order_by("group__grade")

        assert dict(active) == ACTIVE_ROSTER
        assert [(e.group.name, e.ended_on, e.end_reason) for e in transfers] == [
            (name, date(2026, 9, 30), "Перевод в параллельный класс по заявлению родителей")
            for name in ["3Б", "6Б", "8Б"]
        ]

    def test_enrollments_demo_scale_opened_and_closed_by_deputy(self):
        opened = set(Enrollment.objects.values_list("opened_by__username", flat=True))
        closed = Enrollment.objects.filter(ended_on__isnull=False).values_list(
            "closed_by__username", "closed_at"
        )

        assert opened == {"zavuch"}
        transfer_morning = timezone.make_aware(datetime(2026, 10, 1, 9))
        assert list(closed) == [("zavuch", transfer_morning)] * 3
        assert (
            Enrollment.objects.filter(ended_on__isnull=True, closed_by__isnull=False).count() == 0
        )

    def test_groups_demo_scale_every_group_has_class_teacher(self):
        assert list(StudyGroup.objects.filter(class_teacher__isnull=True)) == []

    def test_class_teachers_demo_scale_one_class_each_in_class_teacher_role(self):
        teachers = StudyGroup.objects.values_list("class_teacher", flat=True)
        label = Role.CLASS_TEACHER.label

        assert len(set(teachers.exclude(name=CLUB))) == 22
        assert list(Staff.objects.filter(pk__in=teachers).exclude(user__groups__name=label)) == []

    def test_curriculum_demo_scale_every_subject_has_teacher(self):
        assert selectors.uncovered_curriculum(year=AcademicYear.objects.get()) == []

    def test_teachers_demo_scale_all_in_teacher_role(self):
        teachers = TeachingAssignment.objects.values_list("teacher", flat=True)

        assert (
            list(Staff.objects.filter(pk__in=teachers).exclude(user__groups__name="Учитель")) == []
        )

    def test_learners_demo_scale_every_learner_has_guardian(self):
        assert list(Learner.objects.filter(guardianships__isnull=True)) == []

    def test_guardians_demo_scale_every_guardian_has_parent_account(self):
        parents = Group.objects.get(name="Родитель (законный представитель)")

        assert Guardian.objects.count() == parents.user_set.count()
        assert list(Guardian.objects.exclude(user__groups=parents)) == []

    def test_learners_demo_scale_exactly_one_active_general_enrollment(self):
        per_learner = Learner.objects.annotate(
            active=Count(
                "enrollments",
                filter=Q(
                    enrollments__ended_on__isnull=True,
                    enrollments__programme__level__in=GENERAL_LEVELS,
                ),
            )
        ).values_list("active", flat=True)

        assert sorted(set(per_learner)) == [1]

    def test_club_demo_scale_twelve_contracted_learners_of_the_customer(self):
        club = StudyGroup.objects.select_related("programme").get(name=CLUB)
        enrollments = Enrollment.objects.filter(group=club)

        assert club.programme.level == ProgrammeLevel.ADDITIONAL_DEVELOPING
        assert enrollments.count() == 12
        assert sorted(set(enrollments.values_list("customer__name", flat=True))) == [
            "АО «Технопарк Северный»"
        ]

    def test_subjects_demo_scale_exactly_fifteen(self):
        assert list(Subject.objects.order_by("name").values_list("name", flat=True)) == (
            SUBJECT_NAMES
        )

    @pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
    def test_demo_login_in_role_authenticates_with_demo_password(self, login):
        request = RequestFactory().post("/login/")
        user = get_user_model().objects.get(username=login.username)

        assert login.role.label in set(user.groups.values_list("name", flat=True))
        assert authenticate(request, username=login.username, password=DEMO_PASSWORD) == user

    def test_demo_login_wrong_password_not_authenticated(self):
        request = RequestFactory().post("/login/")

        assert authenticate(request, username="zavuch", password="uchet-demo-2") is None

    def test_roditel_demo_scale_two_children_in_7a_and_3b(self):
        children = Learner.objects.filter(guardianships__guardian__user__username="roditel")

        assert sorted((c.full_name, _active_general_group(c)) for c in children) == [
            ("Соколов Михаил Андреевич", "7А"),
            ("Соколова Алиса Андреевна", "3Б"),
        ]

    def test_uchenik_demo_scale_is_roditel_child_in_7a(self):
        learner = Learner.objects.get(user__username="uchenik")
        guardians = learner.guardianships.values_list("guardian__user__username", "kinship")

        assert (learner.full_name, _active_general_group(learner)) == (
            "Соколов Михаил Андреевич",
            "7А",
        )
        assert ("roditel", "mother") in set(guardians)

    def test_uchitel_and_klassruk_demo_scale_teach_7a(self):
        taught = TeachingAssignment.objects.filter(
            group__name="7А", teacher__user__username__in=["uchitel", "klassruk"]
        ).values_list("teacher__user__username", "subject__name")

        assert sorted(taught) == [
            ("klassruk", "Литература"),
            ("klassruk", "Русский язык"),
            ("uchitel", "Алгебра"),
            ("uchitel", "Геометрия"),
        ]

    def test_klassruk_demo_scale_is_class_teacher_of_7a(self):
        group = StudyGroup.objects.select_related("class_teacher__user").get(name="7А")

        assert group.class_teacher.user.username == "klassruk"

    def test_generate_filled_db_refused_and_changes_nothing(self):
        before = _counts()

        with pytest.raises(DemoRefused) as refused:
            generate(scale="demo", today=TODAY)

        assert str(refused.value).startswith("В базе уже есть данные организации.")
        assert _counts() == before

    def test_demo_school_command_if_empty_filled_db_reports_existing_data(self):
        before = _counts()
        out = StringIO()

        call_command("demo_school", "--if-empty", stdout=out)

        assert out.getvalue().splitlines()[0] == (
            "Данные уже есть — демонстрационная школа не создавалась."
        )
        assert _counts() == before

    def test_demo_school_command_filled_db_raises_command_error(self):
        before = _counts()

        with pytest.raises(CommandError) as refused:
            call_command("demo_school", stdout=StringIO())

        assert str(refused.value) == (
            "В базе уже есть данные организации. Демонстрационная школа создаётся только "
            "в пустой базе, чтобы не смешать вымышленные записи с настоящими."
        )
        assert _counts() == before


def test_demo_school_command_empty_db_creates_demo_school():
    out = StringIO()

    call_command("demo_school", stdout=out)

    # The summary goes on with what the other apps' generators add (the journal, ...);
    # the school's part and the timing are the same whatever they are.
    lines = out.getvalue().splitlines()
    assert lines[0].startswith(
        "Создана МАОУ СОШ № 17: 308 обучающихся, 22 класса, 15 предметов, "
        "2 курса внеурочной деятельности, 31 сотрудник, 442 родителя"
    )
    assert re.search(r" за \d+\.\d с\.$", lines[0])
    assert lines[1:3] == ["", "Демонстрационные входы (пароль для всех: uchet-demo):"]
    # The role logins, then the teacher the demo credit-transfer application waits for.
    teacher = credit_demo.waiting_teacher()
    assert [line.split()[0] for line in lines[3:]] == [
        *[login.username for login in DEMO_LOGINS],
        teacher[0],
    ]
    assert lines[-1] == f"  {teacher[0]:<11} {teacher[1]}"
    assert teacher[1] == (
        "учитель (иностранный язык (английский), 7А): ждёт его решения заявление о зачёте "
        f"№ {Application.objects.get(status=Status.WITH_TEACHER).number}"
    )
    assert (
        Learner.objects.count(),
        StudyGroup.objects.count(),
        Subject.objects.count(),
        Staff.objects.count(),
        Guardian.objects.count(),
    ) == (308, 43, 18, 31, 442)  # 15 subjects, 2 extracurricular courses, the club's course
    # Last year: 20 classes (1А … 10Б) of the learners now in grades 2–11, each
    # learner's last year closed with the move to the next grade.
    past = AcademicYear.objects.order_by("starts_on").first()
    assert past.name == f"{past.starts_on.year}/{past.starts_on.year + 1}"
    assert StudyGroup.objects.filter(year=past).count() == 20
    son = Learner.objects.get(user__username="uchenik")
    assert list(
        Enrollment.objects.filter(learner=son)
        .order_by("started_on")
        .values_list("group__name", "ended_on", "end_reason")
    ) == [("6А", past.ends_on, "Переведён в следующий класс"), ("7А", None, "")]


def test_demo_school_command_past_year_marks_every_quarter_and_year_closed():
    call_command("demo_school", stdout=StringIO())

    past = AcademicYear.objects.order_by("starts_on").first()
    son = Learner.objects.get(user__username="uchenik")
    marks = PeriodMark.objects.filter(learner=son, year=past)
    subjects = CurriculumLine.objects.filter(grade=6).count()
    assert marks.filter(kind=MarkKind.PERIOD).count() == 4 * subjects
    assert marks.filter(kind=MarkKind.YEAR).count() == subjects
    for mark in marks.filter(kind=MarkKind.YEAR):
        quarters = marks.filter(kind=MarkKind.PERIOD, subject=mark.subject).values_list(
            "value", flat=True
        )
        assert mark.value == propose_year(quarters, DEFAULT_RULE)
    assert PeriodMarkChange.objects.filter(mark__in=marks).count() == 5 * subjects
    assert set(
        PeriodClosure.objects.in_force()
        .filter(group__isnull=True)
        .values_list("period__year", flat=True)
    ) >= {past.pk}
    assert PeriodClosure.objects.filter(period__year=past).count() == 4


def test_generate_same_seed_and_date_same_learner_names():
    first = _generate_and_roll_back(scale="demo", today=TODAY)
    second = _generate_and_roll_back(scale="demo", today=TODAY)

    assert len(first) == 308
    assert second == first


def test_generate_other_seed_other_learner_names():
    assert _generate_and_roll_back(scale="demo", seed=18, today=TODAY) != (
        _generate_and_roll_back(scale="demo", today=TODAY)
    )


def test_generate_unknown_scale_raises_validation_error():
    with pytest.raises(ValidationError) as refused:
        generate(scale="town", today=TODAY)

    assert refused.value.messages == ["Неизвестный масштаб «town»: выберите demo или school."]
    assert Organisation.objects.count() == 0


def test_generate_school_scale_1000_learners_in_40_classes():
    summary = generate(scale="school", today=TODAY)

    classes = StudyGroup.objects.filter(programme__level__in=GENERAL_LEVELS)
    assert (summary["learners"], summary["groups"], summary["subjects"]) == (1000, 40, 15)
    assert (Learner.objects.count(), classes.count(), Subject.objects.count()) == (1000, 40, 15)
    assert StudyGroup.objects.exclude(programme__level__in=GENERAL_LEVELS).count() == 1
    assert selectors.uncovered_curriculum(year=AcademicYear.objects.get()) == []
