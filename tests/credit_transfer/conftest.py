"""A small school for credit transfer: 7А of the basic programme (ООО) in the school
year that holds today, split into four quarters without gaps (so today is always in
one: ``school.current_period``); its curriculum for grade 7 (Информатика 34 h, Английский язык
102 h, Физическая культура 68 h, Алгебра 102 h — Алгебра is mandatory at ГИА in grade
9 of the programme); the learner Соколов Михаил with his mother (the applicant,
a parent account with an e-mail) and a second family; the teachers of Информатика
and Английский язык in 7А, a teacher of Информатика in 7Б only; the deputy, the
director and the clerk. ``submitted`` is an application from the mother, signed,
with one line per given subject and one attached extract. Built with
``tests.schools.SchoolBuilder``."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from credit_transfer import services
from credit_transfer.models import Application, Status
from learners.models import AcademicYear, Learner, Role, Sex, StudyGroup, StudyPeriod, Subject
from tests.credit_transfer.factories import (
    ApplicationFactory,
    ApplicationLineFactory,
    AttachmentFactory,
)
from tests.factories import CurriculumLineFactory, ProgrammeFactory
from tests.schools import SchoolBuilder


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


@pytest.fixture
def school(db) -> School:
    build = SchoolBuilder(today=timezone.localdate())
    build.organisation(short_name="МАОУ СОШ № 17", director_name="Смирнова Ольга Викторовна")
    starts = build.year.starts_on
    programme = ProgrammeFactory(name="ООП основного общего образования")
    group = build.group("7А", programme=programme, grade=7)
    other_group = build.group("7Б", programme=programme, grade=7)
    subjects = {
        name: build.subject(name)
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
    learner = build.learner(
        group, "Соколов", "Михаил", "Андреевич", birth_date=date(2013, 3, 12), started_on=starts
    )
    # The documents decline his name by the recorded sex; the factory's default is female.
    learner.sex = Sex.MALE
    learner.save(update_fields=["sex"])
    other_learner = build.learner(other_group, started_on=starts)
    mother = build.user(Role.PARENT, username="sokolova", email="sokolova@example.org",
                        first_name="Елена", last_name="Соколова")  # fmt: skip
    parent = build.parent(learner, user=mother, last_name="Соколова").user
    other_parent = build.parent(other_learner, username="petrova").user
    teachers = {
        label: build.subject_teacher(grp, subject).user
        for label, subject, grp in (
            ("Информатика", "Информатика", group),
            ("Английский язык", "Иностранный язык (английский)", group),
            ("Информатика 7Б", "Информатика", other_group),
        )
    }
    deputy = build.official(Role.DEPUTY, username="zavuch", staff=True)
    director = build.official(Role.DIRECTOR, username="direktor", staff=True)
    clerk = build.official(Role.CLERK, username="clerk", staff=True)
    return School(build.year, build.periods, group, other_group, learner, other_learner, subjects,
                  parent, other_parent, teachers, deputy, director, clerk)  # fmt: skip


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


def reach(school, status, lines=("Информатика",)):
    """An application brought to ``status`` by legal moves."""
    application = make_application(school, lines)
    if status == Status.DRAFT:
        return application
    application = submit(application, school.parent)
    path = {
        Status.SUBMITTED: [],
        Status.UNDER_REVIEW: [Status.UNDER_REVIEW],
        Status.DOCUMENTS_REQUESTED: [Status.UNDER_REVIEW, Status.DOCUMENTS_REQUESTED],
        Status.WITH_TEACHER: [Status.UNDER_REVIEW, Status.WITH_TEACHER],
        Status.WITH_COUNCIL: [Status.UNDER_REVIEW, Status.WITH_COUNCIL],
        Status.DECIDED: [Status.UNDER_REVIEW, Status.DECIDED],
        Status.ORDER_ISSUED: [Status.UNDER_REVIEW, Status.DECIDED, Status.ORDER_ISSUED],
    }[status]
    for to in path:
        actor = school.director if to == Status.ORDER_ISSUED else school.deputy
        application = services.application_transition(
            application=application,
            to=to,
            actor=actor,
            comment="Нужна справка с печатью",
            order_number="12-у",
            order_date=timezone.localdate(),
        )
    return application


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


# What an invalid form with a valid file leaves: a draft holding the file only, so that
# the family need not pick it again; none of the typed values are saved with it.
KEPT_FILE_ONLY = (Status.DRAFT, "", "", 0, ["Справка.pdf"])


def kept_in_draft() -> tuple:
    draft = Application.objects.get()
    return (
        draft.status,
        draft.applicant_name,
        draft.other_name,
        draft.lines.count(),
        sorted(a.original_name for a in draft.attachments.all()),
    )
