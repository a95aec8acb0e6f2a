"""A small school for credit transfer: 7А of the basic programme (ООО) in the school
year that holds today, split into four quarters without gaps (so today is always in
one: ``school.current_period``); its curriculum for grade 7 (Информатика 34 h, Английский язык
102 h, Физическая культура 68 h, Алгебра 102 h — Алгебра is mandatory at ГИА in grade
9 of the programme); the learner Соколов Михаил with his mother (the applicant,
a parent account with an e-mail) and a second family; the teachers of Информатика
and Английский язык in 7А, a teacher of Информатика in 7Б only; the deputy, the
director and the clerk. ``submitted`` is an application from the mother, signed,
with one line per given subject and one attached extract."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from credit_transfer import services
from credit_transfer.models import Application, Status
from learners.models import (
    AcademicYear,
    Learner,
    Role,
    StudyGroup,
    StudyPeriod,
    Subject,
)
from tests.credit_transfer.factories import (
    ApplicationFactory,
    ApplicationLineFactory,
    AttachmentFactory,
)
from tests.factories import (
    AcademicYearFactory,
    CurriculumLineFactory,
    EnrollmentFactory,
    GuardianFactory,
    GuardianshipFactory,
    LearnerFactory,
    OrganisationFactory,
    ProgrammeFactory,
    StaffFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)


@dataclass
class School:
    year: AcademicYear
    periods: list[StudyPeriod]
    group: StudyGroup
    other_group: StudyGroup
    learner: Learner
    other_learner: Learner
    subjects: dict[str, Subject]
    parent: object  # User: the applicant, Соколова
    other_parent: object  # User: a parent of another family
    teachers: dict[str, object]  # Users: "Информатика", "Английский язык", "Информатика 7Б"
    deputy: object
    director: object
    clerk: object

    @property
    def current_period(self) -> StudyPeriod:
        today = timezone.localdate()
        return next(p for p in self.periods if p.starts_on <= today <= p.ends_on)


def school_year(today: date) -> tuple[date, date, list[tuple[date, date]]]:
    """The school year holding today (1 September to 31 August) and its quarters."""
    y = today.year if today.month >= 9 else today.year - 1
    quarters = [
        (date(y, 9, 1), date(y, 11, 4)),
        (date(y, 11, 5), date(y, 12, 31)),
        (date(y + 1, 1, 1), date(y + 1, 3, 31)),
        (date(y + 1, 4, 1), date(y + 1, 8, 31)),
    ]
    return date(y, 9, 1), date(y + 1, 8, 31), quarters


@pytest.fixture
def school(db) -> School:
    OrganisationFactory(short_name="МАОУ СОШ № 17", director_name="Смирнова Ольга Викторовна")
    starts, ends, quarters = school_year(timezone.localdate())
    year = AcademicYearFactory(name=f"{starts.year}/{ends.year}", starts_on=starts, ends_on=ends)
    periods = [
        StudyPeriodFactory(year=year, number=n, starts_on=a, ends_on=b)
        for n, (a, b) in enumerate(quarters, start=1)
    ]
    programme = ProgrammeFactory(name="ООП основного общего образования")
    group = StudyGroupFactory(year=year, programme=programme, grade=7, name="7А")
    other_group = StudyGroupFactory(year=year, programme=programme, grade=7, name="7Б")
    subjects = {
        name: SubjectFactory(name=name)
        for name in (
            "Информатика",
            "Иностранный язык (английский)",
            "Физическая культура",
            "Алгебра",
            "Химия",
        )
    }
    for name, hours in (
        ("Информатика", 34),
        ("Иностранный язык (английский)", 102),
        ("Физическая культура", 68),
        ("Алгебра", 102),
    ):
        CurriculumLineFactory(programme=programme, subject=subjects[name], grade=7, hours=hours)
    CurriculumLineFactory(
        programme=programme, subject=subjects["Алгебра"], grade=9, hours=102,
        is_state_exam_mandatory=True,
    )  # fmt: skip
    learner = EnrollmentFactory(
        group=group,
        started_on=starts,
        learner=LearnerFactory(last_name="Соколов", first_name="Михаил", patronymic="Андреевич",
                               birth_date=date(2013, 3, 12)),
    ).learner  # fmt: skip
    other_learner = EnrollmentFactory(group=other_group, started_on=starts).learner
    parent = UserFactory(username="sokolova", email="sokolova@example.org", roles=[Role.PARENT],
                         first_name="Елена", last_name="Соколова")  # fmt: skip
    GuardianshipFactory(
        learner=learner, guardian=GuardianFactory(user=parent, last_name="Соколова")
    )
    other_parent = UserFactory(username="petrova", roles=[Role.PARENT])
    GuardianshipFactory(learner=other_learner, guardian=GuardianFactory(user=other_parent))
    teachers = {}
    for label, subject, grp in (
        ("Информатика", "Информатика", group),
        ("Английский язык", "Иностранный язык (английский)", group),
        ("Информатика 7Б", "Информатика", other_group),
    ):
        staff = StaffFactory(user=UserFactory(roles=[Role.TEACHER]))
        TeachingAssignmentFactory(teacher=staff, subject=subjects[subject], group=grp)
        teachers[label] = staff.user
    deputy = StaffFactory(user=UserFactory(username="zavuch", roles=[Role.DEPUTY])).user
    director = StaffFactory(user=UserFactory(username="direktor", roles=[Role.DIRECTOR])).user
    clerk = StaffFactory(user=UserFactory(username="clerk", roles=[Role.CLERK])).user
    return School(year, periods, group, other_group, learner, other_learner, subjects, parent,
                  other_parent, teachers, deputy, director, clerk)  # fmt: skip


def make_application(school: School, lines, *, period=None, **fields) -> Application:
    """A complete draft from the mother with the given lines: each a subject name or
    a dict of ApplicationLine fields with "subject" as a name."""
    enrollment = school.learner.enrollments.get(group=school.group)
    application = ApplicationFactory(
        group_enrollment=enrollment, applicant=school.parent, period=period, **fields
    )
    for order, line in enumerate(lines):
        data = {"subject": line} if isinstance(line, str) else dict(line)
        data["subject"] = school.subjects[data["subject"]]
        ApplicationLineFactory(application=application, order=order, **data)
    AttachmentFactory(application=application)
    return application


def submit(application: Application, actor) -> Application:
    return services.application_transition(
        application=application, to=Status.SUBMITTED, actor=actor
    )


@pytest.fixture
def submitted(school):
    """Make and submit an application: submitted(lines, period=None, **fields)."""

    def make(lines=("Информатика",), **fields):
        application = make_application(school, lines, **fields)
        return submit(application, school.parent)

    return make


@pytest.fixture
def today():
    return timezone.localdate()


def application_fields(school, **changes) -> dict:
    """Every field of a complete application as the form posts it: the mother asks to
    credit Informatics taken at an IT club for the year. A change to None drops the
    field."""
    data = {
        "learner": school.learner.pk,
        "applicant_name": "Соколова  Елена Павловна",
        "passport_series": "20 14",
        "passport_number": "654321",
        "passport_issued_by": "ГУ МВД России по Воронежской области",
        "passport_issued_on": "2015-06-01",
        "registration_address": "394036, г. Воронеж, ул. Кольцовская, д. 5, кв. 12",
        "phone": "8 910 123 45 67",
        "other_name": "ГБУ ДО «IT-куб»",
        "other_address": "394000, г. Воронеж, пр-т Революции, д. 1",
        "other_licence_number": "Л035-01234-36/00111111",
        "other_licence_date": "2019-08-01",
        "other_accreditation_number": "",
        "other_accreditation_date": "",
        "subject_area": "Математика и информатика",
        "programme_name": "Основы программирования",
        "ground": "elsewhere",
        "ground_details": "",
        "target": "year",
        "wants_exemption": "on",
        "consent": "on",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "20",
        "lines-0-subject": school.subjects["Информатика"].pk,
        "lines-0-external_name": "Информатика",
        "lines-0-external_scale": "five_point",
        "lines-0-external_result": "отлично",
        "lines-0-external_hours": "34",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
