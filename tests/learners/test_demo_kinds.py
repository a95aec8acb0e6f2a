"""The demo training company and centre of additional education (`demo_school --kind`):
each builds in an empty database with the same counts on every run, refuses a database
that holds data, and every main role's pages open on it — the test that catches a page
which assumes a school."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum
from django.test import override_settings
from django.urls import reverse

from achievements.models import CellChange, JournalCell, Lesson, MarkKind, PeriodMark
from learners.demo import DemoRefused, additional, training
from learners.demo.data import ADDITIONAL_LOGINS, DEMO_PASSWORD, TRAINING_LOGINS
from learners.models import (
    AcademicYear,
    Consent,
    Customer,
    Enrollment,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    OrganisationKind,
    PeriodKind,
    Programme,
    ProgrammeLevel,
    Role,
    StudyGroup,
    Subject,
    SubjectKind,
    TeachingAssignment,
)
from learners.navigation import start_pages

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 22)
# A day after the first half-year of the centre's year, so it has half-year results.
TODAY_ADDITIONAL = date(2027, 2, 15)
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _built(generate, today):
    with (
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        summary = generate(today=today)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture(scope="class")
def training_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield from _built(training.generate, TODAY)


@pytest.fixture(scope="class")
def additional_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        yield from _built(additional.generate, TODAY_ADDITIONAL)


def _names():
    return list(Learner.objects.order_by("pk").values_list("last_name", "first_name", "patronymic"))


def _generate_and_roll_back(generate, **kwargs):
    with transaction.atomic():
        generate(**kwargs)
        names = _names()
        transaction.set_rollback(True)
    return names


def _logins_and_roles():
    User = get_user_model()
    return {
        u.username: {g.name for g in u.groups.all()}
        for u in User.objects.filter(
            username__in=[x.username for x in TRAINING_LOGINS + ADDITIONAL_LOGINS]
        ).prefetch_related("groups")
    }


def _failed_pages(client, usernames, extra=()):
    """Each login's menu pages (its start page first) and the extra (username, url):
    those that do not answer 200, with the status."""
    User = get_user_model()
    failed = []
    visits = []
    for username in usernames:
        user = User.objects.get(username=username)
        visits += [(user, url) for url, _ in start_pages(user)]
    visits += [(User.objects.get(username=u), url) for u, url in extra]
    for user, url in visits:
        client.force_login(user)
        response = client.get(url, follow=True)
        if response.status_code != 200:
            failed.append((user.username, url, response.status_code))
    return failed


@pytest.mark.usefixtures("training_demo")
class TestTrainingDemo:
    def test_generate_training_returns_summary(self, training_demo):
        assert training_demo == {
            "organisation": "ООО «Учебный центр „Профиль“»",
            "kind": OrganisationKind.TRAINING,
            "learners": 26,
            "groups": 2,
            "programmes": 2,
            "subjects": 9,
            "staff": 8,
            "guardians": 0,
            "contracted": 15,
            "users": 10,
            "lessons": 96,
            "cells": training_demo["cells"],
            "module_results": 76,
        }
        assert training_demo["cells"] == JournalCell.objects.count() == CellChange.objects.count()

    def test_organisation_training_kind_and_requisites(self):
        organisation = Organisation.objects.get()
        assert (organisation.kind, organisation.inn, organisation.ogrn) == (
            OrganisationKind.TRAINING,
            "3662234567",
            "1173668012345",
        )
        assert organisation.director_title == "Генеральный директор"

    def test_year_training_twelve_months_in_two_half_years_holding_today(self):
        year = AcademicYear.objects.get()
        assert (year.name, year.starts_on, year.ends_on, year.period_kind) == (
            "2026/2027",
            date(2026, 7, 1),
            date(2027, 6, 30),
            PeriodKind.HALF_YEAR,
        )
        assert list(year.periods.values_list("number", "starts_on", "ends_on")) == [
            (1, date(2026, 7, 1), date(2026, 12, 31)),
            (2, date(2027, 1, 1), date(2027, 6, 30)),
        ]

    def test_programmes_training_levels_and_hours_with_final_attestation(self):
        rows = {
            p.level: (p.total_hours, p.curriculum.aggregate(h=Sum("hours"))["h"])
            for p in Programme.objects.all()
        }
        # The curriculum's modules and practice, and the final attestation's hours.
        assert rows == {
            ProgrammeLevel.ADVANCED_TRAINING: (72, 68),
            ProgrammeLevel.RETRAINING: (256, 240),
        }
        assert training.SAFETY.final_attestation_hours == 4
        assert training.PERSONNEL.final_attestation_hours == 16

    def test_subjects_training_eight_modules_and_one_practice(self):
        kinds = dict(Subject.objects.values_list("name", "kind"))
        assert sorted(kinds.values()).count(SubjectKind.MODULE) == 8
        assert kinds["Стажировка в кадровой службе"] == SubjectKind.PRACTICE
        scales = dict(Subject.objects.values_list("name", "grading_scale__code"))
        assert scales["Правовые основы охраны труда"] == "pass-fail"
        assert scales["Основы управления персоналом"] == "five-point"

    def test_groups_training_rosters_and_curators(self):
        groups = {
            g.name: (g.enrollments.count(), g.class_teacher.user.username, g.programme.level)
            for g in StudyGroup.objects.select_related("class_teacher__user", "programme")
        }
        assert groups == {
            "ПК-ОТ-11": (12, "klassruk", ProgrammeLevel.ADVANCED_TRAINING),
            "ПП-УП-3": (14, "t0001", ProgrammeLevel.RETRAINING),
        }

    def test_listeners_training_adults_without_guardians(self):
        assert Guardian.objects.count() == Guardianship.objects.count() == 0
        births = Learner.objects.values_list("birth_date", flat=True)
        assert min(births) >= date(1965, 1, 1) and max(births) <= date(2002, 12, 31)
        assert Consent.objects.filter(given_by_learner=True).count() == 26

    def test_customer_training_contracts_cover_most_of_both_groups(self):
        customer = Customer.objects.get()
        assert customer.name == "АО «Энергомаш-Черноземье»"
        assert list(customer.users.values_list("username", flat=True)) == ["zakazchik"]
        by_group = {
            name: customer.enrollments.filter(group__name=name).count()
            for name in ("ПК-ОТ-11", "ПП-УП-3")
        }
        assert by_group == {"ПК-ОТ-11": 10, "ПП-УП-3": 5}
        assert customer.enrollments.first().order_reference.startswith("Договор № ")
        assert Enrollment.objects.filter(customer__isnull=True).count() == 11

    def test_uchenik_training_contracted_listener_of_pp_up_3(self):
        enrollment = Enrollment.objects.get(learner__user__username="uchenik")
        assert (enrollment.group.name, enrollment.customer.name) == (
            "ПП-УП-3",
            "АО «Энергомаш-Черноземье»",
        )

    def test_logins_training_roles_without_parent(self):
        roles = _logins_and_roles()
        assert roles == {
            "zavuch": {Role.DEPUTY.label},
            "direktor": {Role.DIRECTOR.label},
            "uchitel": {Role.TEACHER.label},
            "klassruk": {Role.TEACHER.label, Role.CLASS_TEACHER.label},
            "uchenik": {Role.LEARNER.label},
            "deloproizv": {Role.CLERK.label},
            "zakazchik": {Role.CUSTOMER.label},
            "admin": {Role.ADMINISTRATOR.label},
        }
        assert set(roles) == {x.username for x in TRAINING_LOGINS}
        assert get_user_model().objects.get(username="uchitel").check_password(DEMO_PASSWORD)
        staff = get_user_model().objects.filter(is_staff=True).values_list("username", flat=True)
        assert set(staff) == {"admin", "zavuch", "direktor", "deloproizv"}

    def test_journal_training_lessons_up_to_today_assignments_on_module_scale(self):
        assert not Lesson.objects.filter(date__gt=TODAY).exists()
        assert set(Lesson.objects.values_list("work_kind__name", flat=True)) == {
            "Лекция",
            "Практическое задание",
        }
        marks = set(
            JournalCell.objects.filter(lesson__group__name="ПК-ОТ-11")
            .exclude(marks="")
            .values_list("marks", flat=True)
        )
        assert marks == {"зач", "незач"}
        assert not JournalCell.objects.exclude(marks="").filter(lesson__work_kind__name="Лекция")

    def test_module_results_training_finished_group_all_modules_other_first_two(self):
        results = {
            (group, subject): count
            for group, subject, count in [
                (name, subject, PeriodMark.objects.filter(
                    kind=MarkKind.YEAR, subject__name=subject,
                    learner__enrollments__group__name=name).count())
                for name, course in (("ПК-ОТ-11", training.SAFETY), ("ПП-УП-3", training.PERSONNEL))
                for subject in (m.name for m in course.modules)
            ]
        }  # fmt: skip
        assert list(results.values()) == [12, 12, 12, 12, 14, 14, 0, 0, 0]
        assert not PeriodMark.objects.filter(kind=MarkKind.YEAR, changes__isnull=True).exists()
        # The finished group's last lesson was a fortnight ago: the commission may sit.
        last = Lesson.objects.filter(group__name="ПК-ОТ-11").latest("date").date
        assert last == date(2026, 11, 6)

    def test_generate_training_filled_db_refused(self):
        with pytest.raises(DemoRefused):
            training.generate(today=TODAY)
        with pytest.raises(DemoRefused):
            additional.generate(today=TODAY)

    def test_demo_school_command_training_filled_db_if_empty_reports_existing(self):
        out = StringIO()
        call_command("demo_school", kind="training", if_empty=True, stdout=out)
        lines = out.getvalue().splitlines()
        assert lines[0] == "Данные уже есть — демонстрационная организация не создавалась."
        with pytest.raises(CommandError, match="только в пустой базе"):
            call_command("demo_school", kind="training", stdout=StringIO())

    def test_pages_training_main_roles_answer_200(self, client):
        uchitel = TeachingAssignment.objects.get(
            teacher__user__username="uchitel", subject__name="Подбор, адаптация и оценка персонала"
        )
        finished = StudyGroup.objects.get(name="ПК-ОТ-11")
        year = AcademicYear.objects.get()
        period = year.periods.get(number=1)
        grid = reverse("journal_grid", args=[uchitel.group_id, uchitel.subject_id, period.pk])
        module = Subject.objects.get(name="Правовые основы охраны труда")
        learner = Learner.objects.get(user__username="uchenik")
        failed = _failed_pages(
            client,
            ["zavuch", "direktor", "uchitel", "klassruk", "zakazchik", "uchenik", "deloproizv"],
            extra=[
                ("uchitel", grid),
                ("zavuch", grid),
                ("klassruk", reverse("group_detail", args=[finished.pk])),
                ("klassruk", reverse("journal_year", args=[finished.pk, module.pk, year.pk])),
                ("uchenik", reverse("diary", args=[learner.pk])),
                ("zakazchik", reverse("learner_detail", args=[learner.pk])),
            ],
        )
        assert failed == []


@pytest.mark.usefixtures("additional_demo")
class TestAdditionalDemo:
    def test_generate_additional_returns_summary(self, additional_demo):
        assert {k: v for k, v in additional_demo.items() if k != "cells"} == {
            "organisation": "МБУ ДО «ДДТ „Радуга“»",
            "kind": OrganisationKind.ADDITIONAL,
            "learners": 48,
            "groups": 4,
            "programmes": 4,
            "subjects": 6,
            "staff": 8,
            "guardians": 70,
            "contracted": 0,
            "users": 79,
            "lessons": 180,
            "period_marks": 72,
        }

    def test_year_additional_september_to_august_in_half_years(self):
        year = AcademicYear.objects.get()
        assert (year.name, year.period_kind) == ("2026/2027", PeriodKind.HALF_YEAR)
        assert list(year.periods.values_list("starts_on", "ends_on")) == [
            (date(2026, 9, 1), date(2026, 12, 31)),
            (date(2027, 1, 1), date(2027, 5, 31)),
        ]

    def test_programmes_additional_developing_curriculum_sums_to_total(self):
        rows = sorted(
            (p.name.rsplit("«", 1)[1].rstrip("»"), p.level, p.total_hours,
             p.curriculum.aggregate(h=Sum("hours"))["h"])
            for p in Programme.objects.all()
        )  # fmt: skip
        assert rows == [
            ("Изостудия", ProgrammeLevel.ADDITIONAL_DEVELOPING, 288, 288),
            ("Робототехника", ProgrammeLevel.ADDITIONAL_DEVELOPING, 288, 288),
            ("Хореография", ProgrammeLevel.ADDITIONAL_DEVELOPING, 432, 432),
            ("Шахматы", ProgrammeLevel.ADDITIONAL_DEVELOPING, 144, 144),
        ]
        assert set(Subject.objects.values_list("grading_scale__code", flat=True)) == {"levels"}

    def test_associations_additional_twelve_children_aged_7_to_16(self):
        groups = dict(StudyGroup.objects.values_list("name", "class_teacher__user__username"))
        assert groups == {
            "Робототехника-1": "uchitel",
            "Хореография-2": "klassruk",
            "Изостудия-1": "t0001",
            "Шахматы-1": "t0002",
        }
        assert {g.enrollments.count() for g in StudyGroup.objects.all()} == {12}
        for birth in Learner.objects.values_list("birth_date", flat=True):
            age = (TODAY_ADDITIONAL - birth).days // 365.25
            assert 7 <= age <= 16

    def test_roditel_additional_mother_of_uchenik_and_his_sister(self):
        children = {
            link.learner.first_name: link.learner.enrollments.get().group.name
            for link in Guardianship.objects.filter(guardian__user__username="roditel")
        }
        assert children == {"Михаил": "Робототехника-1", "Алиса": "Хореография-2"}
        assert Learner.objects.get(user__username="uchenik").first_name == "Михаил"
        consented = set(Consent.objects.values_list("learner__first_name", flat=True).filter(
            learner__guardianships__guardian__user__username="roditel"))  # fmt: skip
        assert consented == {"Михаил"}

    def test_logins_additional_roles(self):
        assert _logins_and_roles() == {
            "zavuch": {Role.DEPUTY.label},
            "direktor": {Role.DIRECTOR.label},
            "uchitel": {Role.TEACHER.label, Role.CLASS_TEACHER.label},
            "klassruk": {Role.TEACHER.label, Role.CLASS_TEACHER.label},
            "roditel": {Role.PARENT.label},
            "uchenik": {Role.LEARNER.label},
            "deloproizv": {Role.CLERK.label},
            "admin": {Role.ADMINISTRATOR.label},
        }

    def test_journal_additional_levels_and_half_year_results(self):
        marks = set(JournalCell.objects.exclude(marks="").values_list("marks", flat=True))
        assert marks == {"В", "С", "Н"}
        assert PeriodMark.objects.filter(kind=MarkKind.PERIOD, period__number=1).count() == 72

    def test_pages_additional_main_roles_answer_200(self, client):
        a = TeachingAssignment.objects.get(teacher__user__username="uchitel")
        period = AcademicYear.objects.get().periods.get(number=1)
        grid = reverse("journal_grid", args=[a.group_id, a.subject_id, period.pk])
        son = Learner.objects.get(user__username="uchenik")
        dance = StudyGroup.objects.get(class_teacher__user__username="klassruk")
        failed = _failed_pages(
            client,
            ["zavuch", "direktor", "uchitel", "klassruk", "roditel", "uchenik", "deloproizv"],
            extra=[
                ("uchitel", grid),
                ("uchitel", reverse("group_detail", args=[a.group_id])),
                ("klassruk", reverse("group_detail", args=[dance.pk])),
                ("roditel", reverse("diary", args=[son.pk])),
                ("roditel", reverse("family_consents")),
                ("roditel", reverse("learner_detail", args=[son.pk])),
            ],
        )
        assert failed == []


def test_generate_training_same_seed_same_names_other_seed_other():
    first = _generate_and_roll_back(training.generate, seed=17, today=TODAY)
    again = _generate_and_roll_back(training.generate, seed=17, today=TODAY)
    other = _generate_and_roll_back(training.generate, seed=18, today=TODAY)
    assert first == again
    assert first != other


def test_generate_additional_same_seed_same_names_other_seed_other():
    first = _generate_and_roll_back(additional.generate, seed=17, today=TODAY_ADDITIONAL)
    again = _generate_and_roll_back(additional.generate, seed=17, today=TODAY_ADDITIONAL)
    other = _generate_and_roll_back(additional.generate, seed=18, today=TODAY_ADDITIONAL)
    assert first == again
    assert first != other


def test_demo_school_command_training_prints_counts_and_its_logins():
    out = StringIO()

    call_command("demo_school", kind="training", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith(
        "Создана демонстрационная организация ООО «Учебный центр „Профиль“»: 26 слушателей, "
        "2 учебные группы, 2 программы, 9 модулей и практик, 15 слушателей по договорам "
        "с заказчиком, 8 сотрудников, "
    )
    assert lines[1:3] == ["", "Демонстрационные входы (пароль для всех: uchet-demo):"]
    assert [line.split()[0] for line in lines[3:]] == [x.username for x in TRAINING_LOGINS]
    assert lines[5].startswith("  uchitel     Преподаватель — преподаватель модулей")
    assert lines[6].startswith("  klassruk    Куратор группы — куратор учебной группы ПК-ОТ-11")
    assert Organisation.objects.get().kind == OrganisationKind.TRAINING


def test_demo_school_command_additional_prints_counts_in_its_words():
    out = StringIO()

    call_command("demo_school", kind="additional", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith(
        "Создана демонстрационная организация МБУ ДО «ДДТ „Радуга“»: 48 учащихся, "
        "4 объединения, 4 программы, 6 предметов, 8 сотрудников, 70 родителей, "
    )
    assert [line.split()[0] for line in lines[3:]] == [x.username for x in ADDITIONAL_LOGINS]
    assert "  uchenik     Учащийся — учащийся объединения «Робототехника-1»" in lines


def test_demo_school_command_training_school_scale_refused_nothing_written():
    with pytest.raises(CommandError, match="только у демонстрационной школы"):
        call_command("demo_school", kind="training", scale="school", stdout=StringIO())
    assert not Organisation.objects.exists()
