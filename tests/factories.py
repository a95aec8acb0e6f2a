"""factory-boy factories for the whole project. Roles are real Django groups, made by
the migrations; ``user_with_roles`` attaches them."""

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from learners.models import (
    AcademicYear,
    Consent,
    CurriculumLine,
    Customer,
    Enrollment,
    GradingScale,
    Guardian,
    Guardianship,
    Kinship,
    Learner,
    Organisation,
    Programme,
    ProgrammeLevel,
    Role,
    Sex,
    Staff,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
)

PASSWORD = "test-pass-123"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(*Group.objects.filter(name__in=[Role(r).label for r in extracted]))
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    full_name = "Муниципальное автономное общеобразовательное учреждение «Лицей № 1»"
    short_name = "МАОУ «Лицей № 1»"
    inn = "7701234567"
    kpp = "770101001"
    ogrn = "1027700000001"
    address = "г. Москва, ул. Школьная, д. 1"
    director_name = "Иванова Мария Петровна"
    licence_number = "Л035-01298-77/00123456"
    licence_date = date(2016, 3, 1)


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear
        django_get_or_create = ["name"]

    name = "2026/2027"
    starts_on = date(2026, 9, 1)
    ends_on = date(2027, 5, 31)


class StudyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyPeriod

    year = factory.SubFactory(AcademicYearFactory)
    number = 1
    starts_on = date(2026, 9, 1)
    ends_on = date(2026, 10, 25)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Основная образовательная программа ООО № {n}")
    level = ProgrammeLevel.BASIC
    first_grade = 5
    last_grade = 9


def five_point_scale():
    return GradingScale.objects.get(code="five-point")


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subject

    name = factory.Sequence(lambda n: f"Предмет {n}")
    grading_scale = factory.LazyFunction(five_point_scale)


class CurriculumLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CurriculumLine

    programme = factory.SubFactory(ProgrammeFactory)
    subject = factory.SubFactory(SubjectFactory)
    grade = 5
    hours = 102


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Staff

    user = factory.SubFactory(UserFactory, roles=[Role.TEACHER])
    last_name = factory.Sequence(lambda n: f"Учителева{n}")
    first_name = "Анна"
    patronymic = "Сергеевна"
    position = "учитель"


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyGroup

    year = factory.SubFactory(AcademicYearFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    grade = 5
    name = factory.Sequence(lambda n: f"5-{n}")


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    last_name = factory.Sequence(lambda n: f"Ученикова{n}")
    first_name = "Мария"
    patronymic = "Ивановна"
    birth_date = date(2015, 4, 12)
    sex = Sex.FEMALE
    personal_file_number = factory.Sequence(lambda n: f"ЛД-{n:05d}")


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    learner = factory.SubFactory(LearnerFactory)
    group = factory.SubFactory(StudyGroupFactory)
    programme = factory.SelfAttribute("group.programme")
    started_on = date(2026, 9, 1)


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    user = factory.SubFactory(UserFactory, roles=[Role.PARENT])
    last_name = factory.Sequence(lambda n: f"Родителева{n}")
    first_name = "Елена"
    patronymic = "Павловна"
    phone = "+7 900 000-00-00"


class GuardianshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardianship

    learner = factory.SubFactory(LearnerFactory)
    guardian = factory.SubFactory(GuardianFactory)
    kinship = Kinship.MOTHER


class TeachingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingAssignment

    teacher = factory.SubFactory(StaffFactory)
    subject = factory.SubFactory(SubjectFactory)
    group = factory.SubFactory(StudyGroupFactory)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"ООО «Заказчик {n}»")


class ConsentFactory(factory.django.DjangoModelFactory):
    """A paper consent of the learner's mother, recorded by the clerk."""

    class Meta:
        model = Consent

    learner = factory.SubFactory(LearnerFactory)
    given_by_guardian = factory.LazyAttribute(
        lambda c: GuardianshipFactory(learner=c.learner).guardian
    )
    given_on = date(2026, 9, 1)
    paper = True
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.CLERK])
